"""The shape of the code: one module per outside library, a standard-library model, small modules, lazy
imports for quick commands, and a wheel that ships the default template."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from builders import make_workbook

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "docgen"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 450

# Outside library -> the only modules that may import it (the importer's reader is sources.py).
ALLOWED = {
    "openpyxl": {"workbook.py"},
    "python_calamine": {"workbook.py"},
    "docxtpl": {"render.py"},
    "jinja2": {"render.py"},
    "markupsafe": {"render.py"},  # Jinja's escaping, part of rendering
    "typer": {"cli.py"},
    "click": {"cli.py"},
    "docx": {"render.py", "layout.py", "template_builder.py", "sources.py"},
}
# Modules the design says use the standard library only (and, for errors.py, the model).
STDLIB_ONLY = {"model.py": set(), "text.py": set(), "errors.py": {"model"}, "output.py": {"errors"},
               "package.py": set()}


def imports(path: Path) -> list[tuple[int, str]]:
    """(level, dotted name) of every import anywhere in the module, including inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(0, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level and not node.module:  # from . import x
                found += [(node.level, alias.name) for alias in node.names]
            else:
                found.append((node.level, node.module or ""))
    return found


def test_modules_are_found() -> None:
    names = {p.name for p in MODULES}
    assert {"model.py", "workbook.py", "render.py", "cli.py"} <= names


@pytest.mark.parametrize("library", sorted(ALLOWED))
def test_outside_library_imported_only_where_allowed(library: str) -> None:
    users = {p.relative_to(PACKAGE).as_posix() for p in MODULES
             if any(level == 0 and name.split(".")[0] == library for level, name in imports(p))}
    assert users <= ALLOWED[library], f"{library} imported by {sorted(users - ALLOWED[library])}"


def test_each_library_is_actually_used_by_its_module() -> None:
    """The table above is not stale: the allowed module really is the one talking to the library."""
    for library, module in [("openpyxl", "workbook.py"), ("python_calamine", "workbook.py"), ("docxtpl", "render.py"),
                            ("typer", "cli.py")]:
        assert any(name.split(".")[0] == library for level, name in imports(PACKAGE / module) if level == 0)


@pytest.mark.parametrize("module", sorted(STDLIB_ONLY))
def test_module_uses_only_the_standard_library(module: str) -> None:
    outside = set()
    for level, name in imports(PACKAGE / module):
        top = name.split(".")[0]
        if level == 0 and top not in sys.stdlib_module_names and top != "__future__":
            outside.add(name)
        if level and top not in STDLIB_ONLY[module]:
            outside.add("." * level + name)
    assert not outside, f"{module} imports {sorted(outside)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_module_is_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines < MAX_LINES, f"{path.name} has {lines} lines; split it by concept"


# -- quick commands do not load the renderer ----------------------------------------------------------

PROBE = """
import sys
from docgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(",".join(m for m in ("docxtpl", "jinja2", "docx") if m in sys.modules), file=sys.stderr)
"""


def loaded_after(args: list[str], cwd: Path) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return set(filter(None, last.split(",")))


def test_help_and_check_do_not_import_the_renderer(tmp_path: Path) -> None:
    make_workbook(tmp_path)
    assert loaded_after(["--help"], tmp_path) == set()
    assert loaded_after(["make", "--help"], tmp_path) == set()
    assert loaded_after(["check", "branch.xlsx"], tmp_path) == set()
    assert loaded_after(["new", "blank.xlsx"], tmp_path) == set()
    assert "docxtpl" in loaded_after(["make", "branch.xlsx"], tmp_path)  # the probe can see it


# -- the wheel ships the template ---------------------------------------------------------------------

NO_NETWORK = ("Could not find a version", "No matching distribution", "Failed to establish",
              "Temporary failure", "Name or service not known", "Network is unreachable", "ConnectionError",
              "Max retries exceeded")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain (non-editable) wheel built from a copy of the sources, so the work tree gets no build/."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in ("docgen", "templates"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"),
                           str(source)], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        if any(sign in done.stderr for sign in NO_NETWORK):
            pytest.skip("building a wheel needs setuptools from PyPI, and there is no network")
        pytest.fail(f"pip wheel failed:\n{done.stderr[-3000:]}")
    (built,) = (base / "dist").glob("docgen-*.whl")
    return built


def test_wheel_contains_the_template_and_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next(zf.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "docgen/templates/branch.docx" in names
    assert "docgen/confusions.tsv" in names
    assert {"docgen/__init__.py", "docgen/cli.py", "docgen/render.py"} <= names
    assert not any(n.startswith(("tests/", "templates/")) for n in names)
    assert "docgen = docgen.cli:main" in entry_points


def test_installed_package_finds_its_template(wheel: Path, tmp_path: Path) -> None:
    """Unpacked as pip would install it, away from the source tree: the template comes from inside."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    code = "from docgen.render import default_template; p = default_template(); print(p, p.is_file())"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(site)}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{site / 'docgen' / 'templates' / 'branch.docx'} True"
