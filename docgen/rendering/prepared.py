"""A template prepared once (engine.py does that with docxtpl), rendered here for any number of reports
without docxtpl or python-docx: Jinja in the sandbox, then docxtpl's own steps (after.py).

A prepared template is data only (Jinja source, XML and the parts as bytes), so that the copy kept on
disk between runs (cache.py) can hold no code: whatever it says is compiled by the sandbox afresh.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from ..errors import Finding, TemplateError
from ..files.docx_parts import FAST_DEFLATE_CHARS, FAST_LEVEL, Deflated, Deflating, inflated, zip_bytes
from ..files.provenance import stamp_docx
from ..model import Report, Source
from .after import after_jinja, parse_shell, part_bytes, write_body
from .context import VIEWS, build_context
from .ooxml import core_properties
from .sandbox import Environment, Exhausted, JinjaError, SecurityError, TemplateSyntaxError, UndefinedError
from .sandbox import render as render_bounded
from .sandbox import render_pieces

HINT = "请在 Word 或 WPS 中打开模板，修改该段中的 {{ }} 或 {% %} 标签；可用的变量见 README"
_TAGS = ("{{", "{%", "{#")
T = TypeVar("T")


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


@dataclass(frozen=True)
class PreparedPart:
    name: str  # zip member name
    source: str  # the part's XML patched by docxtpl into Jinja source, one paragraph a line
    paragraphs: tuple[str, ...]  # the text of each paragraph as the user sees it in Word
    where: str = "正文"  # what the user calls the part: 正文, 页眉, 页脚, 脚注, 尾注
    static: bytes = b""  # the rendered part, when it has no tags and so is the same for every report


@dataclass(frozen=True)
class Prepared:
    """Everything rendering needs from a template, as data."""

    parts: tuple[tuple[str, bytes], ...]  # the package's parts in order, as docxtpl saves the template
    main_part: str  # whatever the package relationships name (word/document2.xml in some)
    core_part: str
    shell: bytes  # the main part without its body
    body_index: int  # where the body goes back in
    signature_styles: tuple[tuple[str, ...], tuple[str, ...]]  # style ids of 落款 and 成文日期
    body: PreparedPart
    others: tuple[PreparedPart, ...]  # headers, footers, footnotes, endnotes
    notes: tuple[tuple[str, str, str, str], ...] = ()  # (level, message, hint, code) about the template


# What a template's rendering may fail with: told as the template's error, at its paragraph.
_FAILURES = (Exhausted, MemoryError, SecurityError, UndefinedError, JinjaError, ArithmeticError, TypeError,
             ValueError, AttributeError, LookupError, RecursionError)
# Past this many characters of body (and never below the fast deflating's), its finished parts are written
# as they come (see after.write_body).
STREAM_CHARS = FAST_DEFLATE_CHARS
KEEP_CHARS = 1_000_000  # a main part of at most this many characters is kept uncompressed as well


def _deflating(size: int) -> Deflating:
    """The sink of a main part of `size` characters: zlib's fastest level for a very long one."""
    if size > FAST_DEFLATE_CHARS:
        return Deflating(FAST_LEVEL)
    return Deflating(keep=size <= KEEP_CHARS)  # a usual part's bytes kept too: stamp_docx digests them


