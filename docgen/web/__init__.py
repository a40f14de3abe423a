"""docgen serve: the page in the browser (routes, limits, security, the worker pool, static assets). Its
libraries (Starlette, uvicorn, python-multipart) are the optional extra docgen[web]."""

from __future__ import annotations

from typing import Any

WEB_MODULES = ("starlette", "uvicorn", "multipart", "python_multipart")


def serve(**options: Any) -> None:
    """Run the server until Ctrl-C (see server.serve); without the web extra, a ToolMissing that says
    what to install."""
    from ..console import WEB_MISSING, WEB_MISSING_HINT
    from ..errors import ToolMissing

    try:
        from .server import serve as run
    except ModuleNotFoundError as err:
        if (err.name or "").split(".")[0] not in WEB_MODULES:
            raise
        raise ToolMissing(WEB_MISSING, hint=WEB_MISSING_HINT) from None
    run(**options)
