"""Report -> .docx through a docxtpl template, rendered in a sandboxed Jinja environment."""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import parse_xml, serialize_part_xml
from docxtpl import DocxTemplate

from ..errors import DocgenError, Finding, TemplateError
from ..files.docx_parts import W_NS, read_docx_parts, write_docx_parts
from ..files.package import REL_NS
from ..files.provenance import stamp_docx
from ..files.safety import inspect_package, open_regular
from ..model import Report, Source
from .context import build_context
from .layout import DATE, SIGNATURE, font_mapping
from .ooxml import core_properties, map_fonts, place_signature
from .sandbox import Environment, Exhausted, JinjaError, SecurityError, TemplateSyntaxError, UndefinedError
from .sandbox import render as render_bounded
from .tags import damaged_tag
from .template_errors import describe, find_paragraph, paragraph_texts, template_line


ATTACHED_TEMPLATE = f"{REL_NS}/attachedTemplate"
NOTES = {"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml": "脚注",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml": "尾注"}
HINT = "请在 Word 或 WPS 中打开模板，修改该段中的 {{ }} 或 {% %} 标签；可用的变量见 README"


@lru_cache(maxsize=1)
def default_template() -> Path:
    """The template shipped inside the package (or beside it, in a source checkout)."""
    from importlib import resources

    try:
        shipped = resources.files("docgen.templates").joinpath("branch.docx")
        if shipped.is_file():
            return Path(str(shipped))
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    return Path(__file__).resolve().parents[2] / "templates" / "branch.docx"


def make_environment() -> Environment:
    """The sandboxed Jinja environment templates render in (tests render docxtpl's own way with it)."""
    return Environment()


@dataclass(frozen=True)
class _CompiledPart:
    name: str  # zip member name
    template: Any  # jinja2.Template
    source_lines: tuple[str, ...]  # patched XML, one paragraph a line, for error messages
    paragraphs: tuple[str, ...]  # the text of each paragraph as the user sees it in Word
    where: str = "正文"  # what the user calls the part: 正文, 页眉, 页脚, 脚注, 尾注
    static: bytes = b""  # the rendered part, when it has no tags and so is the same for every report


class CompiledTemplate:
    """A template loaded, patched and compiled once, then rendered for any number of reports."""

    def __init__(self, path: Path | None = None, fonts: str = "standard") -> None:
        self.path = Path(path) if path else default_template()
        self.label = self.path.name
        self.fonts = fonts
        self.env = Environment()
        self.docx = self._load()
        self.notes = tuple(self._external_links())
        self.parts = self._static_parts()
        # The main part and the core properties are whatever the package relationships name (a template
        # saved elsewhere may call its main part word/document2.xml), never a fixed name.
        self.main_part = str(self.docx.docx.part.partname).lstrip("/")
        self.core_part = next((str(rel.target_part.partname).lstrip("/")
                               for rel in self.docx.docx.part.package.rels.values()
                               if rel.reltype == RT.CORE_PROPERTIES and not rel.is_external), "")
        self._shell, self._body_index = self._document_shell()
        # The 落款 and 成文日期 styles by name too: a template saved by LibreOffice calls them Style13, Style14.
        self._signature_styles = tuple(
            {kind.style_id} | {style.style_id for style in self.docx.docx.styles if style.name == kind.name}
            for kind in (SIGNATURE, DATE))
        self._body = self._compile(self.main_part, self.docx.get_xml(), "正文")
        self._others = [self._prerender(self._compile(name, xml, where)) for name, xml, where in self._other_parts()]

    # -- loading -------------------------------------------------------------------------------

    def _load(self) -> DocxTemplate:
        inspect_package(self.path, "docx")
        try:
            mapping = font_mapping(self.fonts)
            members = [(n, map_fonts(d, mapping) if n.endswith(".xml") else d)
                       for n, d in read_docx_parts(self.path)]
            docx = DocxTemplate(io.BytesIO(_zip(members)))
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

    def _static_parts(self) -> list[tuple[str, bytes]]:
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

    def _document_shell(self) -> tuple[Any, int]:
        root = self.docx.docx.element
        index = list(root).index(root.body)
        shell = copy.deepcopy(root)
        shell.remove(shell[index])
        return shell, index

    def _compile(self, name: str, xml: str, where: str) -> _CompiledPart:
        patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.docx.patch_xml(xml))
        lines = tuple(patched.split("\n"))
        paragraphs = paragraph_texts(xml)
        part = _CompiledPart(name, None, lines, paragraphs, where)
        damage = damaged_tag(paragraphs)  # before Jinja, which would take what follows an open tag into it
        if damage is not None:
            raise TemplateError(f"{where}第 {damage.paragraph} 段「{damage.text[:60]}」：模板标签不完整（"
                                f"{damage.problem}）", file=self.label, hint=HINT)
        try:
            template = self.env.from_string(patched)
        except TemplateSyntaxError as err:
            raise self._error(err, part, "模板标签有语法错误") from err
        except (RecursionError, SyntaxError, MemoryError) as err:  # Python's own compiler gave up
            raise self._error(TemplateSyntaxError("too deeply nested", 1), part, "模板标签有语法错误") from err
        return dataclasses.replace(part, template=template)

    def _prerender(self, part: _CompiledPart) -> _CompiledPart:
        if any(tag in line for line in part.source_lines for tag in ("{{", "{%", "{#")):
            return part
        return dataclasses.replace(part, static=self._render_other(part, {}))

    def _error(self, err: Exception, part: _CompiledPart, what: str,
               lineno: int | None = None) -> TemplateError:
        lineno = lineno or getattr(err, "lineno", None)
        place = where = part.where
        found = find_paragraph(part.paragraphs, part.source_lines, lineno, str(err))
        if found:
            number, text = found
            place = f"{where}第 {number} 段「{text[:60]}」"
        detail = describe(err)
        return TemplateError(f"{place}：{what}" + (f"（{detail}）" if detail else ""), file=self.label, hint=HINT)

    # -- rendering -----------------------------------------------------------------------------

    def _render_part(self, part: _CompiledPart, context: dict[str, Any]) -> str:
        try:
            xml = render_bounded(self.env, part.template, context)
        except (Exhausted, MemoryError) as err:
            raise self._error(err, part, "模板运行超出限制，已停止", template_line(err)) from err
        except SecurityError as err:
            raise self._error(err, part, "模板试图访问不安全的内容，已拒绝",
                              template_line(err)) from err
        except UndefinedError as err:
            what = "模板试图访问不安全的内容，已拒绝" if "unsafe" in str(err) else "模板使用了未知的变量"
            raise self._error(err, part, what, template_line(err)) from err
        except (JinjaError, ArithmeticError, TypeError, ValueError, AttributeError,
                LookupError, RecursionError) as err:
            raise self._error(err, part, "模板运行出错", template_line(err)) from err
        return _after_jinja(self.docx, xml)

    def _render_other(self, part: _CompiledPart, context: dict[str, Any]) -> bytes:
        xml = self._render_part(part, context)
        return serialize_part_xml(parse_xml(xml.encode("utf-8")))

    def document_xml(self, context: dict[str, Any]) -> bytes:
        """The rendered word/document.xml, exactly as docxtpl would produce it, then placed."""
        body = self.docx.fix_tables(self._render_part(self._body, context))
        self.docx.docx_ids_index = 1000
        self.docx.fix_docpr_ids(body)
        place_signature(body, *self._signature_styles)
        root = copy.deepcopy(self._shell)
        root.insert(self._body_index, body)
        return serialize_part_xml(root)

    def render(self, report: Report) -> bytes:
        """The complete .docx of `report`, byte-identical for equal inputs."""
        context = build_context(report)
        rendered = {self.main_part: self.document_xml(context), self.core_part: core_properties(report)}
        for part in self._others:
            rendered[part.name] = part.static or self._render_other(part, context)
        # what docgen wrote, recorded in the document, so a copy the user changed is never replaced silently
        return _zip(stamp_docx([(name, rendered.get(name, data)) for name, data in self.parts]))


