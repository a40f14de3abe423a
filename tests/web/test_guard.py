"""What docgen serve refuses and how its responses protect the page: upload limits (before the body when
its length is said, while it streams otherwise), the full queue, Host and Origin, the access code, the
headers, download names, and no stack trace in the browser."""

from __future__ import annotations

import asyncio
import io
import re
import time
import zipfile
from urllib.parse import quote, unquote

import pytest
from conftest import EXAMPLE, client_for
from starlette.testclient import TestClient

from docgen import console
from docgen.web import limits, pages
from docgen.web.app import Settings, create_app
from docgen.web.limits import MAX_BATCH_FILES, MAX_FILE_BYTES, Refused
from docgen.web.security import COOKIE, Hosts
from docgen.web.workers import Workers


async def _call(app, method: str, path: str, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> dict:
    """Call the ASGI app directly; count the body chunks it asked for."""
    sent: dict = {"asked": 0, "status": None, "body": b""}
    queue = list(chunks)

    async def receive() -> dict:
        sent["asked"] += 1
        if not queue:
            return {"type": "http.disconnect"}
        chunk = queue.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(queue)}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]
            sent["headers"] = dict(message["headers"])
        elif message["type"] == "http.response.body":
            sent["body"] += message.get("body", b"")

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(b"host", b"127.0.0.1:8000"), *headers], "scheme": "http", "http_version": "1.1",
             "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 5000), "root_path": ""}
    await app(scope, receive, send)
    return sent


MULTIPART = (b"content-type", b"multipart/form-data; boundary=XyZ")


@pytest.mark.parametrize("path", ["/check", "/make", "/fix", "/import", "/import/check", "/batch"])
def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(path: str) -> None:
    app = create_app(Settings(workers=1))
    length = str(limits.MAX_BATCH_BYTES * 2).encode()
    sent = asyncio.run(_call(app, "POST", path, [MULTIPART, (b"content-length", length)], [b"x" * 1024] * 4))
    assert sent["status"] == 413 and sent["asked"] == 0
    assert "上传的文件太大：每个文件最多 20 MB" in sent["body"].decode()


def test_a_body_without_a_length_is_stopped_once_it_streams_past_the_limit() -> None:
    app = create_app(Settings(workers=1))
    head = b'--XyZ\r\nContent-Disposition: form-data; name="workbook"; filename="a.xlsx"\r\n\r\n'
    chunk = b"PK" + b"\0" * (1024 * 1024 - 2)
    chunks = [head] + [chunk] * 60  # 60 MB, three times what one file may be
    sent = asyncio.run(_call(app, "POST", "/check", [MULTIPART], chunks))
    assert sent["status"] == 413 and 20 <= sent["asked"] <= 23  # stopped just past 20 MB, not at 60


def test_one_file_of_a_batch_over_20_mb_is_refused(client: TestClient) -> None:
    big = b"PK" + b"\0" * (MAX_FILE_BYTES + 10)
    response = client.post("/batch", files=[("workbooks", ("一.xlsx", EXAMPLE.read_bytes())),
                                            ("workbooks", ("大.xlsx", big))])
    assert response.status_code == 413 and "每个文件最多 20 MB" in response.text


def test_more_than_200_workbooks_are_refused(client: TestClient) -> None:
    for count in (MAX_BATCH_FILES + 1, 1000):  # counted after the form, or by the form's parser
        files = [("workbooks", (f"{i}.xlsx", b"PK")) for i in range(count)]
        response = client.post("/batch", files=files)
        assert response.status_code == 413 and "一次最多处理 200 个工作簿" in response.text
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(MAX_BATCH_FILES + 1):
            zf.writestr(f"{i}.xlsx", b"PK")
    response = client.post("/batch", files=[("workbooks", ("many.zip", archive.getvalue()))])
    assert response.status_code == 413 and "一次最多处理 200 个工作簿" in response.text


def test_a_zip_member_that_inflates_past_the_limit_is_refused_unread(client: TestClient) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("炸弹.xlsx", b"\0" * (MAX_FILE_BYTES + 1024))  # 20 MB of zeros: about 20 KB packed
    assert len(archive.getvalue()) < 100_000
    response = client.post("/batch", files=[("workbooks", ("bomb.zip", archive.getvalue()))])
    assert response.status_code == 413 and "炸弹.xlsx 太大" in response.text


