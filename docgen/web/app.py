"""The Starlette app of docgen serve: its routes, each one piece of work in the worker pool; nothing is
kept after a response (the work runs in temporary folders the workers remove, the uploads are closed)."""

from __future__ import annotations

import base64
import contextlib
import json
import logging
from dataclasses import dataclass
from typing import Any, AsyncIterator

from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from .. import api
from . import pages, work
from .batches import ZIP_NAME, run_batch
from .limits import (FORM_SLACK, MAX_BATCH_BYTES, MAX_BATCH_FILES, MAX_FILE_BYTES, Refused, content_disposition,
                     display_name, download_name, read_form, sniff, zip_members)
from .security import Guard, Hosts
from .workers import Workers

log = logging.getLogger("docgen.web")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ONE_FILE = MAX_FILE_BYTES + FORM_SLACK
WITH_TEMPLATE = 2 * MAX_FILE_BYTES + FORM_SLACK
STATIC = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    code: str | None = None  # the access code; None on loopback
    allow_templates: bool = False
    workers: int | None = None  # default: batch's (one per CPU)
    waiting: int | None = None  # requests that may wait for a worker (default workers.MAX_WAITING)


def create_app(settings: Settings | None = None) -> Guard:
    settings = settings or Settings()
    pool = Workers(settings.workers) if settings.waiting is None else Workers(settings.workers, settings.waiting)
    presets = api.presets()
    names = {p.name for p in presets}
    pdf = _has_soffice()

    def page(result: str = "", imported: str = "") -> str:
        return pages.index(presets, pdf=pdf, templates=settings.allow_templates, result=result, imported=imported)

    def answer(request: Request, fragment: str, status: int = 200) -> HTMLResponse:
        """The fragment alone for the page's script, else the whole page with it in its place (without
        JavaScript the form navigates; the page's own buttons then work on a file chosen again)."""
        if request.headers.get("x-docgen-fragment") == "1":
            return HTMLResponse(fragment, status_code=status)
        if request.url.path.startswith("/import"):
            return HTMLResponse(page(imported=fragment), status_code=status)
        return HTMLResponse(page(fragment), status_code=status)

    async def index(request: Request) -> Response:
        return HTMLResponse(page())

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            raise HTTPException(404)
        text = pages.stylesheet() if name == "style.css" else pages.asset(name)
        return Response(text, media_type=STATIC[name])

    async def blank(request: Request) -> Response:
        kind = request.query_params.get("kind", "")
        preset = request.query_params.get("preset", "")
        if preset and preset not in names:  # never a path on this machine: only the shipped presets
            raise Refused(400, f"没有名为“{preset[:40]}”的预设")
        reply = await pool.run(work.new, kind=kind, preset=preset)
        if reply.error:
            raise Refused(400, reply.error)
        label = "-".join(filter(None, [preset, kind])) or "空白"
        return _download(reply.data, f"{label}-工作簿.xlsx", XLSX)

    async def example(request: Request) -> Response:
        reply = await pool.run(work.new, example=True)
        return _download(reply.data, "示例工作簿.xlsx", XLSX)

    async def check(request: Request) -> Response:
        async with _upload(pool, request, "workbook", ONE_FILE) as (shown, data, _):
            _require_workbook(data)
            reply = await pool.run(work.check, data, shown)
        return answer(request, pages.checked(shown, reply))

    async def make(request: Request) -> Response:
        limit = WITH_TEMPLATE if settings.allow_templates else ONE_FILE
        async with _upload(pool, request, "workbook", limit) as (shown, data, form):
            _require_workbook(data)
            template = await _template(form, settings.allow_templates)
            as_pdf = form.get("format") == "pdf"
            if as_pdf and not pdf:
                _require_soffice()
            fonts = _fonts(form)
            reply = await pool.run(work.make, data, shown, fonts=fonts, pdf=as_pdf and pdf, template=template)
        if reply.data is None:
            return answer(request, pages.not_made(shown, reply), 422)
        if as_pdf and pdf:
            return _download(reply.data, download_name(shown, ".pdf"), "application/pdf")
        return _download(reply.data, download_name(shown, ".docx"), DOCX)

    async def fix(request: Request) -> Response:
        async with _upload(pool, request, "workbook", ONE_FILE) as (shown, data, _):
            _require_workbook(data)
            reply = await pool.run(work.fix, data, shown)
        if reply.data is None:
            return answer(request, pages.error_line(reply.error), 422)
        return _download(reply.data, download_name(shown, "-改正后.xlsx"), XLSX)

    async def import_reply(request: Request) -> tuple[str, Any]:
        async with _upload(pool, request, "document", ONE_FILE) as (shown, data, _):
            kind = sniff(data)
            suffix = {"text": ".txt", "xlsx": ".xlsx"}.get(kind, ".docx")  # from its bytes, not its name
            return shown, await pool.run(work.import_document, data, shown, suffix)

    async def import_check(request: Request) -> Response:
        shown, reply = await import_reply(request)
        return answer(request, pages.imported(shown, reply), 422 if reply.error else 200)

    async def import_download(request: Request) -> Response:
        shown, reply = await import_reply(request)
        if reply.data is None:
            return answer(request, pages.error_line(reply.error), 422)
        return _download(reply.data, download_name(shown, ".xlsx"), XLSX)

    async def batch(request: Request) -> Response:
        pool.admit_batch()
        form = await read_form(request, MAX_BATCH_BYTES + FORM_SLACK, max_files=MAX_BATCH_FILES + 1)
        try:
            items = await _batch_items(form)
            template = await _template(form, settings.allow_templates)
            fonts = _fonts(form)
        finally:
            await form.close()
        if request.headers.get("x-docgen-progress") == "1":
            return StreamingResponse(_progress(pool, items, fonts, template), media_type="application/x-ndjson")
        outcome = await run_batch(pool, items, fonts=fonts, template=template)
        return _download(outcome.archive, ZIP_NAME, "application/zip")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool.start()
        try:
            yield
        finally:
            pool.stop()

    routes = [
        Route("/", index), Route("/static/{name}", static), Route("/blank", blank), Route("/example", example),
        Route("/check", check, methods=["POST"]), Route("/make", make, methods=["POST"]),
        Route("/fix", fix, methods=["POST"]), Route("/import/check", import_check, methods=["POST"]),
        Route("/import", import_download, methods=["POST"]), Route("/batch", batch, methods=["POST"]),
    ]
    handlers = {Refused: _refused, HTTPException: _http_error, Exception: _internal}
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers=handlers)  # type: ignore[arg-type]
    app.state.pool = pool
    return Guard(app, Hosts.bound(settings.host, settings.port), settings.code, _message_page, _login_page)


