"""docgen serve under load: concurrent clients on loopback uploading the example to /make, every response
checked, against the same work done by the CLI in a loop and one make in a warm process.

Run by hand from the repository root (not a test; needs the web extra):

    python benchmarks/load.py                  # 50 clients for 30 s
    python benchmarks/load.py --seconds 5      # a quick try
    python benchmarks/load.py --json

The server is a real `docgen serve` (uvicorn, the default worker pool: one process per CPU) in its own
process; the clients are one asyncio process speaking HTTP/1.1 with keep-alive, each sending its next
upload as soon as its last answer came. A response counts as correct only when it is 200 and its body is
byte for byte the .docx `docgen make` writes for the example.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "data" / "example.xlsx"
BOUNDARY = "docgenLoadBoundary"


def request_bytes(port: int) -> bytes:
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"workbook\"; filename=\"example.xlsx\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + EXAMPLE.read_bytes() + (
            f"\r\n--{BOUNDARY}--\r\n").encode()
    head = (f"POST /make HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}"
            f"\r\nContent-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n").encode()
    return head + body


async def client(port: int, request: bytes, expected: bytes, until: float, latencies: list[float],
                 wrong: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            headers = {}
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            latencies.append(time.perf_counter() - started)
            status = status_line.split(b" ")[1] if b" " in status_line else b"?"
            if status != b"200" or body != expected:
                wrong.append(f"{status.decode()} {body[:80]!r}")
            if headers.get("connection") == "close":
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


async def load(port: int, clients: int, seconds: float, expected: bytes) -> dict[str, object]:
    request = request_bytes(port)
    latencies: list[float] = []
    wrong: list[str] = []
    # one warm-up request: the workers have warmed, the server has answered once
    await client(port, request, expected, time.perf_counter() + 0.001, [], wrong)
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(client(port, request, expected, until, latencies, wrong) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {"requests": len(latencies), "wrong": len(wrong), "first_wrong": wrong[:3],
            "seconds": round(elapsed, 2), "requests_per_s": round(len(latencies) / elapsed, 2),
            "p50_ms": round(1000 * ordered[len(ordered) // 2], 1),
            "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1)}


def start_server() -> tuple[subprocess.Popen[str], int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOCGEN_NO_FONT_CHECK": "1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--port", "0", "--no-browser"], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    assert process.stdout is not None
    first = process.stdout.readline()
    found = re.search(r"127\.0\.0\.1:(\d+)/", first)
    if not found:
        process.kill()
        raise SystemExit(f"docgen serve did not start: {first!r}")
    return process, int(found.group(1))


def cli_loop(seconds: float) -> dict[str, object]:
    """`docgen make example.xlsx -o out.docx --force` one after another for as long as the load ran."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOCGEN_NO_FONT_CHECK": "1"}
    script = Path(sys.executable).with_name("docgen")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "docgen"]
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.docx"
        until = time.perf_counter() + seconds
        while time.perf_counter() < until or len(times) < 3:
            started = time.perf_counter()
            subprocess.run([*command, "make", str(EXAMPLE), "-o", str(out), "--force"], cwd=ROOT, env=env,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
    return {"runs": len(times), "median_ms": round(1000 * statistics.median(times), 1),
            "per_s": round(len(times) / sum(times), 2)}


def warm_make(repeats: int = 30) -> float:
    """One make of the example (check, render, write) in a process that has made one already, in ms."""
    from docgen import api

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.docx"
        api.make_document(EXAMPLE, out, force=True)
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            api.make_document(EXAMPLE, out, force=True)
            times.append(time.perf_counter() - started)
    return round(1000 * statistics.median(times), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description="docgen serve 负载测试（手动运行，不是自动测试）")
    parser.add_argument("--seconds", type=float, default=30.0, help="负载持续的秒数（默认 30）")
    parser.add_argument("--clients", type=int, default=50, help="同时上传的客户端数（默认 50）")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    args = parser.parse_args()
    os.environ["DOCGEN_NO_FONT_CHECK"] = "1"
    from docgen import api

    expected = api.render(api.read_workbook(EXAMPLE).report)
    warm = warm_make()
    process, port = start_server()
    try:
        served = asyncio.run(load(port, args.clients, args.seconds, expected))
        alone = asyncio.run(load(port, 1, min(args.seconds, 10.0), expected))
    finally:
        process.terminate()
        process.wait(timeout=30)
    cli = cli_loop(min(args.seconds, 30.0))
    result = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
                         f"{platform.system()} {platform.release()}, Python {platform.python_version()}",
              "date": time.strftime("%Y-%m-%d"), "clients": args.clients, "serve": served, "one_client": alone, "cli_loop": cli,
              "warm_make_ms": warm,
              "p95_over_warm_make": round(float(served["p95_ms"]) / warm, 1),  # type: ignore[arg-type]
              "one_client_p95_over_warm_make": round(float(alone["p95_ms"]) / warm, 1)}  # type: ignore[arg-type]
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"机器：{result['machine']}（{result['date']}）")
    print(f"docgen serve：{args.clients} 个客户端 {served['seconds']} s，{served['requests']} 个请求，"
          f"错误 {served['wrong']} 个；{served['requests_per_s']} 个/s，p50 {served['p50_ms']} ms，p95 {served['p95_ms']} ms")
    print(f"docgen serve：1 个客户端 {alone['seconds']} s，{alone['requests']} 个请求，错误 {alone['wrong']} 个；"
          f"{alone['requests_per_s']} 个/s，p50 {alone['p50_ms']} ms，p95 {alone['p95_ms']} ms")
    print(f"命令行循环：docgen make 共 {cli['runs']} 次，每次中位数 {cli['median_ms']} ms，{cli['per_s']} 个/s")
    print(f"已预热进程中一次 make：{warm} ms；p95 是它的 {result['p95_over_warm_make']} 倍"
          f"（1 个客户端时 {result['one_client_p95_over_warm_make']} 倍）")
    if served["wrong"] or alone["wrong"]:
        print(f"有不正确的响应：{served['first_wrong'] or alone['first_wrong']}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
