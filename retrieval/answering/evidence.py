"""Evidence at item level: the coded items (`retrieval.items`) of the records a question is about,
ranked by what it asks.

Ranking is BM25 over the item texts (plus the broader terms of the question's aliases) within
those records, with word statistics over every item of the corpus read from the item lexicon the
index build stores; a record's items are made when a question first reaches it. Where the words
asked are printed nowhere ("Kirkpatrick", "出考卷"), `closest` ranks items by dense similarity
instead, through the embedder's cache (an item's vector is computed once, ever).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable, Iterable, Protocol, Sequence

import numpy as np

from corpus.load import Corpus
from corpus.records import CareerPath

from ..chunks import Chunk
from ..codes import framework_of
from ..items import DEFINITION, TASK, UNIT, Item, lexicon_rows, record_items
from ..lexical import LexicalIndex, normalise, tokenize

class Lexicon(Protocol):
    """What the item index reads from the item lexicon of the build (BM25 over every item's text,
    one row per item, filed under its record): each row's record, the rows printing a token with
    their scores, how many rows print it, and which records' items best match some tokens."""

    ids: list[str]

    @property
    def size(self) -> int: ...

    def frequency(self, token: str) -> int: ...

    def column(self, token: str) -> tuple[np.ndarray, np.ndarray]: ...

    def search(self, tokens: list[str], k: int) -> list[tuple[str, float]]: ...


KIND_BOOST = 1.6  # an item of the kind the question names
DEFINED_BOOST = 2.0
BROADER_WEIGHT = 0.5
PHRASE_BOOST = 0.5  # per pair of the question's terms an item prints joined, as the question does
NAMED_DEPTH = 10  # items read for an item quoted by its exact wording
NEIGHBOURS, NEIGHBOUR_DEPTH, NEIGHBOUR_CHARS = 24, 200, 400  # records near a record, from its best items


class ItemLayoutChanged(RuntimeError):
    """The build's item lexicon was made by a version that makes a record's items differently."""


@dataclass(frozen=True)
class Scored:
    item: Item
    score: float  # relevance to the question's terms, 0 when only the kind matched
    coverage: float  # share of the question's own terms the item prints (aliases' full forms count)


@dataclass(frozen=True)
class _Entry:
    """An item with what ranking reads of it, made once per record read."""

    item: Item
    text: str  # normalised search text
    row: int  # its row in the item lexicon, which holds its BM25 score for every token it prints


