"""LibreOffice/poppler helpers for tests: convert a .docx to PDF and read pages and word boxes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
HAS_CJK_FONT = shutil.which("fc-list") is not None and bool(
    subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip())
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None


def to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert with a private LibreOffice profile, so parallel runs and a user's own office do not collide."""
    profile = (out_dir / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(docx)], check=True, capture_output=True, timeout=180)
    pdf = out_dir / (docx.stem + ".pdf")
    assert pdf.exists(), "LibreOffice did not produce a PDF"
    return pdf


def pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


def pdf_words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """Words of one page as (xMin, yMin, xMax, yMax, text), in points from the top-left corner."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]
