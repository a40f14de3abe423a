"""Settings every test shares; tests/ on the import path for the helpers, also for the tests in tests/hostile/."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE / "hostile"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from docgen.cli import main  # noqa: E402


@pytest.fixture(autouse=True)
def _no_font_notice(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """`make` tells once a run which faces of the font set this machine lacks; what a test machine has is
    not what the tests are about, so the notice is off (tests/test_pdf.py turns it back on). docgen's cache
    folder is a fresh one for each test, never the user's."""
    monkeypatch.setenv("DOCGEN_NO_FONT_CHECK", "1")
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def docgen_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run `docgen ARGS...` in-process from tmp_path; return (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)

    def run(*args: object) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_info:
            main([str(a) for a in args])
        out, err = capsys.readouterr()
        return exit_info.value.code, out, err

    return run


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The PDF of every document in pagedocs.py, from one LibreOffice conversion for the whole session."""
    from pagedocs import build_all
    from pdfread import SOFFICE

    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return build_all(tmp_path_factory.mktemp("pages"), SOFFICE)