def test_an_upload_that_is_not_a_form_or_has_no_file_is_refused(client: TestClient) -> None:
    assert client.post("/check", content=b"raw", headers={"content-type": "application/octet-stream"}).status_code == 415
    missing = client.post("/check", files={"other": ("a.xlsx", b"PK")})
    assert missing.status_code == 400 and "没有收到文件" in missing.text
    assert client.get("/check").status_code == 405


def test_a_template_is_refused_unless_the_server_allows_templates(tmp_path) -> None:
    from docgen.rendering.engine import default_template

    files = {"workbook": ("一支部.xlsx", EXAMPLE.read_bytes()), "template": ("模板.docx", default_template().read_bytes())}
    with client_for(Settings(workers=1)) as plain:
        refused = plain.post("/make", files=files)
        assert refused.status_code == 403 and "--allow-templates" in refused.text
    with client_for(Settings(workers=1, allow_templates=True)) as allowing:
        assert 'name="template"' in allowing.get("/").text
        made = allowing.post("/make", files=files)
        assert made.status_code == 200 and made.content[:2] == b"PK"


def test_a_full_queue_answers_503_at_once(client: TestClient) -> None:
    pool = client.app.app.state.pool  # type: ignore[attr-defined]
    saved = pool.active
    pool.active = pool.capacity
    try:
        started = time.monotonic()
        response = client.post("/check", files={"workbook": ("一.xlsx", EXAMPLE.read_bytes())})
        assert response.status_code == 503 and console.BUSY in response.text and "请稍后再试" in response.text
        assert client.post("/batch", files=[("workbooks", ("一.xlsx", EXAMPLE.read_bytes()))]).status_code == 503
        assert time.monotonic() - started < 5
    finally:
        pool.active = saved


def test_a_full_queue_refuses_before_reading_the_upload(client: TestClient) -> None:
    pool = client.app.app.state.pool  # type: ignore[attr-defined]
    saved = pool.active
    pool.active = pool.capacity
    try:
        for path in ("/check", "/make", "/fix", "/import", "/batch"):
            sent = asyncio.run(_call(client.app, "POST", path, [MULTIPART], [b"x" * 1024] * 4))
            assert sent["status"] == 503 and sent["asked"] == 0, path
    finally:
        pool.active = saved


def test_the_pool_refuses_beyond_its_queue_while_workers_are_busy() -> None:
    async def scenario() -> list[object]:
        pool = Workers(1, waiting=1)
        try:
            slow = [asyncio.ensure_future(pool.run(time.sleep, 0.6)) for _ in range(2)]
            await asyncio.sleep(0.05)
            started = time.monotonic()
            with pytest.raises(Refused) as refused:
                await pool.run(time.sleep, 0)
            quick = time.monotonic() - started
            await asyncio.gather(*slow)
            return [refused.value.status, quick]
        finally:
            pool.stop()

    status, quick = asyncio.run(scenario())
    assert status == 503 and quick < 0.5


def test_a_worker_that_dies_fails_its_request_and_the_next_one_runs() -> None:
    import os

    from docgen.web import work

    async def scenario() -> tuple[Refused, object]:
        pool = Workers(1)
        try:
            with pytest.raises(Refused) as died:
                await pool.run(os._exit, 3)  # as the system ends a worker out of memory
            return died.value, await pool.run(work.new, example=True)
        finally:
            pool.stop()

    died, reply = asyncio.run(scenario())
    assert died.status == 500 and "处理进程意外退出" in died.message
    assert reply.data[:2] == b"PK"


@pytest.mark.parametrize("host", ["evil.example:8000", "127.0.0.1:9999", "localhost.evil.example:8000", ""])
def test_a_host_other_than_the_bound_address_is_refused(client: TestClient, host: str) -> None:
    response = client.get("/", headers={"host": host})
    assert response.status_code == 421 and "docgen serve 启动时显示的地址" in response.text


def test_loopback_names_and_a_wildcard_bind() -> None:
    loopback = Hosts.bound("127.0.0.1", 8000)
    assert loopback.allows("localhost:8000") and loopback.allows("[::1]:8000") and loopback.allows("127.0.0.1:8000")
    assert not loopback.allows("192.168.1.5:8000")
    wildcard = Hosts.bound("0.0.0.0", 8000)
    assert wildcard.allows("192.168.1.5:8000") and wildcard.allows("[fe80::1]:8000")
    assert not wildcard.allows("attacker.example:8000") and not wildcard.allows("192.168.1.5:80")
    named = Hosts.bound("192.168.1.5", 80)
    assert named.allows("192.168.1.5") and not named.allows("10.0.0.1")