def _require_soffice() -> None:
    """PDF asked of a server without LibreOffice: what make --pdf says."""
    from ..errors import DocgenError

    try:
        api.pdf_converter()
    except DocgenError as err:
        raise Refused(422, str(err)) from None


def _has_soffice() -> bool:
    from ..pdf.office import find_soffice

    return find_soffice() is not None


@contextlib.asynccontextmanager
async def _upload(pool: Workers, request: Request, field: str,
                  limit: int) -> AsyncIterator[tuple[str, bytes, FormData]]:
    """The one file of `field` (its shown name, bytes) and the form; the form closed when done. A full
    queue refuses before the upload is read."""
    pool.admit()
    form = await read_form(request, limit)
    try:
        upload = form.get(field)
        if not isinstance(upload, UploadFile):
            raise Refused(400, "没有收到文件：请先选择文件，再点按钮")
        data = await upload.read()
        yield display_name(upload.filename), data, form
    finally:
        await form.close()


def _require_workbook(data: bytes) -> None:
    if sniff(data) == "zip":
        raise Refused(422, "这是一个 .zip 压缩包，不是工作簿：多个工作簿请在下面的“批量生成”中上传")


def _fonts(form: FormData) -> str:
    fonts = form.get("fonts") or "standard"
    if fonts not in api.FONT_SETS:
        raise Refused(400, f"字体方案只能是 {' 或 '.join(api.FONT_SETS)}")
    return str(fonts)


