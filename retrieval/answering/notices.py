"""Notices as typed values: what the user should know about an answer, rendered per language
only when the answer is returned (never built as a sentence and parsed again)."""

from __future__ import annotations

from dataclasses import dataclass

from ..codes import convert_outside_codes
from ..lexical import to_simplified
from .language import EN, ZH_CN
from .writers import messages


@dataclass(frozen=True)
class Notice:
    kind: str  # a key of [notice] in vocabulary/messages.toml
    values: tuple[tuple[str, str], ...] = ()  # the template's fields

    @classmethod
    def of(cls, kind: str, **values: object) -> "Notice":
        return cls(kind, tuple((k, str(v)) for k, v in values.items()))


def render(notice: Notice, lang: str) -> str:
    template = messages()["notice"][notice.kind]["en" if lang == EN else "zh"]
    text = template.format(**dict(notice.values))
    return in_script(text, lang)


def in_script(text: str, lang: str) -> str:
    """Text written in Traditional Chinese, in the reader's script (codes kept as cited)."""
    return convert_outside_codes(text, to_simplified) if lang == ZH_CN else text


def render_all(notices: list[Notice], lang: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(render(n, lang) for n in notices))
