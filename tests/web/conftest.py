"""The page's test client: one app and one worker process for the module, reached as the browser would
(http://127.0.0.1:8000, the address it is bound to)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Iterator

import pytest
from builders import make_workbook
from starlette.testclient import TestClient

from docgen.web.app import Settings, create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "example.xlsx"
BASE = "http://127.0.0.1:8000"


def client_for(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), base_url=f"http://{settings.host}:{settings.port}",
                      raise_server_exceptions=False, follow_redirects=False)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with client_for(Settings(workers=1)) as test_client:
        yield test_client


@pytest.fixture
def broken(tmp_path: Path) -> bytes:
    """A workbook whose date cannot be read (an error at its cell) and with a half-width comma (a fix)."""
    return make_workbook(tmp_path, 日期="2026/13/40", name="broken.xlsx").read_bytes()


@pytest.fixture
def fixable(tmp_path: Path) -> bytes:
    """A workbook without errors whose 开篇 has half-width punctuation that --fix corrects."""
    return make_workbook(tmp_path, 开篇="按照上级通知要求,支部认真开展了会前准备。", name="fixable.xlsx").read_bytes()


def leftovers(folder: Path) -> set[str]:
    """The folders the workers make for each piece of work (docgen-web-…) that are in `folder` now."""
    return {p.name for p in folder.glob("docgen-web-*")}


def read_zip(data: bytes) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}
