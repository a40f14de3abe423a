"""Which faces of a font set this machine has, and what LibreOffice draws instead of a missing one.

Installed faces: fontconfig's list (fc-list) where there is one (Linux, macOS with it), else the names
inside the font files of the usual font folders (on Windows %WINDIR%\\Fonts and the user's own folder).
A missing face's substitute: fontconfig's choice for Chinese text (fc-match, what LibreOffice asks on
Linux); where there is no fontconfig (Windows), LibreOffice itself converts a one-line sample of each
missing face and the PDF says which font it used.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import DocgenError
from ..files.atomic import atomic_write
from ..files.cache import cache_folder
from ..files.docx_parts import W_NS, write_docx_parts
from ..files.package import OFFICE_DOCUMENT
from ..rendering.layout import FONT_SETS, LATIN_FONT
from .sfnt import FONT_SUFFIXES, family_names

# The names a face's files give it besides the one Word uses (their English names), so a font is found
# whichever language its name table or fontconfig lists first. Names as the fonts' makers register them.
ALIASES = {
    "仿宋_GB2312": ("FangSong_GB2312",), "楷体_GB2312": ("KaiTi_GB2312",),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S",), "仿宋": ("FangSong",), "楷体": ("KaiTi",), "黑体": ("SimHei",),
    "宋体": ("SimSun",),
}
ROLE_LABELS = {"title": "标题", "heiti": "一级标题", "kaiti": "二级标题", "fangsong": "正文", "song": "页码"}
LATIN_LABEL = "字母和数字"
FC_TIMEOUT = 20


@dataclass(frozen=True)
class Face:
    name: str  # as the document names it: 仿宋_GB2312
    uses: tuple[str, ...]  # what it is for: 正文, 页码 …
    installed: bool
    substitute: str = ""  # what LibreOffice draws instead, when not installed and known


def faces_of(fonts: str) -> list[tuple[str, tuple[str, ...]]]:
    """The faces a font set names, each with what it is for, in the order of the set."""
    table = FONT_SETS[fonts]
    found: dict[str, list[str]] = {}
    for role, name in table.items():
        found.setdefault(name, []).append(ROLE_LABELS[role])
    found.setdefault(LATIN_FONT, []).append(LATIN_LABEL)
    return [(name, tuple(uses)) for name, uses in found.items()]


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name).casefold()


def _has(face: str, families: set[str]) -> bool:
    return any(_key(name) in families for name in (face, *ALIASES.get(face, ())))


class FontCheck:
    """The faces of a font set this machine lacks, found early: fontconfig's list is asked for at once and read when wanted, so the
    wait overlaps whatever the caller does meanwhile (a document being made). What was found is kept in
    docgen's cache folder for as long as the font folders stay as they were, so most runs ask nothing.
    Not for use across a fork."""

    def __init__(self, fonts: str) -> None:
        self.fonts = fonts
        self._process: subprocess.Popen[str] | None = None
        self._fingerprint = font_fingerprint()
        self._known = _cached_families(self._fingerprint)
        fc_list = shutil.which("fc-list")
        if self._known is None and fc_list and sys.platform != "win32":
            try:
                self._process = subprocess.Popen(  # noqa: S603 - no shell
                    [fc_list, ":", "family"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace")
            except OSError:
                self._process = None

    def missing(self) -> list[str]:
        families = self._known
        if families is None and self._process is not None:
            try:
                out, _ = self._process.communicate(timeout=FC_TIMEOUT)
                if self._process.returncode == 0:
                    families = _families(out)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.communicate()
        if families is None:  # fontconfig not there, or it failed just now: asking it again would not help
            families = installed_families() if self._process is None else file_families()
        if self._known is None:
            _remember_families(self._fingerprint, families)
        return [name for name, _ in faces_of(self.fonts) if not _has(name, families)]


# -- the cache of what is installed ----------------------------------------------------------------------

_CACHE_FILE = "fonts-v1.json"


def font_fingerprint() -> str:
    """What changes when a font is installed or removed: the font folders, their folders one and two levels
    down (a font package adds its own) and fontconfig's caches, each with its modification time."""
    marks = []
    folders = [*font_folders(), Path("/var/cache/fontconfig"), Path.home() / ".cache" / "fontconfig"]
    for folder in folders:
        for path in [folder, *_subfolders(folder, 2)]:
            try:
                marks.append(f"{path}:{path.stat().st_mtime_ns}")
            except OSError:
                continue
    return "\n".join(marks)


def _subfolders(folder: Path, depth: int) -> list[Path]:
    if depth == 0:
        return []
    try:
        children = [child for child in folder.iterdir() if child.is_dir()]
    except OSError:
        return []
    return [grand for child in sorted(children) for grand in (child, *_subfolders(child, depth - 1))]


def _cached_families(fingerprint: str) -> set[str] | None:
    folder = cache_folder()
    try:
        data = json.loads((folder / _CACHE_FILE).read_text("utf-8")) if folder else None
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        return None
    families = data.get("families")
    return set(families) if isinstance(families, list) and all(isinstance(f, str) for f in families) else None


