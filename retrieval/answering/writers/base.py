"""What every writer writes into: `Writing` (lines and the codes cited, in order), the sentences
of `vocabulary/messages.toml`, and `Draft`, a `Writing` for whole-record sections with the
record writers' zh/en sentence pairs. `Composition` is a finished answer of the record writers.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from corpus.load import Corpus

from ... import matching
from ..cues import VOCABULARY
from ..language import EN

MAX_LIST = 40  # items listed under one heading at the most


@lru_cache(maxsize=2)
def messages() -> dict:
    return tomllib.loads((VOCABULARY / "messages.toml").read_text(encoding="utf-8"))


@dataclass
class Writing:
    """An answer being written: lines and the codes cited, in order."""

    lang: str
    lines: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)

    @property
    def en(self) -> bool:
        return self.lang == EN

    def _language(self) -> str:
        return "en" if self.en else "zh"

    def say(self, key: str, **fields) -> str:
        return messages()["say"][key][self._language()].format(**fields)

    def kind(self, kind: str) -> str:
        return messages()["kind"].get(kind, {"zh": kind, "en": kind})[self._language()]

    def cite(self, *codes: str) -> str:
        codes = tuple(dict.fromkeys(c for c in codes if c))
        self.cited += [c for c in codes if c not in self.cited]
        return f" ({', '.join(codes)})" if self.en else f"（{'、'.join(codes)}）"

    def q(self, term: str) -> str:
        return f"「{term}」" if self.en else term

    def add(self, line: str = "") -> None:
        self.lines.append(line)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


class Draft(Writing):
    """An answer being written from whole-record sections, with the zh/en sentence pairs of the record writers."""

    def t(self, zh: str, en: str) -> str:
        return en if self.en else zh

    def heading(self, text: str) -> None:
        if self.lines:
            self.lines.append("")
        self.lines.append(f"**{text}**")


@dataclass(frozen=True)
class Composition:
    """A written answer: its text, the codes it cites, the records it is about and the section it shows."""

    text: str
    citations: tuple[str, ...]
    focus: tuple[str, ...]
    intent: str


def pair_line(d: Draft, pair: matching.Pair) -> str:
    """One related-content pair, each side cited."""
    return f"- {d.q(pair.left.label)}{d.cite(pair.left.code)} ↔ {d.q(pair.right.label)}{d.cite(pair.right.code)}"


def display_name(corpus: Corpus, code: str) -> str:
    """A record's name, in corner brackets."""
    record = corpus.owner(code)
    return f"「{getattr(record, 'name', None) or getattr(record, 'title', code)}」"
