"""Every route of docgen serve through Starlette's test client: what each gives back, read as a user's
program would (the .xlsx with openpyxl, the .docx with python-docx), in the CLI's own words."""

from __future__ import annotations

import asyncio
import io
import json
import tempfile
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from conftest import EXAMPLE, leftovers, read_zip
from starlette.testclient import TestClient

from docgen import api, console
from docgen.batch.summary import summary_total



def _soffice() -> bool:
    from docgen.pdf.office import find_soffice

    return find_soffice() is not None


def filename(response) -> str:
    """The name a browser saves the download under: the RFC 5987 filename*."""
    header = response.headers["content-disposition"]
    assert header.startswith("attachment; filename=\"")
    (encoded,) = re.findall(r"filename\*=UTF-8''([^;]+)", header)
    ascii_part = re.search(r'filename="([^"]*)"', header).group(1)
    assert all(32 < ord(c) < 127 for c in ascii_part)
    return unquote(encoded)


def upload(name: str, data: bytes) -> dict[str, tuple[str, bytes]]:
    return {"workbook": (name, data)}


def test_the_page_has_three_steps_import_and_batch_in_chinese(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    for words in ("下载空白工作簿", "下载示例工作簿", "上传填好的工作簿", "下载 Word 文档", "导入去年的材料", "批量生成"):
        assert words in text
    for kind in ("支部班子", "党员个人", "领导班子", "领导干部个人"):
        assert f'<option value="{kind}">' in text
    assert "2024-民主生活会" in text  # the shipped presets to choose from
    # every asset from docgen itself: no CDN, no other site
    assert not re.search(r'(src|href)="(https?:)?//', text)
    assert 'name="template"' not in text  # templates only with --allow-templates
    for name, kind in (("style.css", "text/css"), ("app.js", "text/javascript")):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind)
        assert "http" not in asset.text.replace("http.", "")
    assert "仿宋_GB2312" in client.get("/static/style.css").text  # the preview in the report's fonts
    missing = client.get("/static/../../pyproject.toml")
    assert missing.status_code == 404 and "没有这个页面" in missing.text


