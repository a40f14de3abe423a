"""Reading helpers for tests of produced .docx files: text, styles and resolved run properties."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"w": W, "r": R}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def attrs(el: etree._Element) -> dict[str, str]:
    """An element's attributes by local name: {"w": "11906", "h": "16838"}."""
    return {etree.QName(k).localname: v for k, v in el.attrib.items()}


def part_xml(path: Path | str, name: str) -> etree._Element:
    """The parsed root of zip member `name` (e.g. "word/styles.xml")."""
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def part_names(path: Path | str) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def paragraph_text(p: etree._Element) -> str:
    """Text of a w:p: w:t as is, w:br and w:cr as "\\n", w:tab as "\\t"; field codes left out."""
    out = []
    for el in p.iter(w("t"), w("br"), w("cr"), w("tab")):
        if el.tag == w("t"):
            out.append(el.text or "")
        elif el.tag == w("tab"):
            if el.getparent().tag == w("r"):  # not a tab stop definition in w:tabs
                out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def body_paragraphs(path: Path | str) -> list[etree._Element]:
    return part_xml(path, "word/document.xml").findall("w:body//w:p", NS)


def document_paragraphs(path: Path | str) -> list[str]:
    """The text of each paragraph of the document body, in order."""
    return [paragraph_text(p) for p in body_paragraphs(path)]


# --- resolving formatting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RunInfo:
    text: str
    east_asia: str | None  # "theme:<name>" when a theme attribute decides it
    ascii: str | None
    size: int | None  # half-points
    bold: bool
    style: str | None  # character style id


@dataclass(frozen=True)
class ParagraphInfo:
    style: str
    text: str
    runs: list[RunInfo] = field(default_factory=list)
    ppr: dict[str, str] = field(default_factory=dict)  # resolved: "jc", "ind.firstLine", "spacing.line"…


class Styles:
    """styles.xml, with lookups along basedOn chains."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.by_id = {s.get(w("styleId")): s for s in root.findall("w:style", NS)}
        self.defaults = {kind: next((s.get(w("styleId")) for s in root.findall("w:style", NS)
                                     if s.get(w("type")) == kind and s.get(w("default")) == "1"), None)
                         for kind in ("paragraph", "character")}

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and its ancestors, nearest first."""
        out, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find("w:basedOn", NS)
            style_id = based.get(w("val")) if based is not None else None
        return out

    def rpr_default(self) -> etree._Element | None:
        return self.root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)

    def ppr_default(self) -> etree._Element | None:
        return self.root.find("w:docDefaults/w:pPrDefault/w:pPr", NS)


def _font(rpr: etree._Element | None, slot: str) -> str | None:
    """The font a w:rPr names for a slot ("eastAsia" or "ascii"); theme attributes win over names."""
    if rpr is None:
        return None
    rfonts = rpr.find("w:rFonts", NS)
    if rfonts is None:
        return None
    theme = rfonts.get(w("cstheme" if slot == "cs" else f"{slot}Theme"))
    if theme:
        return f"theme:{theme}"
    return rfonts.get(w(slot))


def _size(rpr: etree._Element | None) -> int | None:
    sz = rpr.find("w:sz", NS) if rpr is not None else None
    return int(sz.get(w("val"))) if sz is not None else None


def _bold(rpr: etree._Element | None) -> bool | None:
    b = rpr.find("w:b", NS) if rpr is not None else None
    if b is None:
        return None
    return b.get(w("val"), "true") not in ("0", "false", "off")


def _first(values) -> object:
    return next((v for v in values if v is not None), None)


def resolve_run(run: etree._Element, para_style: str | None, styles: Styles) -> RunInfo:
    direct = run.find("w:rPr", NS)
    rstyle = direct.find("w:rStyle", NS) if direct is not None else None
    char_id = rstyle.get(w("val")) if rstyle is not None else styles.defaults["character"]
    layers = [direct]
    layers += [s.find("w:rPr", NS) for s in styles.chain(char_id)]
    layers += [s.find("w:rPr", NS) for s in styles.chain(para_style)]
    layers.append(styles.rpr_default())
    return RunInfo(
        text=paragraph_text(run),
        east_asia=_first(_font(r, "eastAsia") for r in layers),
        ascii=_first(_font(r, "ascii") for r in layers),
        size=_first(_size(r) for r in layers),
        bold=bool(_first(_bold(r) for r in layers)),
        style=rstyle.get(w("val")) if rstyle is not None else None,
    )


