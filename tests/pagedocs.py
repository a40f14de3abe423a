"""The documents the LibreOffice page tests read, all converted in one soffice call per session (a start
of LibreOffice costs seconds): each builder writes its .docx into a folder and names it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Callable

from docgen.api import render_report
from docgen.example import example_report
from docgen.model import Report

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "branch.docx"
LINE = "坚持问题导向目标导向结果导向推动整改落实落地见效持续巩固深化成果"[:28]  # one line of the grid
LONG_SIGNATURE = "中共云溪县示例局机关第二支部委员会"
SHORT_SIGNATURE = "某支部"


def lengthened(lines: int) -> Report:
    """The example with `lines` more lines in its last 努力方向 cell: its end walks down the page."""
    r = example_report()
    last = r.directions[-1]
    return dataclasses.replace(r, directions=r.directions[:-1] + (dataclasses.replace(last, text=last.text + LINE * lines),))


def signed(organization: str) -> Report:
    r = example_report()
    return dataclasses.replace(r, meta=dataclasses.replace(r.meta, organization=organization, date=dt.date(2026, 1, 20)))


# The cases where the body ends near a page bottom (a calibration run put the boundary at 9-10 extra lines:
# a window of seven around it survives a line's shift in LibreOffice), and some where it spans pages.
BOUNDARY = (*range(6, 13), 15, 16, 20)
Builder = Callable[[Path, Path], Path]  # (folder, a template LibreOffice saved again) -> the .docx


def _report(name: str, report: Report, template: str = "") -> tuple[str, Builder]:
    def build(folder: Path, resaved: Path) -> Path:
        out = folder / f"{name}.docx"
        render_report(report, out, template=resaved if template == "resaved" else None)
        return out
    return name, build


def _copy(name: str, source: Path) -> tuple[str, Builder]:
    def build(folder: Path, resaved: Path) -> Path:
        return Path(shutil.copy(source, folder / f"{name}.docx"))
    return name, build


def builders() -> dict[str, Builder]:
    from test_layout_rendered import make_report  # the report the older page tests read

    return dict([
        _copy("template", TEMPLATE),
        _report("report", make_report()),
        _report("full-page", make_report(items=16)),
        *(_report(f"boundary-{n:02}", lengthened(n)) for n in BOUNDARY),
        _report("long-signature", signed(LONG_SIGNATURE)),
        _report("short-signature", signed(SHORT_SIGNATURE)),
        _report("resaved-long-signature", signed(LONG_SIGNATURE), template="resaved"),
        _report("resaved-short-signature", signed(SHORT_SIGNATURE), template="resaved"),
    ])


def convert(soffice: str, sources: list[Path], folder: Path, target: str) -> None:
    """One LibreOffice run for all of them, with a private profile (parallel runs do not collide)."""
    profile = (folder / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                    "--outdir", str(folder), *map(str, sources)], check=True, capture_output=True, timeout=600)


def build_all(folder: Path, soffice: str) -> dict[str, Path]:
    """name -> PDF of every document above; the re-saved template is LibreOffice's own save of ours."""
    saved = folder / "resaved"
    saved.mkdir()
    shutil.copy(TEMPLATE, saved / "source.docx")
    convert(soffice, [saved / "source.docx"], saved / "out", "docx:MS Word 2007 XML")
    resaved = saved / "out" / "source.docx"
    docs = {name: build(folder, resaved) for name, build in builders().items()}
    convert(soffice, list(docs.values()), folder / "pdf", "pdf")
    return {name: folder / "pdf" / f"{doc.stem}.pdf" for name, doc in docs.items()}
