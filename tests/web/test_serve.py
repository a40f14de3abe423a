"""`docgen serve` as a user starts it: a real uvicorn server in its own process that answers within a few
seconds, says its address in Chinese, asks for an access code off loopback, stops cleanly on Ctrl-C, and
without the web extra says exactly what to install."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from docgen import console

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}


def start(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    """`docgen serve --port 0 --no-browser ARGS`, and the lines it printed once it listens."""
    process = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--port", "0", "--no-browser", *args],
                               cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               encoding="utf-8")
    assert process.stdout is not None
    lines = [process.stdout.readline().rstrip("\n")]
    assert lines[0].startswith("docgen 网页已启动："), (lines, process.stderr.read() if process.poll() else "")
    lines += [process.stdout.readline().rstrip("\n") for _ in range(3 if args else 1)]
    return process, lines


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8"), dict(err.headers)


def stop(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    return process.returncode, out, err


@pytest.fixture
def server() -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    started = time.monotonic()
    process, lines = start()
    process.started_in = time.monotonic() - started  # type: ignore[attr-defined]
    try:
        yield process, lines
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_serve_starts_answers_and_stops_on_ctrl_c(server: tuple[subprocess.Popen[str], list[str]]) -> None:
    process, lines = server
    (url,) = re.findall(r"http://127\.0\.0\.1:\d+/", lines[0])
    assert lines[1] == "请在浏览器中打开上面的地址；按 Ctrl-C 停止。"
    status, page, headers = get(url)
    assert status == 200 and "下载空白工作簿" in page and "frame-ancestors 'none'" in headers["content-security-policy"]
    assert process.started_in < 10  # type: ignore[attr-defined]
    # the workers answer too: a real upload through the real server
    with (ROOT / "data" / "example.xlsx").open("rb") as fh:
        body = (b"--B\r\nContent-Disposition: form-data; name=\"workbook\"; filename=\"a.xlsx\"\r\n\r\n" + fh.read()
                + b"\r\n--B--\r\n")
    request = urllib.request.Request(url + "make", data=body, headers={"Content-Type": "multipart/form-data; boundary=B"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200 and response.read()[:2] == b"PK"
    code, out, err = stop(process)
    assert code == 0, err
    assert console.SERVE_STOPPED in out and "Traceback" not in err


def test_off_loopback_it_warns_and_asks_for_the_access_code() -> None:
    process, lines = start("--host", "0.0.0.0")
    try:
        (url, token) = re.findall(r"(http://[\d.]+:\d+/)\?token=(\S+)", lines[0])[0]
        assert lines[2].startswith("警告：网页对其他电脑开放")
        assert lines[3].startswith(f"访问码：{token}")
        status, page, _ = get(url)
        assert status == 200 and "请输入访问码" in page and "下载空白工作簿" not in page
        assert get(url + "example")[0] == 403
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(f"{url}?token={token}", timeout=10) as response:
            assert "下载空白工作簿" in response.read().decode("utf-8")
        with opener.open(url + "example", timeout=30) as response:
            assert response.status == 200
    finally:
        code, out, err = stop(process)
    assert code == 0, err


def test_a_port_in_use_is_said_in_chinese() -> None:
    process, lines = start()
    try:
        port = re.search(r":(\d+)/", lines[0]).group(1)
        done = subprocess.run([sys.executable, "-m", "docgen", "serve", "--port", port, "--no-browser"], cwd=ROOT,
                              env=ENV, capture_output=True, text=True, encoding="utf-8", timeout=60)
        assert done.returncode == 1
        assert f"端口 {port} 已被占用" in done.stderr and "--port" in done.stderr and "Traceback" not in done.stderr
    finally:
        stop(process)


def test_without_the_web_extra_it_says_what_to_install() -> None:
    blocked = ("import sys\nfor name in ('starlette', 'uvicorn'): sys.modules[name] = None\n"
               "from docgen.cli import main\nmain(['serve', '--no-browser'])\n")
    done = subprocess.run([sys.executable, "-c", blocked], cwd=ROOT, env=ENV, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)
    assert done.returncode == 1, done.stderr
    assert 'pip install "docgen[web]"' in done.stderr and done.stderr.startswith("错误：")
    assert "Traceback" not in done.stderr


def test_the_socket_says_tcp_so_asyncio_turns_off_nagle() -> None:
    """Without TCP_NODELAY each answer on a kept-alive connection waited 40 ms for a delayed ACK."""
    import socket

    from docgen.web.server import bind

    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_an_address_not_of_this_machine_is_a_usage_error() -> None:
    done = subprocess.run([sys.executable, "-m", "docgen", "serve", "--host", "203.0.113.7", "--port", "0",
                           "--no-browser"], cwd=ROOT, env=ENV, capture_output=True, text=True, encoding="utf-8",
                          timeout=60)
    assert done.returncode == 2 and "无法使用地址 203.0.113.7" in done.stderr and "Traceback" not in done.stderr
