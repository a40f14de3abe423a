"""Text of an altChunk (content Word shows from another file embedded in the document: HTML, an MHT
web archive or plain text), as paragraphs; standard library only."""

from __future__ import annotations

import email
import re
from html.parser import HTMLParser

from .text_reader import decode_text

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
MHT_TYPES = ("message/rfc822", "multipart/related")
_BLOCKS = frozenset({"p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
                     "blockquote", "section", "article", "dd", "dt", "pre", "hr"})
_HIDDEN = frozenset({"script", "style", "head", "title", "template"})
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.I)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.lines.append("")
        elif tag in ("td", "th"):
            self.lines[-1] += " "

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.lines[-1] += re.sub(r"\s+", " ", data)


def _decode(data: bytes) -> str:
    declared = _CHARSET.search(data[:2048])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)[0]


def html_lines(data: bytes) -> list[str]:
    parser = _Text()
    parser.feed(_decode(data))
    parser.close()
    return [line.strip() for line in parser.lines if line.strip()]


def chunk_lines(content_type: str, data: bytes) -> list[str] | None:
    """The chunk's paragraphs, or None for a kind of content that is not read (RTF, another .docx)."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in HTML_TYPES:
        return html_lines(data)
    if kind in TEXT_TYPES:
        return [line.strip() for line in decode_text(data)[0].splitlines() if line.strip()]
    if kind in MHT_TYPES:
        message = email.message_from_bytes(data)
        for part in message.walk():
            if part.get_content_type() in HTML_TYPES:
                payload = part.get_payload(decode=True)
                return html_lines(payload) if isinstance(payload, bytes) else []
        return []
    return None
