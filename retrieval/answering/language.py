"""The language a question is written in, its cleaning, and `Request`: the plan in the shape the
composer and the chat engine take."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..codes import CodeMatch
from ..lexical import to_simplified, to_traditional

ZH_TW, ZH_CN, EN = "zh-TW", "zh-CN", "en"
CLEAN_CHARS = 2000


@dataclass(frozen=True)
class Request:
    """What the composer and the chat engine are told of a question (made from the plan, never
    from the question's text)."""

    question: str
    lang: str
    intent: str
    entities: tuple[str, ...]  # the records the answer is about, in order
    codes: CodeMatch
    query: str  # what was searched
    followup: bool = False
    injection: bool = False
    cite_demands: tuple[str, ...] = ()
    problem: str = ""
    intents: tuple[str, ...] = ()  # every record section asked for, the main one first
    uncovered: bool = False
    provider: str = ""  # the course provider the question names

    @property
    def english(self) -> bool:
        return self.lang == EN


def clean_question(text: str, limit: int = CLEAN_CHARS) -> str:
    """Control characters out, whitespace folded, length capped."""
    # control and format characters out; combining marks (Zalgo text piles dozens on a letter) dropped
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in text or ""
                   if unicodedata.category(ch) != "Mn")
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit]


def detect_language(text: str) -> str:
    cjk = re.findall(r"[\u3400-\u9fff]", text)
    latin_words = re.findall(r"[A-Za-z]{2,}", text)
    codes = re.findall(r"[A-Za-z]{3}\d", text)
    if (cjk == [] and latin_words) or (len(latin_words) - len(codes) >= 3 and sum(map(len, latin_words)) > len(cjk) * 2):
        return EN
    # Per character, so that variants (台 → 臺) do not make Traditional text look Simplified.
    simplified = sum(1 for c in cjk if to_traditional(c) != c and to_simplified(c) == c)
    traditional = sum(1 for c in cjk if to_simplified(c) != c)
    return ZH_CN if simplified > traditional else ZH_TW