def test_blank_workbook_for_a_kind_and_a_preset(client: TestClient, tmp_path: Path) -> None:
    response = client.get("/blank", params={"kind": "领导班子", "preset": "2024-民主生活会"})
    assert response.status_code == 200
    assert filename(response) == "2024-民主生活会-领导班子-工作簿.xlsx"
    path = tmp_path / "blank.xlsx"
    path.write_bytes(response.content)
    book = openpyxl.load_workbook(path)
    info = {row[0]: row[1] for row in book["基本信息"].iter_rows(values_only=True)}
    assert info["类型"] == "领导班子"
    preset = next(p for p in api.presets() if p.name == "2024-民主生活会")
    aspects = {row[0] for row in book["存在的问题"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert set(preset.list_for("领导班子").aspects) <= {a.removesuffix("方面") for a in aspects} | aspects
    plain = client.get("/blank")
    assert plain.status_code == 200 and filename(plain) == "空白-工作簿.xlsx"
    # no kind chosen: the preset's own (as docgen new --preset does), not 支部班子 for a 民主生活会
    chosen = client.get("/blank", params={"kind": "", "preset": "2024-民主生活会"})
    assert chosen.status_code == 200 and filename(chosen) == "2024-民主生活会-工作簿.xlsx"
    path.write_bytes(chosen.content)
    info = {row[0]: row[1] for row in openpyxl.load_workbook(path)["基本信息"].iter_rows(values_only=True)}
    assert info["类型"] == preset.kinds[0]


@pytest.mark.parametrize("preset", ["/etc/passwd", "../../pyproject.toml", "本单位.toml"])
def test_a_preset_is_only_a_shipped_name_never_a_path_here(client: TestClient, preset: str) -> None:
    response = client.get("/blank", params={"preset": preset})
    assert response.status_code == 400 and "没有名为" in response.text
    assert "root:" not in response.text


def test_a_kind_the_preset_lacks_is_said_in_the_clis_words(client: TestClient) -> None:
    response = client.get("/blank", params={"kind": "党员个人", "preset": "2024-民主生活会"})
    assert response.status_code == 400 and "没有“党员个人”材料的方面" in response.text


def test_example_workbook_is_the_complete_example(client: TestClient, tmp_path: Path) -> None:
    response = client.get("/example")
    assert response.status_code == 200 and filename(response) == "示例工作簿.xlsx"
    path = tmp_path / "example.xlsx"
    path.write_bytes(response.content)
    assert api.check_workbook(path).report is not None


def test_check_the_example_previews_the_document(client: TestClient) -> None:
    response = client.post("/check", files=upload("一支部.xlsx", EXAMPLE.read_bytes()))
    assert response.status_code == 200
    text = response.text
    assert '<div id="result" aria-live="polite"><p class="ok">检查通过' in text and 'id="preview"' in text
    assert 'id="workbook-form"' in text  # the whole page around it, its buttons ready for the file again
    assert '<p class="h1">一、存在的问题</p>' in text
    assert re.search(r'<p class="h2">（一）[^<]+方面</p>', text)
    assert '<span class="head">（一）' in text  # a cause's 小标题 in its own run
    report = api.read_workbook(EXAMPLE).report
    assert report.meta.date is not None and f'<p class="date">{report.meta.date.year}年' in text


def test_check_a_broken_workbook_lists_its_findings_errors_first(client: TestClient, broken: bytes) -> None:
    response = client.post("/check", files=upload("二支部.xlsx", broken), headers={"X-Docgen-Fragment": "1"})
    assert response.status_code == 200 and not response.text.startswith("<!doctype")
    text = response.text
    assert "<th>位置</th><th>级别</th><th>问题</th><th>怎么改</th>" in text
    rows = re.findall(r'<tr class="(\w+)"><td class="place">([^<]*)</td><td class="level">(\w+)</td>'
                      r"<td>([^<]*)</td><td>([^<]*)</td>", text)
    assert rows[0][:3] == ("error", "基本信息!B4", "错误")
    assert "无法识别日期“2026/13/40”" in rows[0][3] and "2026年1月20日" in rows[0][4]
    levels = [r[0] for r in rows]
    assert levels == sorted(levels, key=["error", "warning", "info"].index)
    outcome = api.review_workbook(_saved(broken))  # docgen check: the office's review too
    assert any(f.code == "thin-detail" for f in outcome.findings)
    assert console.findings_count(outcome.findings) in text  # the CLI's count line
    assert 'id="preview"' not in text


def test_make_gives_the_docx_named_after_the_workbook(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/make", files=upload("C:\\材料\\..\\一支部.xlsx", EXAMPLE.read_bytes()))
    assert response.status_code == 200 and filename(response) == "一支部.docx"
    path = tmp_path / "made.docx"
    path.write_bytes(response.content)
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    report = api.read_workbook(EXAMPLE).report
    assert paragraphs[0] == report.meta.title.split("\n")[0] or report.meta.organization in paragraphs[0]
    assert response.content == api.render(report)  # the same bytes docgen make writes


def test_make_a_broken_workbook_says_what_make_says(client: TestClient, broken: bytes) -> None:
    response = client.post("/make", files=upload("二支部.xlsx", broken))
    assert response.status_code == 422 and "content-disposition" not in response.headers
    assert console.not_made_line("二支部.xlsx") in response.text
    assert "基本信息!B4" in response.text


@pytest.mark.skipif(not _soffice(), reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
def test_make_a_pdf_where_libreoffice_is_installed(client: TestClient) -> None:
    assert 'value="pdf"' in client.get("/").text  # the 下载 PDF button
    response = client.post("/make", files=upload("一支部.xlsx", EXAMPLE.read_bytes()), data={"format": "pdf"})
    assert response.status_code == 200 and filename(response) == "一支部.pdf"
    assert response.content.startswith(b"%PDF") and response.headers["content-type"] == "application/pdf"


def test_fix_downloads_the_corrected_workbook(client: TestClient, fixable: bytes, tmp_path: Path) -> None:
    checked = client.post("/check", files=upload("三支部.xlsx", fixable))
    assert 'formaction="/fix"' in checked.text and "下载改正后的工作簿" in checked.text
    response = client.post("/fix", files=upload("三支部.xlsx", fixable))
    assert response.status_code == 200 and filename(response) == "三支部-改正后.xlsx"
    path = tmp_path / "fixed.xlsx"
    path.write_bytes(response.content)
    assert openpyxl.load_workbook(path)["基本信息"]["B5"].value == "按照上级通知要求，支部认真开展了会前准备。"
    no_fix = client.post("/check", files=upload("一支部.xlsx", EXAMPLE.read_bytes()))
    assert 'formaction="/fix"' not in no_fix.text


def test_import_reads_last_years_text_and_gives_a_workbook(client: TestClient, tmp_path: Path) -> None:
    text = ("中共示例县统计局机关支部委员会2024年度组织生活会对照检查材料\n按照通知要求，现将对照检查情况报告如下。\n"
            "一、存在的问题\n（一）理论学习方面\n一是学习不够系统。集中学习以读文件为主。\n二、原因剖析\n"
            "（一）理论武装不够。认识不足。\n三、下一步努力方向\n（一）加强学习。每月一次。\n"
            "中共示例县统计局机关支部委员会\n2025年1月20日\n").encode("gb18030")
    # named .docx, but its bytes are GBK text: the bytes decide
    files = {"document": ("去年.docx", text)}
    shown = client.post("/import/check", files=files)  # without the page's script: the page, the result in place
    assert shown.status_code == 200 and '<div id="import-result" aria-live="polite"><p class="ok">已识别' in shown.text
    response = client.post("/import", files=files)
    assert response.status_code == 200 and filename(response) == "去年.xlsx"
    path = tmp_path / "imported.xlsx"
    path.write_bytes(response.content)
    rows = list(openpyxl.load_workbook(path)["存在的问题"].iter_rows(values_only=True))
    assert any(row[1] == "学习不够系统。" or (row[1] or "").startswith("学习不够系统") for row in rows)
    pdf = client.post("/import/check", files={"document": ("x.docx", b"%PDF-1.7 not a report")})
    assert pdf.status_code == 422 and "错误：" in pdf.text and "PDF" in pdf.text


def test_a_workbooks_kind_comes_from_its_bytes(client: TestClient, tmp_path: Path) -> None:
    named_txt = client.post("/check", files=upload("一支部.txt", EXAMPLE.read_bytes()))
    assert "检查通过" in named_txt.text
    report = api.read_workbook(EXAMPLE).report
    word = client.post("/check", files=upload("伪装.xlsx", api.render(report)))
    assert "Word 文档" in word.text and "错误：伪装.xlsx" in word.text
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("一支部.xlsx", EXAMPLE.read_bytes())
    as_zip = client.post("/check", files=upload("一支部.xlsx", archive.getvalue()))
    assert as_zip.status_code == 422 and "批量生成" in as_zip.text


def test_batch_makes_a_zip_with_the_summary_table(client: TestClient, broken: bytes) -> None:
    files = [("workbooks", ("一支部.xlsx", EXAMPLE.read_bytes())), ("workbooks", ("二支部.xlsx", broken)),
             ("workbooks", ("一支部.xlsx", EXAMPLE.read_bytes()))]
    response = client.post("/batch", files=files)
    assert response.status_code == 200 and filename(response) == "对照检查材料.zip"
    members = read_zip(response.content)
    assert set(members) == {"一支部.docx", "一支部（2）.docx", "结果汇总.txt", "汇总.xlsx"}
    table = members["结果汇总.txt"].decode("utf-8-sig")
    assert summary_total(3, 2, 1, 3) in table
    assert re.search(r"二支部\.xlsx\s+失败\s+基本信息!B4：无法识别日期", table)
    assert "/tmp" not in table and "upload" not in table  # never the worker's temporary folder


def test_a_batch_zip_holds_the_offices_summary_of_every_workbook(client: TestClient, broken: bytes) -> None:
    """docgen collect's 汇总.xlsx, beside the documents: the good workbooks' problems, the broken one under
    未通过, each named as the user sent it (two of one name told apart as their documents are)."""
    files = [("workbooks", ("一支部.xlsx", EXAMPLE.read_bytes())), ("workbooks", ("一支部.xlsx", EXAMPLE.read_bytes())),
             ("workbooks", ("二支部.xlsx", broken))]
    members = read_zip(client.post("/batch", files=files).content)
    assert {"一支部.docx", "一支部（2）.docx", "汇总.xlsx"} <= set(members)
    book = openpyxl.load_workbook(io.BytesIO(members["汇总.xlsx"]))
    sources = {row[4] for row in book["问题汇总"].iter_rows(min_row=2, values_only=True)}
    assert sources == {"一支部.xlsx", "一支部（2）.xlsx"}
    assert [row[0] for row in book["未通过"].iter_rows(min_row=2, values_only=True)] == ["二支部.xlsx"]


def test_batch_progress_streams_then_gives_the_table_and_the_zip(client: TestClient, broken: bytes) -> None:
    files = [("workbooks", (f"{n}支部.xlsx", EXAMPLE.read_bytes())) for n in "一二三"] + [
        ("workbooks", ("四支部.xlsx", broken))]
    with client.stream("POST", "/batch", files=files, headers={"X-Docgen-Progress": "1"}) as response:
        assert response.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in response.iter_lines() if line]
    progress = [line for line in lines if "done" in line]
    assert [p["done"] for p in progress] == [0, 1, 2, 3, 4] and all(p["total"] == 4 for p in progress)
    last = lines[-1]
    assert "<th>工作簿</th><th>结果</th><th>输出文件或原因</th>" in last["html"]
    assert summary_total(4, 3, 1, 4) in last["html"]
    import base64

    assert len([n for n in read_zip(base64.b64decode(last["zip"])) if n.endswith(".docx")]) == 3


def test_batch_takes_a_zip_with_chinese_names_from_windows(client: TestClient) -> None:
    archive = io.BytesIO()
    names = {"aaaaaa/bbbbbb.xlsx": "各支部/一支部.xlsx", "aaaaaa/cccccc.xlsx": "各支部/二支部.xlsx"}
    with zipfile.ZipFile(archive, "w") as zf:
        for placeholder in names:
            zf.writestr(placeholder, EXAMPLE.read_bytes())
        zf.writestr("__MACOSX/._一支部.xlsx", b"junk")
        zf.writestr("各支部/~$一支部.xlsx", b"lock")
    data = archive.getvalue()
    for placeholder, name in names.items():  # GBK names without the UTF-8 flag, as Windows' own zip writes them
        assert len(name.encode("gbk")) == len(placeholder)
        data = data.replace(placeholder.encode(), name.encode("gbk"))
    response = client.post("/batch", files=[("workbooks", ("各支部.zip", data))])
    assert response.status_code == 200
    members = read_zip(response.content)
    assert {"一支部.docx", "二支部.docx"} <= set(members) and len(members) == 4


def test_nothing_is_kept_after_the_response(client: TestClient, broken: bytes) -> None:
    pool = client.app.app.state.pool  # type: ignore[attr-defined]
    folder = Path(asyncio.run(pool.run(tempfile.gettempdir)))  # where the workers work
    before = leftovers(folder)
    client.post("/make", files=upload("一支部.xlsx", EXAMPLE.read_bytes()))
    client.post("/make", files=upload("二支部.xlsx", broken))
    client.post("/check", files=upload("x.xlsx", b"not a workbook"))
    client.post("/batch", files=[("workbooks", ("二支部.xlsx", broken))])
    client.post("/import/check", files={"document": ("x.docx", b"PK\x03\x04broken")})
    assert leftovers(folder) <= before
    # the check can fail: a folder of the same kind made in the same place is seen
    with tempfile.TemporaryDirectory(prefix="docgen-web-", dir=folder) as kept:
        assert Path(kept).name in leftovers(folder)


def _saved(data: bytes) -> Path:
    folder = Path(tempfile.mkdtemp())
    path = folder / "broken.xlsx"
    path.write_bytes(data)
    return path
