"""Run the page: bind the socket first (a port in use is the user's error, said in Chinese), print the
address (and, off loopback, the warning and the access code), open the browser, serve with uvicorn
until Ctrl-C, then stop the workers."""

from __future__ import annotations

import errno
import socket
import threading
import webbrowser
from typing import Callable

import uvicorn

from ..console import SERVE_STOPPED, serve_lines
from ..errors import OutputError, UsageProblem
from .app import Settings, create_app
from .security import is_loopback, new_code


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP said, not 0: asyncio sets TCP_NODELAY only on sockets that say it, and without it a
    # kept-alive connection waits for a delayed ACK (40 ms) before each response's body.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: SO_REUSEADDR there would let two servers share a port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
    else:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE or getattr(err, "winerror", None) == 10048:
            raise OutputError(f"端口 {port} 已被占用（可能 docgen serve 已经在运行）",
                              hint=f"请打开已经在运行的页面，或用 --port 换一个端口，如 --port {port + 1}") from None
        raise UsageProblem(f"无法使用地址 {host}（{err.strerror or err}）",
                           hint="请检查 --host 是否是本机的地址；只在本机使用时不要加 --host") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def address(host: str, port: int) -> str:
    """The address to open: on a wildcard bind, this machine's address on its network (what colleagues
    type), else the bound one."""
    shown = (network_address() or "127.0.0.1") if host in ("0.0.0.0", "::", "") else host
    shown = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown
    return f"http://{shown}:{port}/"


def network_address() -> str | None:
    """The address this machine's default route leaves from (a UDP connect sends nothing)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        found = probe.getsockname()[0]
        return None if found.startswith("0.") else found
    except OSError:
        return None
    finally:
        probe.close()


def serve(*, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = True, allow_templates: bool = False,
          say: Callable[[str], None] = print) -> None:
    code = None if is_loopback(host) else new_code()  # off loopback the page asks for an access code
    sock = bind(host, port)
    port = sock.getsockname()[1]
    url = address(host, port)
    first = f"{url}?token={code}" if code else url
    app = create_app(Settings(host=host, port=port, code=code, allow_templates=allow_templates))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    for line in serve_lines(url, code=code):
        say(line)
    if open_browser:
        threading.Thread(target=_open_when_ready, args=(server, first), daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shut down gracefully, then raised the Ctrl-C it had caught
        pass
    finally:
        sock.close()
    say(SERVE_STOPPED)


def _open_when_ready(server: uvicorn.Server, url: str) -> None:
    for _ in range(100):
        if server.started:
            webbrowser.open(url)
            return
        threading.Event().wait(0.1)
