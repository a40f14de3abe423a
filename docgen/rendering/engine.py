"""A template file -> a prepared template (prepared.py), with docxtpl: the one module that loads a
template with docxtpl and python-docx. It runs only when the prepared copy in the cache is missing or stale."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docxtpl import DocxTemplate

from ..errors import DocgenError, Finding, TemplateError
from ..files.docx_parts import W_NS, read_docx_parts, write_docx_parts
from ..files.package import REL_NS
from ..files.safety import inspect_package
from ..model import Source
from .layout import DATE, SIGNATURE, font_mapping
from .ooxml import map_fonts
from .prepared import HINT, Prepared, PreparedPart, PreparedTemplate, default_template
from .sandbox import Environment
from .tags import damaged_tag
from .template_errors import paragraph_texts

__all__ = ["default_template", "fresh_template", "make_environment", "prepare"]

ATTACHED_TEMPLATE = f"{REL_NS}/attachedTemplate"
NOTES = {"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml": "脚注",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml": "尾注"}


def make_environment() -> Environment:
    """The sandboxed Jinja environment templates render in (tests render docxtpl's own way with it)."""
    return Environment()


def prepare(path: Path | None = None, fonts: str = "standard") -> Prepared:
    """Load, check and patch the template at `path` (default: the built-in one) for font set `fonts`."""
    return _Builder(Path(path) if path else default_template(), fonts).prepared


def fresh_template(path: Path | None = None, fonts: str = "standard") -> PreparedTemplate:
    """The template prepared from scratch, never from the cache (tests compare the two)."""
    typed = Path(path) if path else default_template()
    return PreparedTemplate(prepare(typed, fonts), typed.name)


class _Builder:
    """A template loaded and patched by docxtpl once, kept as data."""

    def __init__(self, path: Path, fonts: str) -> None:
        self.path, self.label, self.fonts = path, path.name, fonts
        self.docx = self._load()
        notes = tuple((f.level, f.message, f.hint, f.code) for f in self._external_links())
        parts = self._saved_parts()
        # The main part and the core properties are whatever the package relationships name (a template
        # saved elsewhere may call its main part word/document2.xml), never a fixed name.
        main_part = str(self.docx.docx.part.partname).lstrip("/")
        core_part = next((str(rel.target_part.partname).lstrip("/")
                          for rel in self.docx.docx.part.package.rels.values()
                          if rel.reltype == RT.CORE_PROPERTIES and not rel.is_external), "")
        shell, body_index = self._document_shell()
        # The 落款 and 成文日期 styles by name too: a template saved by LibreOffice calls them Style13, Style14.
        signature_styles = tuple(
            tuple(sorted({kind.style_id} | {style.style_id for style in self.docx.docx.styles
                                            if style.name == kind.name}))
            for kind in (SIGNATURE, DATE))
        body = self._patched(main_part, self.docx.get_xml(), "正文")
        others = tuple(self._patched(name, xml, where) for name, xml, where in self._other_parts())
        self.prepared = Prepared(tuple(parts), main_part, core_part, shell, body_index,
                                 signature_styles, body, others, notes)  # type: ignore[arg-type]

    def _load(self) -> DocxTemplate:
        inspect_package(self.path, "docx")
        try:
            mapping = font_mapping(self.fonts)
            members = [(n, map_fonts(d, mapping) if n.endswith(".xml") else d)
                       for n, d in read_docx_parts(self.path)]
            buffer = io.BytesIO()
            write_docx_parts(buffer, members)
            docx = DocxTemplate(io.BytesIO(buffer.getvalue()))
            docx.init_docx()
        except DocgenError:
            raise
        except Exception as err:  # python-docx raises many kinds for a broken package
            raise TemplateError(
                "无法打开模板", file=str(self.path),
                hint="模板必须是 Word 的 .docx 文件；请在 Word 或 WPS 中打开它并另存为 .docx 后重试",
            ) from err
        return docx

    def _external_links(self) -> list[Finding]:
        """Warnings about what the template links to elsewhere; a remote attached template (Word would
        fetch it on opening every report) is dropped."""
        notes, remote = [], []
        for part in self.docx.docx.part.package.iter_parts():
            for rid, rel in list(part.rels.items()):
                if not rel.is_external:
                    continue
                if rel.reltype == ATTACHED_TEMPLATE:
                    element = getattr(part, "element", None)  # the settings part
                    for link in element.findall(f"{{{W_NS}}}attachedTemplate") if element is not None else ():
                        element.remove(link)
                    part.drop_rel(rid)
                    notes.append(Finding("warning", Source(file=self.label), f"模板链接了外部的模板文件（{rel.target_ref}），"
                                         "生成的文档中已去掉这个链接", "Word 打开文档时会尝试访问这个地址；"
                                         "如不需要，请在 Word 的“开发工具 → 文档模板”中去掉它", "template-attached"))
                else:
                    remote.append(rel.target_ref)
        if remote:
            shown = "、".join(dict.fromkeys(remote[:5])) + ("等" if len(remote) > 5 else "")
            notes.append(Finding("warning", Source(file=self.label), f"模板中有指向外部的链接或图片（{shown}），"
                                 "每份生成的文档都会带上", "打开文档时 Word 可能会访问这些地址；如不需要，请在模板中删除它们",
                                 "template-external"))
        return notes

    def _saved_parts(self) -> list[tuple[str, bytes]]:
        buffer = io.BytesIO()
        self.docx.docx.save(buffer)
        return read_docx_parts(buffer.getvalue())

    def _other_parts(self) -> list[tuple[str, str, str]]:
        """(name, XML, what the user calls it) of the headers, footers, footnotes and endnotes: the parts
        besides the body that docxtpl renders, and the endnotes, so that no tag is left raw."""
        found = []
        for uri, where in ((DocxTemplate.HEADER_URI, "页眉"), (DocxTemplate.FOOTER_URI, "页脚")):
            for _key, part in self.docx.get_headers_footers(uri):
                found.append((str(part.partname).lstrip("/"), self.docx.get_part_xml(part), where))
        for part in self.docx.docx.part.package.iter_parts():
            if part.content_type in NOTES:
                blob = part.blob
                found.append((str(part.partname).lstrip("/"), blob.decode("utf-8") if isinstance(blob, bytes)
                              else blob, NOTES[part.content_type]))
        return found

    def _document_shell(self) -> tuple[bytes, int]:
        root = self.docx.docx.element
        index = list(root).index(root.body)
        shell = copy.deepcopy(root)
        shell.remove(shell[index])
        return serialize_part_xml(shell), index

    def _patched(self, name: str, xml: str, where: str) -> PreparedPart:
        patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.docx.patch_xml(xml))
        paragraphs = paragraph_texts(xml)
        damage = damaged_tag(paragraphs)  # before Jinja, which would take what follows an open tag into it
        if damage is not None:
            raise TemplateError(f"{where}第 {damage.paragraph} 段「{damage.text[:60]}」：模板标签不完整（"
                                f"{damage.problem}）", file=self.label, hint=HINT)
        return PreparedPart(name, patched, paragraphs, where)
