"""The shape of the code: each outside library behind its named modules, no import cycles (not even inside
functions), a standard-library model, text/ and files/, small modules, lazy imports for quick commands, the
tests testing this working tree, and a wheel and an sdist that carry what they should."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from builders import make_workbook

import docgen

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "docgen"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400

# Every outside library (by its import name) -> the only modules that may import it.
ALLOWED = {
    "openpyxl": {"workbook/xlsx.py", "workbook/tables_xlsx.py"},  # tables_xlsx: collect's summary and its chart
    "python_calamine": {"workbook/xlsx.py"},
    "docxtpl": {"rendering/engine.py"},
    # The sandbox is the Jinja environment with its bounds; the engine compiles and renders through it.
    "jinja2": {"rendering/sandbox.py"},
    "markupsafe": {"rendering/sandbox.py"},  # Jinja's escaping, part of the sandbox
    "docx": {"rendering/engine.py", "importing/docx_reader.py"},  # python-docx
    "lxml": {"rendering/ooxml.py", "importing/docx_reader.py"},
    "charset_normalizer": {"importing/text_reader.py"},
    "opencc": {"review/traditional.py"},  # traditional -> simplified characters (OpenCC's t2s)
    "tomli": {"presets/loader.py"},  # TOML on Python 3.10; 3.11 has it as tomllib
    "rapidfuzz": {"review/office/similar.py"},  # near-identical texts: check --against, collect's copies
    "rjieba": {"review/office/words.py"},  # the segmenter: problems and measures that share words
    "ahocorasick_rs": {"review/search.py"},  # many literal strings searched at once (LiteralSearch)
    "typer": {"cli/"},  # a name ending in / is a folder: every module in it
    "click": {"cli/"},  # Typer vendors it as typer._click; a plain Click import would be caught here too
    # docgen serve (the optional extra docgen[web]): the app, its upload limits and its guard; the server
    "starlette": {"web/app.py", "web/limits.py", "web/security.py"},
    "uvicorn": {"web/server.py"},
}
# Modules and folders that use the standard library only, and which of docgen's own modules they may use.
STDLIB_ONLY = {"model.py": {"docgen.vocabulary", "docgen.source"}, "vocabulary.py": set(), "source.py": set(),
               "text/": {"docgen.text"}, "errors.py": {"docgen.source"},
               "files/": {"docgen.files", "docgen.errors", "docgen.model"}}


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name[: -len(".__init__")] if name.endswith(".__init__") else name


NAMES = {module_name(p): p for p in MODULES}


def imports(path: Path) -> list[str]:
    """Every module the file imports, anywhere in it (inside functions too), as absolute dotted names;
    `from package import name` counts as importing the submodule when `name` is one."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            subs = [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in NAMES]
            found += subs if len(subs) == len(node.names) else [target, *subs]
    return found


def relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def outside(name: str) -> str | None:
    top = name.split(".")[0]
    # tomllib is the standard library's from 3.11 on (the same test runs on 3.10, which lacks it)
    if top in ("docgen", "__future__", "tomllib") or top in sys.stdlib_module_names:
        return None
    return top


def allowed(module: str, places: set[str]) -> bool:
    return any(module == place or (place.endswith("/") and module.startswith(place)) for place in places)


def test_modules_are_found() -> None:
    assert {"model", "errors", "api", "cli", "text", "files", "workbook", "rendering", "importing", "review",
            "batch"} <= {module_name(p).split(".")[1] for p in MODULES if module_name(p) != "docgen"}


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_outside_libraries_only_where_allowed(path: Path) -> None:
    for name in imports(path):
        library = outside(name)
        if library is not None:
            assert library in ALLOWED, f"{relative(path)} imports {name}, which is not in the table of libraries"
            assert allowed(relative(path), ALLOWED[library]), f"{library} imported by {relative(path)}"


def test_each_library_is_actually_used_by_its_modules() -> None:
    """The table is not stale: every module allowed a library really talks to it."""
    for library, modules in ALLOWED.items():
        if library == "click":
            continue  # reached through Typer's vendored copy
        for place in modules:
            paths = sorted((PACKAGE / place).glob("*.py")) if place.endswith("/") else [PACKAGE / place]
            assert any(outside(name) == library for path in paths for name in imports(path)), (library, place)


@pytest.mark.parametrize("where", sorted(STDLIB_ONLY))
def test_standard_library_only(where: str) -> None:
    for path in MODULES:
        if not relative(path).startswith(where):
            continue
        for name in imports(path):
            if name.split(".")[0] == "docgen":
                assert any(name == own or name.startswith(own + ".") for own in STDLIB_ONLY[where]), (
                    f"{relative(path)} imports {name}")
            else:
                assert outside(name) is None, f"{relative(path)} imports {name}"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def import_graph() -> dict[str, set[str]]:
    return {name: {t for t in imports(path) if t in NAMES and t != name} for name, path in NAMES.items()}


