"""The page in a real browser: Playwright drives Debian's chromium against a real `docgen serve`. It
downloads the blank workbook, uploads the example and a broken workbook, sees the findings table with the
cell names, downloads the .docx and opens it with python-docx, runs a batch, and saves a screenshot
(docs/serve.png, the README's, when DOCGEN_UPDATE_SCREENSHOT=1)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Iterator

import docx
import openpyxl
import pytest
from builders import make_workbook
from test_serve import ROOT, start, stop

CHROMIUM = Path("/usr/bin/chromium")
EXAMPLE = ROOT / "data" / "example.xlsx"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                                "(apt-get install chromium; .ci/run installs it)")


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    process, lines = start()
    try:
        yield lines[0].split("：", 1)[1]
    finally:
        stop(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--lang=zh-CN"])
        try:
            yield launched
        finally:
            launched.close()


def test_the_three_steps_in_a_browser(url: str, browser, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900}, accept_downloads=True, locale="zh-CN")
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(url)
    assert page.title() == "docgen：对照检查材料生成"

    # 1. the blank workbook, for a kind
    page.select_option("select[name=kind]", "党员个人")
    with page.expect_download() as caught:
        page.click("#blank")
    blank = tmp_path / "blank.xlsx"
    caught.value.save_as(blank)
    assert caught.value.suggested_filename == "党员个人-工作簿.xlsx"
    info = {row[0]: row[1] for row in openpyxl.load_workbook(blank)["基本信息"].iter_rows(values_only=True)}
    assert info["类型"] == "党员个人"

    # 2. the example: no error, a preview numbered as the document is
    page.set_input_files("input[name=workbook]", str(EXAMPLE))
    page.click("#check")
    page.wait_for_selector("#preview")
    assert "检查通过" in page.inner_text("#result")
    assert page.inner_text("#preview p.h1 >> nth=0") == "一、存在的问题"

    # 3. the .docx, opened with python-docx
    with page.expect_download() as caught:
        page.click("#make")
    made = tmp_path / "made.docx"
    caught.value.save_as(made)
    assert caught.value.suggested_filename == "example.docx"
    texts = [p.text for p in docx.Document(str(made)).paragraphs]
    assert "一、存在的问题" in texts and any(t.startswith("（一）") for t in texts)

    # a broken workbook: the findings table, errors first, with the cell names
    broken = make_workbook(tmp_path, 日期="2026/13/40", 开篇="按照上级通知要求,支部认真开展了会前准备。", name="二支部.xlsx")
    page.set_input_files("input[name=workbook]", str(broken))
    page.click("#check")
    page.wait_for_selector("table.findings")
    first = page.locator("table.findings tbody tr").first
    assert first.locator("td.place").inner_text() == "基本信息!B4"
    assert first.locator("td.level").inner_text() == "错误"
    places = page.locator("table.findings td.place").all_inner_texts()
    assert "基本信息!B5" in places
    assert page.is_visible("#fix")  # 下载改正后的工作簿
    shot = tmp_path / "serve.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if os.environ.get("DOCGEN_UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        (ROOT / "docs" / "serve.png").write_bytes(shot.read_bytes())
    assert problems == []  # no script error, no Content-Security-Policy violation


def test_a_batch_in_a_browser(url: str, browser, tmp_path: Path) -> None:
    page = browser.new_page(accept_downloads=True)
    page.goto(url)
    first = tmp_path / "一支部.xlsx"
    first.write_bytes(EXAMPLE.read_bytes())
    broken = make_workbook(tmp_path, 日期="2026/13/40", name="二支部.xlsx")
    page.set_input_files("input[name=workbooks]", [str(first), str(broken)])
    with page.expect_download() as caught:
        page.click("#batch-start")
    archive = tmp_path / "batch.zip"
    caught.value.save_as(archive)
    assert caught.value.suggested_filename == "对照检查材料.zip"
    with zipfile.ZipFile(archive) as zf:
        assert set(zf.namelist()) == {"一支部.docx", "结果汇总.txt", "汇总.xlsx"}
    assert page.inner_text("#batch-progress span").startswith("已完成 2 / 2")
    rows = page.locator("#batch-result table tbody tr").all_inner_texts()
    assert any("一支部.xlsx" in r and "成功" in r for r in rows)
    assert any("二支部.xlsx" in r and "失败" in r and "基本信息!B4" in r for r in rows)
