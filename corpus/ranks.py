"""Rank words of HK career-path roles, from `vocabulary/ranks.tsv` (loaded once).

Only words live here. The order of a path's roles is read from each document
(`ladder_order`): the QF level of each role's qualification, then the order in
which the document lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RANKS_PATH = Path(__file__).parent / "vocabulary" / "ranks.tsv"


@dataclass(frozen=True)
class Rank:
    name: str  # as the corpus prints it, e.g. 經理
    words: tuple[str, ...]  # every word that names it in titles and 工作崗位, e.g. 總監, 領袖
    english: tuple[str, ...]  # e.g. director, leader; the first is shown


@dataclass(frozen=True)
class RankWords:
    ranks: tuple[Rank, ...]

    def __post_init__(self) -> None:
        by_word = {word: rank.name for rank in self.ranks for word in (rank.name,) + rank.words + rank.english}
        longest_first = sorted(((w, r.name) for r in self.ranks for w in (r.name,) + r.words), key=lambda p: -len(p[0]))
        object.__setattr__(self, "_by_word", by_word)
        object.__setattr__(self, "_endings", tuple(longest_first))

    def canonical(self, word: str) -> str | None:
        """The rank a word names (Chinese or English, any case), or None."""
        return self._by_word.get(word.strip()) or self._by_word.get(word.strip().lower())

    def ending(self, title: str) -> str | None:
        """The rank named by the end of a title (the longest known word): 人才管理總監 -> 總監."""
        return next((name for word, name in self._endings if title.endswith(word)), None)

    def english(self, rank: str) -> str:
        """The English rank word for a rank, or "" when the vocabulary has none."""
        return next((r.english[0] for r in self.ranks if r.name == rank and r.english), "")

    def aliases(self) -> dict[str, str]:
        """Every word (Chinese and English) -> the rank it names, for reading questions."""
        return dict(self._by_word)


def parse_ranks(text: str, source: str = str(RANKS_PATH)) -> RankWords:
    ranks = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or not cells[0].strip():
            raise ValueError(f"{source}:{number}: expected 3 tab-separated cells (rank, words, English), "
                             f"found {len(cells)}")
        words = tuple(w.strip() for w in cells[1].split("|") if w.strip())
        english = tuple(w.strip().lower() for w in cells[2].split("|") if w.strip())
        ranks.append(Rank(cells[0].strip(), words, english))
    return RankWords(tuple(ranks))


@lru_cache(maxsize=4)
def load_ranks(path: Path = RANKS_PATH) -> RankWords:
    return parse_ranks(path.read_text(encoding="utf-8"), str(path))


def rank_of(title: str, post: str, words: RankWords | None = None) -> str:
    """A role's rank: the rank word its title ends with, else what its 工作崗位 names, else the 工作崗位 as printed."""
    words = words or load_ranks()
    return words.ending(title) or words.canonical(post) or post.strip()


def ladder_order(levels: list[int | None]) -> list[int]:
    """Rungs (1 = bottom) for roles given their qualifications' QF levels, in document order.

    Higher QF level, higher rung. Roles of the same (or an unknown) level keep the document's order,
    read in the direction the document lists its ladder: top-down when its known levels fall."""
    known = [level for level in levels if level is not None]
    top_down = len(known) >= 2 and known[0] > known[-1]
    position = {i: (len(levels) - 1 - i) if top_down else i for i in range(len(levels))}
    order = sorted(range(len(levels)), key=lambda i: (levels[i] if levels[i] is not None else -1, position[i]))
    rungs = [0] * len(levels)
    for rung, i in enumerate(order, 1):
        rungs[i] = rung
    return rungs