def test_no_import_cycles_even_inside_functions() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_can_fail() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    graph = import_graph()
    assert "docgen.batch.run" in graph and not any(t.startswith("docgen.api") for t in graph["docgen.batch.run"])


@pytest.mark.parametrize("path", MODULES, ids=relative)
def test_module_is_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines < MAX_LINES, f"{relative(path)} has {lines} lines; split it by concept"


def test_the_build_tool_is_not_shipped_code() -> None:
    assert not any("build_template" in name or "tools" in name.split(".") for path in MODULES
                   for name in imports(path))
    assert not (PACKAGE / "template_builder.py").exists()


def test_tests_import_this_working_tree() -> None:
    """`pip install .` and then `pytest` must still test the checkout, not the installed copy."""
    assert Path(docgen.__file__).resolve() == PACKAGE / "__init__.py"


# -- quick commands do not load the renderer ----------------------------------------------------------

PROBE = """
import sys
from docgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
# outside libraries, and docgen's rendering modules besides the page measures (layout.py: the font sets,
# which --fonts needs; titles.py: whether a title fits its line, which check asks)
print(",".join(m for m in sys.modules if m in ("docxtpl", "jinja2", "docx", "openpyxl", "lxml") or
               m.startswith("docgen.rendering.") and m not in ("docgen.rendering.layout", "docgen.rendering.titles")),
      file=sys.stderr)
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
    assert loaded_after(["new", "blank.xlsx"], tmp_path) <= {"openpyxl", "lxml"}  # writing needs openpyxl
    assert "docxtpl" in loaded_after(["make", "branch.xlsx"], tmp_path)  # the probe can see it


def test_make_with_the_prepared_template_cached_imports_no_docxtpl(tmp_path: Path) -> None:
    make_workbook(tmp_path)
    first = loaded_after(["make", "branch.xlsx", "-o", "a.docx"], tmp_path)  # prepares and caches the template
    assert {"docxtpl", "docx"} <= first
    again = loaded_after(["make", "branch.xlsx", "-o", "b.docx"], tmp_path)
    assert {"jinja2", "lxml", "docgen.rendering.documents"} <= again  # rendering from the cached template
    assert not again & {"docxtpl", "docx", "openpyxl", "docgen.rendering.engine"}
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


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
    assert "docgen/review/data/confusions.tsv" in names
    assert "docgen/presets/data/2024-democratic.toml" in names and "docgen/pdf/office.py" in names
    assert {"docgen/web/assets/index.html", "docgen/web/assets/app.js", "docgen/web/assets/style.css"} <= names
    assert {"docgen/__init__.py", "docgen/cli/app.py", "docgen/rendering/engine.py"} <= names
    assert not any(n.startswith(("tests/", "templates/", "tools/")) for n in names)
    assert "docgen = docgen.cli:main" in entry_points


def test_installed_package_finds_its_template(wheel: Path, tmp_path: Path) -> None:
    """Unpacked as pip would install it, away from the source tree: the template comes from inside."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    code = "from docgen.rendering.engine import default_template; p = default_template(); print(p, p.is_file())"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(site)}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{site / 'docgen' / 'templates' / 'branch.docx'} True"


# -- the version is written once, and the source distribution runs its own tests -----------------------


def test_version_is_written_once() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and 'attr = "docgen.__version__"' in pyproject
    assert sum(docgen.__version__ in p.read_text(encoding="utf-8") for p in MODULES) == 1


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The source distribution, built from a copy of the checkout with the same backend pip would use."""
    base = tmp_path_factory.mktemp("sdist")
    source = base / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".hypothesis", ".pytest_cache", ".git")
    shutil.copytree(ROOT, source, ignore=ignore)
    done = subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(base / "dist"), str(source)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        if any(sign in done.stderr + done.stdout for sign in NO_NETWORK):
            pytest.skip("building an sdist needs setuptools from PyPI, and there is no network")
        pytest.fail(f"python -m build failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    (built,) = (base / "dist").glob("docgen-*.tar.gz")
    return built


def test_sdist_carries_its_tests_and_they_run(sdist: Path, tmp_path: Path) -> None:
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    (unpacked,) = tmp_path.glob("docgen-*")
    for needed in ("LICENSE", "tests/test_text.py", "data/example.xlsx", "templates/branch.docx",
                   "tools/build_template.py", "docgen/review/data/confusions.tsv",
                   "docgen/presets/data/2024-democratic.toml"):
        assert (unpacked / needed).is_file(), needed
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_text.py",
                           "tests/test_golden.py", "tests/test_structure.py::test_tests_import_this_working_tree"],
                          cwd=unpacked, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]