@pytest.mark.parametrize("headers", [{"origin": "http://evil.example"}, {"origin": "null"},
                                     {"origin": "http://127.0.0.1:8001"}, {"sec-fetch-site": "cross-site"}])
def test_a_post_from_another_site_is_refused(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/make", files={"workbook": ("一.xlsx", EXAMPLE.read_bytes())}, headers=headers)
    assert response.status_code == 403 and "来自其他网站" in response.text
    same = client.post("/check", files={"workbook": ("一.xlsx", EXAMPLE.read_bytes())},
                       headers={"origin": "http://127.0.0.1:8000", "sec-fetch-site": "same-origin"})
    assert same.status_code == 200


def test_the_access_code_lets_a_browser_in_once_then_a_cookie_does() -> None:
    with client_for(Settings(host="0.0.0.0", port=8000, workers=1, code="sesame-123")) as client:
        client.base_url = "http://192.168.1.5:8000"
        login = client.get("/")
        assert client.get("/static/style.css").status_code == 200  # the login page's own style
        assert login.status_code == 200 and "请输入访问码" in login.text and "下载空白工作簿" not in login.text
        assert client.get("/example").status_code == 403
        assert client.post("/check", files={"workbook": ("a.xlsx", b"PK")}).status_code == 403
        assert client.get("/?token=wrong").status_code == 403
        entered = client.get("/?token=sesame-123")
        assert entered.status_code == 303 and entered.headers["location"] == "/"
        cookie = entered.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
        assert "sesame-123" not in cookie
        assert "下载空白工作簿" in client.get("/").text  # the cookie from now on
        assert client.get("/example").status_code == 200
        client.cookies.clear()
        assert client.post("/login", data={"code": "nope"}).status_code == 403
        typed = client.post("/login", data={"code": "sesame-123"})
        assert typed.status_code == 303 and COOKIE in typed.headers["set-cookie"]


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for response in (client.get("/"), client.get("/static/app.js"), client.get("/example"), client.get("/nope"),
                     client.get("/", headers={"host": "evil.example"}),
                     client.post("/check", files={"workbook": ("a.xlsx", b"x")})):
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_no_stack_trace_reaches_the_browser(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> str:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(pages, "checked", broken)
    response = client.post("/check", files={"workbook": ("一.xlsx", EXAMPLE.read_bytes())})
    assert response.status_code == 500 and "内部错误" in response.text
    assert "Traceback" not in response.text and "secret internal detail" not in response.text
    assert "RuntimeError" not in response.text and ".py" not in response.text


@pytest.mark.parametrize(("client_name", "shown"), [
    ("../../etc/passwd.xlsx", "passwd.xlsx"), ("C:\\Users\\张三\\一支部.xlsx", "一支部.xlsx"),
    ("a\u202eslx.exe", "aslx.exe"), ("con.xlsx", "con_.xlsx"), ("...", "工作簿"), ("", "工作簿"),
    ('x"; filename=evil.sh', "x; filename=evil.sh"), ("\x00\x1f二支部.xlsx", "二支部.xlsx"),
])
def test_download_names_are_sanitised(client_name: str, shown: str) -> None:
    assert limits.display_name(client_name) == shown
    header = limits.content_disposition(limits.download_name(client_name, ".docx"))
    ascii_part = re.search(r'filename="([^"]*)"', header).group(1)
    assert "/" not in ascii_part and "\\" not in ascii_part and '"' not in ascii_part and ";" not in ascii_part
    encoded = re.search(r"filename\*=UTF-8''(.+)$", header).group(1)
    assert encoded == quote(unquote(encoded), safe="") and "/" not in unquote(encoded)


def test_the_chinese_download_name_goes_in_filename_star(client: TestClient) -> None:
    response = client.post("/make", files={"workbook": ("../一支部.xlsx", EXAMPLE.read_bytes())})
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"___.docx\"; filename*=UTF-8''%E4%B8%80%E6%94%AF%E9%83%A8.docx")


def test_pdf_without_libreoffice_says_what_make_pdf_says(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
    with client_for(Settings(workers=1)) as client:
        assert 'value="pdf"' not in client.get("/").text
        response = client.post("/make", files={"workbook": ("一.xlsx", EXAMPLE.read_bytes())}, data={"format": "pdf"})
    assert response.status_code == 422 and "未找到 LibreOffice，无法生成 PDF" in response.text