async def _template(form: FormData, allowed: bool) -> bytes | None:
    upload = form.get("template")
    if not isinstance(upload, UploadFile) or not (upload.filename or upload.size):
        return None
    if not allowed:
        raise Refused(403, "这个服务器不接受上传模板：模板是程序，只有启动时加了 --allow-templates 才能上传")
    data = await upload.read()
    return data or None


async def _batch_items(form: FormData) -> list[tuple[str, bytes]]:
    items: list[tuple[str, bytes]] = []
    for upload in form.getlist("workbooks"):
        if not isinstance(upload, UploadFile):
            continue
        data = await upload.read()
        if sniff(data) == "zip":  # a .zip of workbooks, known from its bytes
            items += zip_members(data)
        elif data or upload.filename:
            items.append((display_name(upload.filename), data))
    if not items:
        raise Refused(400, "没有收到工作簿：请选择多个 .xlsx 文件，或一个 .zip 压缩包")
    if len(items) > MAX_BATCH_FILES:
        raise Refused(413, f"一次最多处理 {MAX_BATCH_FILES} 个工作簿，请分几次上传")
    return items


async def _progress(pool: Workers, items: list[tuple[str, bytes]], fonts: str,
                    template: bytes | None) -> AsyncIterator[bytes]:
    """One JSON line per finished workbook, then the table and the .zip (base64) in the last line."""
    import asyncio

    queue: asyncio.Queue[tuple[int, int, str]] = asyncio.Queue()
    task = asyncio.ensure_future(run_batch(pool, items, fonts=fonts, template=template,
                                           progress=lambda d, t, n: queue.put_nowait((d, t, n))))
    yield _line({"done": 0, "total": len(items), "name": ""})
    try:
        while not task.done() or not queue.empty():
            getter = asyncio.ensure_future(queue.get())
            await asyncio.wait({getter, task}, return_when=asyncio.FIRST_COMPLETED)
            if getter.done():
                done, total, name = getter.result()
                yield _line({"done": done, "total": total, "name": name})
            else:
                getter.cancel()
        outcome = task.result()
    except Exception:
        log.exception("batch failed")
        yield _line({"html": pages.error_line("内部错误，未能完成批量生成，请重试")})
        return
    finally:
        if not task.done():
            task.cancel()
    yield _line({"html": pages.batch_table(outcome.rows, outcome.total), "name": ZIP_NAME,
                 "zip": base64.b64encode(outcome.archive).decode("ascii")})


def _line(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def _download(data: bytes | None, name: str, media_type: str) -> Response:
    assert data is not None
    return Response(data, media_type=media_type, headers={"content-disposition": content_disposition(name)})


def _message_page(text: str, status: int) -> Response:
    return HTMLResponse(pages.message(text), status_code=status)


def _login_page(error: str) -> Response:
    return HTMLResponse(pages.login(error), status_code=403 if error else 200)


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refused)
    if request.headers.get("x-docgen-fragment") == "1" or request.headers.get("x-docgen-progress") == "1":
        return HTMLResponse(pages.error_line(exc.message), status_code=exc.status)
    return HTMLResponse(pages.message(exc.message), status_code=exc.status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    text = {404: "没有这个页面", 405: "不能这样访问这个地址"}.get(exc.status_code, "请求有误")
    return HTMLResponse(pages.message(text), status_code=exc.status_code)


async def _internal(request: Request, exc: Exception) -> Response:
    """Never a stack trace in the browser: the person who started the server sees it in their window."""
    log.error("内部错误", exc_info=exc)
    return HTMLResponse(pages.message("内部错误：这不是您的文件的问题。请重试一次；仍然不行时，请把工作簿发给管理员"),
                        status_code=500)
