"""Cleaning helpers for PDF- and HTML-extracted table text."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

_CJK = (
    "\u2e80-\u2fff"  # radicals
    "\u3000-\u303f"  # CJK punctuation
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    "\uff00-\uffef"  # full-width forms
    "\u2018-\u201f"  # curly quotes, used as CJK punctuation here
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
# Whitespace that PDF extraction put between two CJK characters ("進行內外部 分析").
_CJK_GAP = re.compile(f"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}])")
_NOTE_MARK = re.compile(r"【\s*註\s*(\d+)\s*】")
_SUPERSCRIPT = re.compile(r"\^\{\s*(.*?)\s*\}")
_MARKDOWN = re.compile(r"\*\*(.*?)\*\*")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
# A markdown autolink `<https://www.hkqr.gov.hk>` is an address the reader needs, not a tag.
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•●◆■▪·]|\\\*)\s*")
_ENUMERATOR = re.compile(r"^\s*(?:\d+\s*[.、．]|[一二三四五六七八九十]+\s*、|\(\d+\)|（\d+）)\s*")


def is_cjk(char: str) -> bool:
    return bool(char) and bool(_CJK_CHAR.match(char))


def strip_tags(text: str) -> str:
    """Remove markup (script and style with their content) and decode entities; autolinks keep their address."""
    text = _SCRIPT.sub(" ", text)
    text = _AUTOLINK.sub(r" \1 ", text)  # spaced, so that no CJK punctuation joins the address
    text = _TAG.sub(" ", text)
    return html.unescape(text)


def tidy(text: str) -> str:
    """One clean line: no markup, single spaces, no gaps inside CJK words."""
    text = _SUPERSCRIPT.sub(r"\1", text)
    text = strip_tags(text)
    text = _MARKDOWN.sub(r"\1", text)
    text = text.replace("\\*", "*")
    text = _NOTE_MARK.sub(r"【註\1】", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _CJK_GAP.sub("", text)
    return text


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text).strip()


def strip_enumerator(text: str) -> str:
    """`4. 按照…` -> `按照…`; `一、評量證據` -> `評量證據`."""
    return _ENUMERATOR.sub("", text).strip()


def join_fragments(head: str, tail: str) -> str:
    """Rejoin a cell that a page break split in two.

    Chinese has no spaces between words, so two CJK ends are glued directly;
    anything else keeps a space so that codes stay separate tokens.
    """
    head, tail = head.rstrip(), tail.lstrip()
    if not head:
        return tail
    if not tail:
        return head
    sep = "" if is_cjk(head[-1]) and is_cjk(tail[0]) else " "
    return head + sep + tail


def split_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


def split_coded(text: str, code_pattern: str) -> list[tuple[str, str]]:
    """Split `K01 a K02 b` into [("K01", "a"), ("K02", "b")].

    A code only starts where it is not glued to a preceding Latin letter or digit,
    so `SWOT` or `ISO9001` never start an item; CJK text may touch the code
    (`K03訓練與發展`).
    """
    pattern = re.compile(rf"(?<![A-Za-z0-9.])({code_pattern})(?![0-9])")
    matches = list(pattern.finditer(text))
    items = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        items.append((match.group(1), tidy(text[match.end() : end])))
    return items


def normalised_for_comparison(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Block:
    """A paragraph or list item from HTML; depth 0 for paragraphs."""

    kind: str  # "p" or "li"
    depth: int
    text: str


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._list_depth = 0
        self._kind = "p"
        self._depth = 0
        self._buffer: list[str] = []
        self._skip = 0

    def _flush(self) -> None:
        text = tidy("".join(self._buffer))
        if text:
            self.blocks.append(Block(self._kind, self._depth, text))
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("ol", "ul"):
            self._flush()
            self._list_depth += 1
        elif tag == "li":
            self._flush()
            self._kind, self._depth = "li", self._list_depth
        elif tag in ("p", "br", "div"):
            self._flush()
            if self._list_depth == 0:
                self._kind, self._depth = "p", 0

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("ol", "ul"):
            self._flush()
            self._list_depth = max(0, self._list_depth - 1)
            self._kind, self._depth = ("li", self._list_depth) if self._list_depth else ("p", 0)
        elif tag in ("li", "p", "div"):
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._buffer.append(data)

    def close(self):
        super().close()
        self._flush()


def html_blocks(text: str) -> list[Block]:
    """Paragraphs and list items of an HTML fragment, with list depth kept."""
    text = _SUPERSCRIPT.sub(r"\1", text)
    parser = _BlockParser()
    parser.feed(text)
    parser.close()
    return parser.blocks


def html_items(text: str) -> tuple[str, ...]:
    """The texts of an HTML fragment's blocks, bullets and enumerators removed."""
    return tuple(t for t in (strip_bullet(b.text) for b in html_blocks(text)) if t)


def parse_definition(text: str) -> tuple[str, str, str] | None:
    """`【註1】利益關係人：如學員…` -> ("1", "利益關係人", "如學員…")."""
    match = re.match(r"^【註(\d+)】\s*(.*)$", tidy(text))
    if not match:
        return None
    mark, rest = match.groups()
    parts = re.split(r"[：:]", rest, maxsplit=1)
    if len(parts) == 1:
        return mark, "", rest
    return mark, parts[0].strip(), parts[1].strip()


def first_int(text: str) -> int | None:
    match = re.search(r"\d+", text or "")
    return int(match.group()) if match else None