class ItemIndex:
    """The items of a corpus, read one record at a time, ranked by BM25 within the records a question
    is about. Word statistics over every item come from the item lexicon the build stores, so nothing
    here scans the corpus per question."""

    RECORDS_KEPT = 4096  # records whose items stay ready between questions

    def __init__(self, corpus: Corpus, lexicon: Lexicon) -> None:
        self.corpus = corpus
        self.lexicon = lexicon
        self._entries = lru_cache(maxsize=self.RECORDS_KEPT)(self._read_record)

    @cached_property
    def _spans(self) -> dict[str, tuple[int, int]]:
        """Each record's first row in the item lexicon and how many rows follow it: the build files a
        record's items together, in the order `record_items` makes them."""
        spans: dict[str, tuple[int, int]] = {}
        previous = None
        for row, record in enumerate(self.lexicon.ids):
            if record != previous:
                spans.setdefault(record, (row, 0))
            first, count = spans[record]
            if first + count == row:  # only the first run of a record counts (a unit in two paths: once)
                spans[record] = (first, count + 1)
            previous = record
        return spans

    @classmethod
    def of(cls, corpus: Corpus) -> "ItemIndex":
        """An item index over a corpus that has no build (a few documents): its item lexicon made in memory."""
        return cls(corpus, item_lexicon(corpus))

    def _read_record(self, record: str) -> tuple[_Entry, ...]:
        first, count = self._spans.get(record, (0, 0))
        items = record_items(self.corpus, record) if count else []
        if len(items) != count:
            raise ItemLayoutChanged(f"{record}: the build's item lexicon has {count} items, this version makes "
                                    f"{len(items)}: rebuild the index (`python -m retrieval ingest --rebuild`)")
        return tuple(_Entry(item, normalise(item.search_text), first + n) for n, item in enumerate(items))

    @property
    def records_read(self) -> int:
        """How many records' items are ready (read by questions so far, at most RECORDS_KEPT)."""
        return self._entries.cache_info().currsize

    def item(self, code: str) -> Item | None:
        """The item a code names (its record's own item for a record code)."""
        base = code.split("/", 1)[0]
        return next((e.item for e in self._entries(base) if e.item.code == code), None)

    @lru_cache(maxsize=1)  # noqa: B019 - one per index
    def task_names(self) -> dict[str, str]:
        """Each task's wording (four characters or more) and its code, where no other task prints it."""
        codes: dict[str, set[str]] = {}
        for standard in self.corpus.standards:
            for task in standard.tasks:
                if len(task.name) >= 4:
                    codes.setdefault(task.name, set()).add(standard.qualify(task.code))
        return {name: next(iter(found)) for name, found in codes.items() if len(found) == 1}

    def named(self, phrase: str) -> list[str]:
        """Codes of the items printed exactly as `phrase` (a task, a K/S/A item, an HK unit), among the
        records of the items that best match it."""
        wanted = normalise(phrase).strip()
        if not wanted:
            return []
        found = []
        for record in dict.fromkeys(r for r, _ in self.lexicon.search(tokenize(phrase), NAMED_DEPTH)):
            found += [e.item.code for e in self._entries(record) if (e.item.code != e.item.record or e.item.kind == UNIT)
                      and normalise(e.item.text).strip() == wanted]
        return list(dict.fromkeys(found))

    def printing(self, phrase: str) -> list[str]:
        """The records with an item that prints `phrase` as it stands, among those best matching it."""
        wanted = normalise(phrase).strip()
        if not wanted:
            return []
        records = dict.fromkeys(r for r, _ in self.lexicon.search(tokenize(phrase), NAMED_DEPTH))
        return [r for r in records if any(wanted in e.text for e in self._entries(r))]

    def printed_within(self, code: str, words: tuple[str, ...]) -> int:
        """How many of the words an item prints, with what sits under it and the K/S items it lists."""
        texts = [e.text for e in self.scope((code,))]
        return sum(any(normalise(w) in t for t in texts) for w in words)

    def neighbours(self, record: str, limit: int = NEIGHBOURS, framework: str = "") -> list[str]:
        """Other records (of `framework`, when given) whose items best match what a record's tasks and
        units are called: the records a move from it is worth weighing against, found without visiting
        every record. Another framework's records are looked for deeper: a record's own path comes first."""
        names = " ".join(e.item.text for e in self.scope((record,)) if e.item.kind in (TASK, UNIT))[:NEIGHBOUR_CHARS]
        depth = NEIGHBOUR_DEPTH * (10 if framework else 1)
        found = dict.fromkeys(r for r, _ in self.lexicon.search(tokenize(names), depth))
        return [r for r in found if r != record and (not framework or framework_of(r) == framework)][:limit]

    def scope(self, subjects: tuple[str, ...]) -> list[_Entry]:
        """The items of the subjects: a record's own items, an HK role's units with their outcomes, a
        career path's roles, an item code's own item, the items under it and the K/S items a task lists."""
        entries: list[_Entry] = []
        for subject in subjects:
            base, _, local = subject.partition("/")
            if local:
                # a duty (T6): its tasks, what sits under them, and the K/S items its tasks list
                entries += [e for e in self._entries(base) if e.item.code == subject or e.item.parent == local
                            or e.item.parent.startswith(local + ".")
                            or any(u == local or u.startswith(local + ".") for u in e.item.used_by)]
                continue
            entries += self._entries(subject)
            path = self.corpus.document(subject)
            if isinstance(path, CareerPath):  # a career path: its roles, their units and its notes
                for role in path.roles:
                    entries += self.scope((role.id,))
                continue
            role = self.corpus.role(subject)
            if role is not None:
                for code in role.unit_codes:
                    entries += [e for e in self._entries(code)
                                if e.item.kind != UNIT and (not e.item.context or e.item.context == role.title)]
            elif self.corpus.hk_unit(subject) is not None:  # an HK unit as the roles list it
                path = self.corpus.path_of_unit(subject)
                for role in path.roles if path else ():
                    if subject in role.unit_codes:
                        entries += [e for e in self._entries(role.id) if e.item.code == subject]
        return list({id(e): e for e in entries}.values())

    def rank(self, terms: tuple[str, ...], broader: tuple[str, ...] = (), *, subjects: tuple[str, ...] = (),
             kinds: tuple[str, ...] = (), only: tuple[str, ...] = (),
             full_forms: dict[str, tuple[str, ...]] | None = None, limit: int = 8,
             phrases: tuple[str, ...] = (), kind_phrases: tuple[str, ...] = ()) -> list[Scored]:
        """Items of the subjects by relevance to the terms; items of the asked `kinds` count more, and
        `only` keeps just those kinds; an item printing two terms as the question joins them
        (`phrases`) counts more, one printing a kind's cue word with a term (`kind_phrases`) counts as of
        that kind. No subjects, no items: the caller says where to look."""
        entries = self.scope(subjects)
        if only:
            entries = [e for e in entries if e.item.kind in only]
        if not entries:
            return []
        scores = self._bm25(entries, list(terms) + [f for t in terms for f in (full_forms or {}).get(t, ())])
        if broader:
            scores = scores + self._bm25(entries, list(broader)) * BROADER_WEIGHT
        for i, entry in enumerate(entries):
            item = entry.item
            if item.kind in kinds or any(p in entry.text for p in kind_phrases):  # "更新紀錄": a note so labelled
                scores[i] *= KIND_BOOST
            joined = sum(1 for p in phrases if p in entry.text)
            if joined:
                scores[i] *= 1 + PHRASE_BOOST * joined
            if item.kind == DEFINITION and defines(item, terms):
                scores[i] *= DEFINED_BOOST  # "what counts as X": the note that defines X
        order = np.argsort(-scores, kind="stable")
        chosen = [(entries[int(i)], float(scores[int(i)])) for i in order[:limit]]
        return [Scored(entry.item, score, _coverage(entry.text, terms, full_forms or {})) for entry, score in chosen]

    def items_of(self, subjects: tuple[str, ...], kinds: tuple[str, ...] = ()) -> list[Item]:
        """Every item of the subjects, of the given kinds, in document order."""
        return [e.item for e in self.scope(subjects) if not kinds or e.item.kind in kinds]

    def coverage(self, item: Item, terms: tuple[str, ...], full_forms: dict[str, tuple[str, ...]]) -> float:
        return _coverage(normalise(item.search_text), terms, full_forms)

    def rarity(self, term: str, forms: tuple[str, ...] = ()) -> float:
        """How telling a term is: log of the items over those printing it (or any of its forms, each
        counted by its least frequent token); a term no item prints is the most telling of all."""
        printed = min(self.lexicon.size, sum(self._printed(f) for f in dict.fromkeys((term,) + tuple(forms))))
        return float(np.log((1 + self.lexicon.size) / (1 + printed)))

    def _printed(self, text: str) -> int:
        tokens = set(tokenize(text))
        return min((self.lexicon.frequency(t) for t in tokens), default=0)

    def known(self, word: str) -> bool:
        """Whether the records print the word: every character pair of it (a Latin word whole)."""
        word = normalise(word)
        if re.fullmatch(r"[a-z][a-z0-9'-]*", word):
            return self.lexicon.frequency(word) > 0
        pairs = [word[i : i + 2] for i in range(len(word) - 1)]
        return bool(pairs) and all(self.lexicon.frequency(p) > 0 for p in pairs)

    def _bm25(self, entries: list[_Entry], terms: list[str]) -> np.ndarray:
        """Each entry's BM25 score for the terms' tokens, as the item lexicon holds it (idf and lengths
        over every item of the corpus): nothing is tokenised but the question."""
        scores = np.zeros(len(entries), dtype=np.float32)
        tokens = tokenize(" ".join(terms)) if terms else []
        if not tokens:
            return scores
        rows = np.array([e.row for e in entries], dtype=np.int64)
        for token in tokens:  # a token the question repeats counts again, as BM25 queries do
            printed, score = self.lexicon.column(token)
            if not len(printed):
                continue
            at = np.minimum(np.searchsorted(printed, rows), len(printed) - 1)
            found = printed[at] == rows
            scores[found] += score[at[found]]
        return scores