_PPR_KEYS = {"jc": ("val",), "ind": ("firstLine", "firstLineChars", "left", "right", "rightChars", "hanging"),
             "spacing": ("before", "after", "line", "lineRule"), "outlineLvl": ("val",),
             "keepNext": ("val",), "snapToGrid": ("val",), "pageBreakBefore": ("val",)}


def resolve_paragraph_properties(p: etree._Element, styles: Styles) -> dict[str, str]:
    """Selected paragraph properties, attribute by attribute, through direct formatting, the style
    chain and docDefaults. Keys: "jc", "ind.firstLine", "spacing.line", "keepNext" ("1" when on)…"""
    ppr = p.find("w:pPr", NS)
    pstyle = ppr.find("w:pStyle", NS) if ppr is not None else None
    style_id = pstyle.get(w("val")) if pstyle is not None else styles.defaults["paragraph"]
    layers = [ppr] + [s.find("w:pPr", NS) for s in styles.chain(style_id)] + [styles.ppr_default()]
    out: dict[str, str] = {}
    for layer in reversed([x for x in layers if x is not None]):  # nearest last, so it wins
        for tag, attrs in _PPR_KEYS.items():
            el = layer.find(f"w:{tag}", NS)
            if el is None:
                continue
            for attr in attrs:
                value = el.get(w(attr))
                if value is None and attr == "val" and tag in ("keepNext", "snapToGrid", "pageBreakBefore"):
                    value = "1"  # a bare toggle element means on
                if value is not None:
                    out[tag if attr == "val" else f"{tag}.{attr}"] = value
    return out


def paragraphs_info(root: etree._Element, styles: Styles) -> list[ParagraphInfo]:
    """Every paragraph under `root` (a document or footer part) with resolved runs and properties."""
    result = []
    for p in root.iter(w("p")):
        ppr = p.find("w:pPr", NS)
        pstyle = ppr.find("w:pStyle", NS) if ppr is not None else None
        style_id = pstyle.get(w("val")) if pstyle is not None else styles.defaults["paragraph"]
        runs = [resolve_run(r, style_id, styles) for r in p.iter(w("r"))]
        result.append(ParagraphInfo(style_id, paragraph_text(p), runs, resolve_paragraph_properties(p, styles)))
    return result


def paragraph_runs(path: Path | str) -> list[ParagraphInfo]:
    """Each body paragraph: style id, text, runs with resolved eastAsia/ascii font and size."""
    styles = Styles(part_xml(path, "word/styles.xml"))
    return paragraphs_info(part_xml(path, "word/document.xml").find("w:body", NS), styles)


def section_properties(path: Path | str) -> etree._Element:
    return part_xml(path, "word/document.xml").find("w:body/w:sectPr", NS)


def _document_rels(path: Path | str) -> dict[str, str]:
    rels = part_xml(path, "word/_rels/document.xml.rels")
    return {r.get("Id"): r.get("Target") for r in rels.findall(f"{{{PKG_REL}}}Relationship")}


def footers(path: Path | str) -> dict[str, etree._Element]:
    """Footer roots by reference type ("default", "even", "first") of the last section."""
    rels = _document_rels(path)
    out = {}
    for ref in section_properties(path).findall("w:footerReference", NS):
        target = posixpath.normpath(posixpath.join("word", rels[ref.get(f"{{{R}}}id")]))
        out[ref.get(w("type"))] = part_xml(path, target)
    return out


def footer_paragraphs(path: Path | str) -> dict[str, list[ParagraphInfo]]:
    styles = Styles(part_xml(path, "word/styles.xml"))
    return {kind: paragraphs_info(root, styles) for kind, root in footers(path).items()}


def field_codes(root: etree._Element) -> list[str]:
    """Instructions of simple and complex fields under `root`, stripped ("PAGE")."""
    codes = [f.get(w("instr"), "").strip() for f in root.iter(w("fldSimple"))]
    codes += [(t.text or "").strip() for t in root.iter(w("instrText"))]
    return codes