class PreparedTemplate:
    """A prepared template compiled in the sandbox, rendered for any number of reports."""

    def __init__(self, prepared: Prepared, label: str) -> None:
        self.label = label
        self.env = Environment(plain=VIEWS)
        self.notes = tuple(Finding(level, Source(file=label), message, hint, code)  # type: ignore[arg-type]
                           for level, message, hint, code in prepared.notes)
        self._body = self._compile(prepared.body)
        others = []
        for part in prepared.others:
            if not part.static and not any(tag in part.source for tag in _TAGS):
                part = dataclasses.replace(part, static=self._render_other(part, self._compile(part), {}))
            others.append((part, None if part.static else self._compile(part)))
        self._others = others
        self.prepared = dataclasses.replace(prepared, others=tuple(part for part, _ in others))
        self._shell = parse_shell(prepared.shell)
        # The parts every document shares, stamped as stamp_docx will find them, deflated on first use.
        rendered = {prepared.main_part, prepared.core_part} | {p.name for p, t in others if t is not None}
        statics = {p.name: p.static for p, _ in others if p.static}
        self._parts = stamp_docx([(name, statics.get(name, data)) for name, data in prepared.parts])
        self._shared: dict[str, tuple[bytes, Deflated | None]] = {
            name: (data, None) for name, data in self._parts if name not in rendered}

    # -- compiling and errors --------------------------------------------------------------------

    def _compile(self, part: PreparedPart) -> Any:
        try:
            return self.env.from_string(part.source)
        except TemplateSyntaxError as err:
            raise self._error(err, part, "模板标签有语法错误") from err
        except (RecursionError, SyntaxError, MemoryError) as err:  # Python's own compiler gave up
            raise self._error(TemplateSyntaxError("too deeply nested", 1), part, "模板标签有语法错误") from err

    def _error(self, err: BaseException, part: PreparedPart, what: str, lineno: int | None = None) -> TemplateError:
        from .template_errors import describe, find_paragraph  # only when a template fails (25 patterns)

        lineno = lineno or getattr(err, "lineno", None)
        place = where = part.where
        found = find_paragraph(part.paragraphs, tuple(part.source.split("\n")), lineno, str(err))
        if found:
            number, text = found
            place = f"{where}第 {number} 段「{text[:60]}」"
        detail = describe(err)
        return TemplateError(f"{place}：{what}" + (f"（{detail}）" if detail else ""), file=self.label, hint=HINT)

    # -- rendering -------------------------------------------------------------------------------

    def _render_part(self, part: PreparedPart, template: Any, context: dict[str, Any]) -> str:
        return after_jinja(self._jinja(part, template, context))  # no reference kept here: freed sooner

    def _jinja(self, part: PreparedPart, template: Any, context: dict[str, Any]) -> str:
        return self._guarded(part, lambda: render_bounded(self.env, template, context))

    def _guarded(self, part: PreparedPart, run: Callable[[], T]) -> T:
        """run() (which renders `part`), a template's failure told as the template's error."""
        try:
            return run()
        except _FAILURES as err:
            raise self._failure(part, err) from err

    def _guarded_pieces(self, part: PreparedPart, pieces: Iterator[str]) -> Iterator[str]:
        """The pieces of `part` rendered, a template's failure told as the template's error (only the
        rendering's: what the caller does with a piece is its own)."""
        try:
            yield from pieces
        except _FAILURES as err:
            raise self._failure(part, err) from err

    def _failure(self, part: PreparedPart, err: BaseException) -> TemplateError:
        from .template_errors import template_line

        if isinstance(err, (Exhausted, MemoryError)):
            return self._error(err, part, "模板运行超出限制，已停止", template_line(err))
        if isinstance(err, SecurityError):
            return self._error(err, part, "模板试图访问不安全的内容，已拒绝", template_line(err))
        if isinstance(err, UndefinedError):
            what = "模板试图访问不安全的内容，已拒绝" if "unsafe" in str(err) else "模板使用了未知的变量"
            return self._error(err, part, what, template_line(err))
        return self._error(err, part, "模板运行出错", template_line(err))

    def _render_other(self, part: PreparedPart, template: Any, context: dict[str, Any]) -> bytes:
        return part_bytes(self._render_part(part, template, context))

    def document_xml(self, context: dict[str, Any]) -> bytes:
        """The rendered main part, exactly as docxtpl would produce it, then the signature placed."""
        return b"".join(inflated(self.document_part(context)))

    def document_part(self, context: dict[str, Any]) -> Deflated:
        """document_xml deflated as it is serialised: a long document is never held whole as text, as a
        tree or as bytes."""
        pieces = self._guarded_pieces(self.prepared.body, render_pieces(self.env, self._body, context))
        out = write_body(pieces, self._shell, self.prepared.body_index, self.prepared.signature_styles,
                         _deflating, max(STREAM_CHARS, FAST_DEFLATE_CHARS))
        return out.deflated()

    def render(self, report: Report) -> bytes:
        """The complete .docx of `report`, byte-identical for equal inputs."""
        context = build_context(report)
        rendered = {self.prepared.main_part: self.document_part(context),
                    self.prepared.core_part: core_properties(report)}
        for part, template in self._others:
            if template is not None:
                rendered[part.name] = self._render_other(part, template, context)
        # what docgen wrote, recorded in the document, so a copy the user changed is never replaced silently
        parts = stamp_docx([(name, rendered.get(name, data)) for name, data in self._parts])
        return zip_bytes([(name, self._packed(name, data)) for name, data in parts])

    def _packed(self, name: str, data: bytes) -> bytes | Deflated:
        """A shared part deflated once per process; any other part as it is."""
        shared = self._shared.get(name)
        if shared is None or shared[0] is not data:
            return data
        if shared[1] is None:
            shared = self._shared[name] = (data, Deflated.of(data))
        return shared[1]  # type: ignore[return-value]
