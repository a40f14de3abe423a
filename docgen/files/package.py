"""An OPC package's relationships: the main part, the parts only pictures point at, sheets and styles (stdlib only)."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Callable, Iterable

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOCUMENT = f"{REL_NS}/officeDocument"
# Word 2010+ writes a second officeDocument type for strict documents.
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
IMAGE = f"{REL_NS}/image"
STYLES = f"{REL_NS}/styles"

# Parse = (part name) -> its root element, or None when the package has no such part.
Parse = Callable[[str], "ET.Element | None"]


@dataclass(frozen=True)
class Relationship:
    source: str  # the part that holds it ("" for the package)
    id: str
    type: str
    target: str  # a part name ("word/document.xml") or, when external, the address as written
    external: bool = False


def source_of(rels: str) -> str | None:
    """The part a relationships part belongs to (the package itself is ""); None if not one."""
    folder, name = posixpath.split(rels)
    if posixpath.basename(folder) != "_rels" or not name.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")]).lstrip("/")


def relationships(rels_names: Iterable[str], parse: Parse) -> list[Relationship]:
    """Every relationship in the given .rels parts, with targets resolved to part names."""
    found = []
    for rels in rels_names:
        source = source_of(rels)
        root = parse(rels) if source is not None else None
        if root is None:
            continue
        base = posixpath.dirname(source)  # type: ignore[arg-type]
        for el in root:
            if el.tag.rpartition("}")[2] != "Relationship":
                continue
            target, external = el.get("Target", ""), el.get("TargetMode", "") == "External"
            if not external:
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(base, target))
            found.append(Relationship(source, el.get("Id", ""), el.get("Type", ""), target,  # type: ignore[arg-type]
                                      external))
    return found


def main_part(rels: list[Relationship]) -> str | None:
    """The package's main part (the document of a .docx, the workbook of an .xlsx), by relationship."""
    return next((r.target for r in rels if r.source == "" and not r.external
                 and r.type in (OFFICE_DOCUMENT, STRICT_OFFICE_DOCUMENT)), None)


def pictures_only(rels: list[Relationship]) -> set[str]:
    """Parts that only picture relationships point at: loaded as pictures, never parsed as XML (an SVG
    picture may carry a harmless DOCTYPE). A part any other relationship reaches is not one of them."""
    pictures = {r.target for r in rels if not r.external and r.type == IMAGE}
    others = {r.target for r in rels if not r.external and r.type != IMAGE}
    return pictures - others


@dataclass(frozen=True)
class Sheet:
    name: str
    part: str
    hidden: bool  # state="hidden" or "veryHidden"


def sheets(workbook: str, rels: list[Relationship], parse: Parse) -> list[Sheet]:
    """The workbook's worksheets in order, with their parts and whether they are hidden."""
    book = parse(workbook)
    if book is None:
        return []
    targets = {r.id: r.target for r in rels if r.source == workbook and not r.external}
    found = []
    for el in book.iter():
        if el.tag.rpartition("}")[2] == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.rpartition("}")[2] == "id"), None)
            if rid in targets and el.get("name") is not None:
                found.append(Sheet(el.get("name"), targets[rid],  # type: ignore[arg-type]
                                   el.get("state", "visible") in ("hidden", "veryHidden")))
    return found


def number_formats(styles: ET.Element | None) -> tuple[tuple[int, str], ...]:
    """The number formats cells can be styled with: (numFmtId, custom code or "" for a built-in one)."""
    if styles is None:
        return ()
    custom = {el.get("numFmtId", ""): el.get("formatCode", "") for el in styles.iter()
              if el.tag.rpartition("}")[2] == "numFmt"}
    used: dict[tuple[int, str], None] = {}
    for el in styles.iter():
        if el.tag.rpartition("}")[2] == "cellXfs":
            for xf in el:
                ident = xf.get("numFmtId", "0")
                if ident.isdigit() and len(ident) < 6:
                    used[(int(ident), custom.get(ident, ""))] = None
    return tuple(used)