def _remember_families(fingerprint: str, families: set[str]) -> None:
    """Best effort: a cache folder that cannot be written only means the next run asks fontconfig again."""
    folder = cache_folder()
    if folder is None:
        return
    data = json.dumps({"fingerprint": fingerprint, "families": sorted(families)}, ensure_ascii=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / _CACHE_FILE, data.encode("utf-8"))
    except (OSError, DocgenError):
        pass


def font_report(fonts: str) -> list[Face]:
    """Every face of the set: installed or not and, for a missing one, what LibreOffice would draw."""
    families = installed_families()
    listed = [(name, uses, _has(name, families)) for name, uses in faces_of(fonts)]
    substitutes = substitutes_for([name for name, _, present in listed if not present])
    return [Face(name, uses, present, substitutes.get(name, "")) for name, uses, present in listed]


# -- what is installed ---------------------------------------------------------------------------------


def installed_families() -> set[str]:
    """Every family name of every installed font, normalised (no spaces, case-folded)."""
    fc_list = shutil.which("fc-list")
    if fc_list and sys.platform != "win32":
        done = _run([fc_list, ":", "family"])
        if done is not None:
            return _families(done)
    return file_families()


def file_families() -> set[str]:
    """The family names inside the font files of the usual font folders (no fontconfig asked)."""
    names: set[str] = set()
    for folder in font_folders():
        for path in _font_files(folder):
            names |= {_key(name) for name in family_names(path)}
    return names


def _families(listing: str) -> set[str]:
    """fc-list's lines ("FangSong,仿宋") as normalised names."""
    return {_key(name) for line in listing.splitlines() for name in line.split(",") if name.strip()}


def font_folders() -> list[Path]:
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
        local = os.environ.get("LOCALAPPDATA", "")
        own = [Path(local) / "Microsoft" / "Windows" / "Fonts"] if local else []  # installed for this user
        folders = [Path(windir) / "Fonts", *own]
    elif sys.platform == "darwin":
        folders = [Path("/System/Library/Fonts"), Path("/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    else:
        folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
                   Path.home() / ".local" / "share" / "fonts"]
    return [folder for folder in folders if folder.is_dir()]


def _font_files(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES and p.is_file()]
    except OSError:
        return []


def _run(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=FC_TIMEOUT, stdin=subprocess.DEVNULL)  # noqa: S603 - no shell
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


# -- what LibreOffice draws instead --------------------------------------------------------------------


def substitutes_for(faces: list[str]) -> dict[str, str]:
    """For each missing face, the font LibreOffice uses instead (faces it cannot tell are left out)."""
    if not faces:
        return {}
    fc_match = shutil.which("fc-match")
    if fc_match and sys.platform != "win32":
        found = {}
        for face in faces:
            pattern = face if face == LATIN_FONT else f"{face}:lang=zh-cn"
            answer = _run([fc_match, "-f", "%{family[0]}", pattern])
            if answer and answer.strip():
                found[face] = answer.strip()
        return found
    return _probe(faces)


def _probe(faces: list[str]) -> dict[str, str]:
    """Ask LibreOffice itself: one short document per face, converted together; each PDF names its font."""
    from .office import convert, find_soffice

    soffice = find_soffice()
    if soffice is None:
        return {}
    with tempfile.TemporaryDirectory(prefix="docgen-fonts-") as tmp:
        documents = []
        for n, face in enumerate(faces):
            path = Path(tmp) / f"face{n}.docx"
            write_docx_parts(path, _sample_docx(face))
            documents.append(path)
        try:
            results = convert(documents, soffice)
        except Exception:  # a diagnosis must not fail because LibreOffice did
            return {}
        found = {}
        for face, result in zip(faces, results):
            used = pdf_font_names(result.pdf.read_bytes()) if result.pdf else []
            if used:
                found[face] = "、".join(used)
        return found


def pdf_font_names(pdf: bytes) -> list[str]:
    """The fonts a PDF uses, by name, without the subset tag (ABCDEF+SimSun -> SimSun)."""
    names = re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)", pdf)
    return list(dict.fromkeys(name.decode("latin-1") for name in names))


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_RELS = "application/vnd.openxmlformats-package.relationships+xml"


def _sample_docx(face: str) -> list[tuple[str, bytes]]:
    """A package of one paragraph set in `face` (Chinese text, or Latin for the Latin face)."""
    text = "Times New Roman 2026" if face == LATIN_FONT else "对照检查材料"
    fonts = f'w:ascii="{face}" w:hAnsi="{face}" w:eastAsia="{face}" w:cs="{face}"'
    document = (f'{_XML}<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:rPr><w:rFonts {fonts}/>'
                f'<w:lang w:eastAsia="zh-CN"/></w:rPr><w:t>{text}</w:t></w:r></w:p></w:body></w:document>')
    types = (f'{_XML}<Types xmlns="{_PACKAGE}/content-types">'
             f'<Default Extension="rels" ContentType="{_RELS}"/>'
             f'<Override PartName="/word/document.xml" ContentType="{_MAIN}"/></Types>')
    rels = (f'{_XML}<Relationships xmlns="{_PACKAGE}/relationships">'
            f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/></Relationships>')
    return [("[Content_Types].xml", types.encode()), ("_rels/.rels", rels.encode()),
            ("word/document.xml", document.encode("utf-8"))]