Embed = Callable[[list[str]], np.ndarray]  # texts -> vectors (cached by content)
# the kinds that say what a job demands: what "is X listed?" and "which job fits me?" are matched against
DEMAND_KINDS = ("task", "indicator", "output", "knowledge", "skill", "attitude", "unit", "outcome", "guideline",
                "soft_skill", "entry")


def closest(embed: Embed, text: str, items: Sequence[Item], limit: int) -> list[tuple[Item, float]]:
    """The items whose text reads most like `text` (cosine of their vectors), best first; an item
    printed alike by several records counts once."""
    return closest_to_each(embed, [text], items, limit)[0] if text.strip() else []


def closest_to_each(embed: Embed, texts: Sequence[str], items: Sequence[Item],
                    limit: int) -> list[list[tuple[Item, float]]]:
    """For each text, the items that read most like it, best first (one embedding call for them all)."""
    by_text: dict[tuple[str, str], Item] = {}
    for item in items:
        by_text.setdefault((item.kind, normalise(item.text)), item)
    unique = list(by_text.values())
    if not unique or not texts:
        return [[] for _ in texts]
    vectors = np.asarray(embed(list(texts) + [i.text for i in unique]), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    similarity = vectors[len(texts):] @ vectors[: len(texts)].T  # items × texts
    found = []
    for column in similarity.T:
        order = np.argsort(-column, kind="stable")[:limit]
        found.append([(unique[int(i)], float(column[int(i)])) for i in order])
    return found


def defines(item: Item, terms: tuple[str, ...]) -> bool:
    """Whether a definition item defines what the terms say: its term is one of them, their run, or
    made of them in the question's order ("宣傳方法" from 宣傳 … 方法)."""
    defined = re.split(r"[:：]", normalise(item.text), maxsplit=1)[0]  # NFKC turns "：" into ":"
    inside = [t for t in terms if t in defined]
    return len(defined) >= 2 and (defined in "".join(terms) or "".join(inside) == defined)


def item_lexicon(corpus: Corpus) -> LexicalIndex:
    """BM25 over every item's search text, each filed under its record (the build stores it)."""
    rows = list(lexicon_rows(corpus))
    return LexicalIndex.build([record for record, _ in rows], [text for _, text in rows])


def records_in_view(chunks: Iterable[Chunk], corpus: Corpus, limit: int) -> list[str]:
    """The records whose items the chunks quote, in chunk order (at most `limit`)."""
    records: dict[str, None] = {}
    for chunk in chunks:
        records.update(dict.fromkeys(chunk_records(chunk, corpus)))
        if len(records) >= limit:
            break
    return list(records)[:limit]


def chunk_records(chunk: Chunk, corpus: Corpus) -> list[str]:
    """The records whose items a chunk quotes: an HK unit's own chunk is that unit's; a chunk of one
    HK role is that role's; any other chunk is its document's."""
    if corpus.hk_unit(chunk.code) is not None:
        return [chunk.code]
    if len(chunk.roles) == 1:
        return [chunk.roles[0]]
    return [chunk.doc_code]


def says(text: str, term: str, full_forms: dict[str, tuple[str, ...]]) -> bool:
    """Whether a normalised text prints a term, or one of its full forms (勞基法 as 勞動基準法)."""
    return term in text or any(f in text for f in full_forms.get(term, ()))


def _coverage(text: str, terms: tuple[str, ...], full_forms: dict[str, tuple[str, ...]]) -> float:
    """Share of the terms a normalised text prints (an alias counts when its full form is printed)."""
    if not terms:
        return 0.0
    return sum(1 for t in terms if says(text, t, full_forms)) / len(terms)