def _zip(parts: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    write_docx_parts(buffer, parts)
    return buffer.getvalue()


_LISTING_CHARS = re.compile("[\t\a\n\f]")
_WORD_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.S)  # as docxtpl's resolve_listing splits


def _after_jinja(docx: DocxTemplate, xml: str) -> str:
    """docxtpl's own steps after Jinja (render_xml_part), so output matches docxtpl's."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    # resolve_listing rewrites only paragraphs holding \t \a \n \f; run it on just those (same result).
    return _WORD_PARAGRAPH.sub(
        lambda m: docx.resolve_listing(m.group(0)) if _LISTING_CHARS.search(m.group(0)) else m.group(0), xml)


# -- public entry points --------------------------------------------------------------------------


def load_template(path: Path | None = None, fonts: str = "standard") -> CompiledTemplate:
    """Load, patch and compile a template once per process (again only if the file changed)."""
    typed = Path(path) if path else default_template()
    return _load_template(typed, _stamp(typed), fonts)


def _stamp(path: Path) -> tuple[str, int, int]:
    """What tells one state of a template file from another: where it is, when it changed, its size."""
    try:
        stat = path.stat()
        return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return (str(path), 0, 0)  # missing: CompiledTemplate reports it by the name the user typed


@lru_cache(maxsize=8)
def _load_template(path: Path, stamp: tuple[str, int, int], fonts: str) -> CompiledTemplate:
    return CompiledTemplate(path, fonts)


_NEEDED = {"title": "标题", "organization": "落款单位", "name": "落款姓名", "date": "落款日期"}


def template_notes(template: Path | None = None, fonts: str = "standard") -> list[Finding]:
    """What the user should know about a template that renders (links to elsewhere)."""
    return list(load_template(Path(template) if template else None, fonts).notes)


def render(report: Report, template: Path | None = None, fonts: str = "standard") -> bytes:
    """The .docx of `report` through `template` (default: the built-in one); a report without a title,
    a signature or a date is refused, since the document would be missing them. The first rendering of
    a template other than the built-in one runs in a child process under a time and memory limit."""
    missing = report.missing()
    if missing:
        what = "、".join(_NEEDED[name] for name in missing)
        raise DocgenError(f"报告缺少{what}，无法生成文档",
                          hint=f"请在工作簿“基本信息”表中填写{what}后重试")
    vet_template(Path(template) if template else None, fonts, report)
    return load_template(Path(template) if template else None, fonts).render(report)


_VETTED: set[tuple[str, str]] = set()  # (digest of a template file, font set) that rendered within the limits


def vet_template(template: Path | None, fonts: str, report: Report) -> None:
    """Load, compile and render an unknown template once in a child process bounded in time and memory
    (the sandbox bounds every value, but not everything a template's size can cost); the built-in
    template and one that passed before are trusted."""
    if template is None or Path(template) == default_template():
        return
    found = _digest(Path(template), _stamp(Path(template)))  # read once per state of the file, not per report
    if found is None:
        return  # missing, unreadable or no regular file: loading it says so in the user's words
    digest = (found, fonts)
    if digest in _VETTED:
        return
    from .vetting import run_limited  # only for a template not vetted yet

    run_limited(functools.partial(_render_once, Path(template), fonts, report), Path(template).name)
    _VETTED.add(digest)


@lru_cache(maxsize=8)
def _digest(template: Path, stamp: tuple[str, int, int]) -> str | None:
    """The sha256 of the template file in the state `stamp` tells; None when it cannot be read."""
    try:
        with open_regular(template, str(template)) as fh:  # never a FIFO or /dev/zero
            return (hashlib.file_digest(fh, "sha256").hexdigest() if hasattr(hashlib, "file_digest")
                    else hashlib.sha256(fh.read()).hexdigest())
    except (DocgenError, OSError):
        return None


def _render_once(template: Path, fonts: str, report: Report) -> None:
    """What the child process does (module level, so that a spawned child can receive it)."""
    CompiledTemplate(template, fonts).render(report)
