"""Lexical search: BM25 (bm25s) over text normalised to Traditional Chinese.

Tokens are jieba words plus character bigrams for Chinese, lower-cased Latin
words, and whole codes (`bhr1212-002v3`, `t2.4`, `106904l7`). English queries
are expanded through the bilingual glossary so that "training manager" also
searches 訓練經理.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from array import array
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

from corpus.codes import HK_UNIT_CODE, STANDARD_CODE, UNIT_BASE, VERSION

GLOSSARY_PATH = Path(__file__).with_name("glossary.tsv")
EVERYDAY_PATH = Path(__file__).with_name("everyday_glossary.tsv")
SEGMENTATION_PATH = Path(__file__).with_name("vocabulary") / "segmentation_words.txt"

CODE_TOKEN = re.compile(
    rf"{STANDARD_CODE}|{UNIT_BASE}{VERSION}|{HK_UNIT_CODE}"
    r"|(?<![A-Za-z0-9])(?:[TPOKA]|SS?)\d+(?:\.\d+)*(?![A-Za-z0-9])",  # an item, however loosely written
    re.I,
)
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[a-z][a-z0-9+#'-]*|\d+")
_STOPWORDS = frozenset(
    "a an and are as at be by can do does for from has have how i in is it its me my of on or that the this to "
    "was what when where which who whom why will with you your about tell show list give please need there their "
    "they them should would could into than then these those also any some".split()
)
_CHINESE_STOPWORDS = frozenset("的 了 和 與 及 或 是 在 有 什麼 哪些 那 呢 嗎 請 要 會 如何 怎麼 一個".split())

_lock = threading.Lock()
SCORE_BLOCK = 10_000  # texts scored at a time when building BM25
_EMPTY_INTS, _EMPTY_SCORES = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("s2t")


@lru_cache(maxsize=1)
def _jieba():
    with _lock:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        for word in segmentation_words():
            jieba.add_word(word)
            jieba.add_word(to_simplified(word))
        return jieba


def segmentation_words(path: Path = SEGMENTATION_PATH) -> tuple[str, ...]:
    """Words jieba's dictionary lacks (Cantonese ones, mostly), so that a question is cut around them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(w for line in lines if not line.startswith("#") for w in line.split())


# jieba's part-of-speech tags of words that can carry a topic: nouns (people, places, organisations, other
# proper nouns), verbs (健身、烹飪), abbreviations (社保) and Latin words
_TOPIC_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "vn", "v", "vd", "vi", "j", "eng"})


# tags of words that only point, count, time or link (自己、這些、今年、三個、而且、直接)
_FUNCTION_TAGS = frozenset({"r", "rr", "rz", "t", "tg", "m", "mq", "q", "c", "p", "u", "uj", "ul", "uz", "y", "e",
                            "o", "d"})


@lru_cache(maxsize=16384)
def _pos_tags(word: str) -> tuple[str, ...]:
    """jieba's part-of-speech tags of the pieces of a word (cut in Simplified, as its dictionary is)."""
    import jieba.posseg

    _jieba()  # outside the lock, which loading the dictionary takes itself (a first call here hung)
    with _lock:
        return tuple(pair.flag for pair in jieba.posseg.cut(to_simplified(word)))


def function_word(word: str) -> bool:
    """Whether a word only points, counts, times or links (a pronoun, time word, numeral, conjunction, adverb):
    printed by the records or not, it is never what a question is about."""
    tags = _pos_tags(word)
    return bool(tags) and all(tag in _FUNCTION_TAGS for tag in tags)


def could_be_topic(word: str) -> bool:
    """Whether a word can name what is asked about (a noun or a verb, by jieba's tagger) rather than only say
    when, how much or how it is asked (今年、五天、哪幾個、這樣、不過、不錯)."""
    return any(tag in _TOPIC_TAGS for tag in _pos_tags(word))


@lru_cache(maxsize=1)
def _simplifier():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def to_traditional(text: str) -> str:
    return _converter().convert(text)


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    return _simplifier().convert(text)


# OpenCC's s2t turns 核 into the rare variant 覈 inside some words (评核 → 評覈, even 考核 → 考覈), which the
# standards never print: fold it back so that a Simplified 评核指引 reads as the documents' 評核指引.
# OpenCC's s2t also gives the variant forms 爲 for 为, 啓 for 启 and 裏 for 里, where the standards print 為, 啟
# and 裡 (a Traditional 為 stays 為): fold them too, so that "能力为本课程" reads as the documents' 能力為本課程.
_VARIANTS = str.maketrans("覈爲啓裏", "核為啟裡")


@lru_cache(maxsize=65536)  # record texts are normalised again and again while answering
def normalise(text: str) -> str:
    """NFKC (full-width Latin to ASCII), Simplified to Traditional, lower-case Latin."""
    return to_traditional(unicodedata.normalize("NFKC", text)).translate(_VARIANTS).lower()


def segment(run: str, for_search: bool = False) -> list[str]:
    """jieba words of a Traditional run. jieba's dictionary is Simplified, so the run is cut in
    Simplified and the words are taken back from the Traditional text at the same offsets."""
    jieba = _jieba()
    simplified = to_simplified(run)
    if len(simplified) != len(run):
        return list(jieba.cut_for_search(run) if for_search else jieba.cut(run))
    # jieba reads only the basic CJK block as words: a character OpenCC simplifies out of it (嗰 → 𠮶) stays
    simplified = "".join(s if "\u4e00" <= s <= "\u9fd5" else t for s, t in zip(simplified, run))
    cut = jieba.tokenize(simplified, mode="search" if for_search else "default")
    return [run[start:end] for _, start, end in cut]


def code_tokens(text: str) -> list[str]:
    tokens = []
    for match in CODE_TOKEN.finditer(text):
        code = match.group().lower()
        tokens.append(code)
        base = re.match(r"^([a-z]{3}\d{4}-\d{3})v\d+$", code)
        if base:
            tokens.append(base.group(1))
    return tokens


def tokenize(text: str) -> list[str]:
    text = normalise(text)
    tokens = code_tokens(text)
    rest = CODE_TOKEN.sub(" ", text)
    tokens += [w for w in _LATIN.findall(rest) if w not in _STOPWORDS]
    for run in _CJK_RUN.findall(rest):
        words = [w for w in segment(run, for_search=True) if len(w) > 1 and w not in _CHINESE_STOPWORDS]
        tokens += words
        tokens += [run[i : i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]
    return tokens


@lru_cache(maxsize=4)
def load_glossary(path: Path = GLOSSARY_PATH, everyday: Path | None = EVERYDAY_PATH) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(english phrase, Chinese terms) pairs of the glossary and the everyday work words, longest phrase first."""
    entries = _glossary_entries(path) + (_glossary_entries(everyday) if everyday else [])
    return tuple(sorted(entries, key=lambda e: -len(e[0])))


@lru_cache(maxsize=1)
def everyday_phrases() -> frozenset[str]:
    """The everyday work words: they reach the records, but are no evidence that a question is about them."""
    return frozenset(english for english, _ in _glossary_entries(EVERYDAY_PATH))


def _glossary_entries(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, chinese = line.partition("\t")
        entries.append((english.strip().lower(), tuple(t.strip() for t in chinese.split("|") if t.strip())))
    return entries


def english_name(term: str) -> str:
    """The glossary's English for a Chinese term (its first phrase in the file), else the term."""
    return _english_names().get(term, term)


@lru_cache(maxsize=1)
def _english_names() -> dict[str, str]:
    """Chinese term -> the first English phrase in the glossary file whose first term it is."""
    names: dict[str, str] = {}
    for line in GLOSSARY_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, _, chinese = line.partition("\t")
            first = chinese.split("|")[0].strip()
            names.setdefault(first, english.strip())
    return names


def glossary_terms(text: str, glossary=None) -> list[str]:
    """Chinese terms for the English phrases in `text` (longest match wins)."""
    glossary = load_glossary() if glossary is None else glossary
    lowered = " " + re.sub(r"[^a-z0-9]+", " ", text.lower()) + " "
    terms = []
    for english, chinese in glossary:
        for phrase in (f" {english} ", f" {english}s ", f" {english}es "):
            if phrase in lowered:
                terms += chinese
                lowered = lowered.replace(phrase, " ")
    return terms


def query_tokens(query: str) -> list[str]:
    """Tokens of a query, English phrases expanded to their Chinese terms."""
    tokens = tokenize(query)
    extra = glossary_terms(query)
    if extra:
        tokens += tokenize(" ".join(extra))
    return tokens


class LexicalIndex:
    """BM25 over chunk texts; `ids[i]` is the chunk of document i."""

    def __init__(self, bm25, ids: list[str]) -> None:
        self._bm25 = bm25
        self.ids = ids
        self._vocab = bm25.vocab_dict

    @classmethod
    def build(cls, ids: Iterable[str], texts: Iterable[str]) -> "LexicalIndex":
        """BM25 (bm25s, its default Lucene scoring) built one text at a time.

        Each text's tokens become term ids and counts as soon as it is tokenised, so memory holds
        the term-count matrix (~8 bytes per distinct term of a text), never every text's token list
        (bm25s.BM25.index takes those all at once: 4.5 GB at 100k chunks). Scores are bm25s's own
        formulas, and the index is a `bm25s.BM25` that saves and loads as usual."""
        import bm25s
        import scipy.sparse as sp
        from bm25s.scoring import _select_idf_scorer, _select_tfc_scorer

        vocab: dict[str, int] = {}
        indptr, terms, counts, lengths = array("q", [0]), array("i"), array("f"), array("f")
        kept_ids = []
        for chunk_id, text in zip(ids, texts):
            tokens = tokenize(text) or ["∅"]
            for token, count in Counter(tokens).items():
                terms.append(vocab.setdefault(token, len(vocab)))
                counts.append(count)
            indptr.append(len(terms))
            lengths.append(len(tokens))
            kept_ids.append(chunk_id)

        bm25 = bm25s.BM25()
        n_docs, n_vocab = len(kept_ids), len(vocab)
        term_ids = np.frombuffer(terms, dtype=np.int32)
        tf = np.frombuffer(counts, dtype=np.float32)
        doc_lengths = np.frombuffer(lengths, dtype=np.float32)
        row_starts = np.frombuffer(indptr, dtype=np.int64)
        idf_of, tfc_of = _select_idf_scorer(bm25.idf_method), _select_tfc_scorer(bm25.method)
        idf = np.array([idf_of(int(df), N=n_docs) for df in np.bincount(term_ids, minlength=n_vocab)],
                       dtype=np.float32)
        average = np.float32(doc_lengths.mean()) if n_docs else np.float32(1)
        scores = np.empty(len(term_ids), dtype=np.float32)
        for first in range(0, n_docs, SCORE_BLOCK):  # a block of texts at a time: temporaries stay small
            last = min(first + SCORE_BLOCK, n_docs)
            a, b = row_starts[first], row_starts[last]
            lengths_of_terms = np.repeat(doc_lengths[first:last], np.diff(row_starts[first : last + 1]))
            scores[a:b] = tfc_of(tf_array=tf[a:b], l_d=lengths_of_terms, l_avg=average, k1=bm25.k1, b=bm25.b,
                                 delta=bm25.delta) * idf[term_ids[a:b]]
        del tf, counts
        matrix = sp.csr_matrix((scores, term_ids, row_starts), shape=(n_docs, n_vocab), copy=False).tocsc()
        del scores, term_ids, terms
        bm25.scores = {"data": matrix.data.astype(np.float32, copy=False),
                       "indices": matrix.indices.astype(np.int32, copy=False),
                       "indptr": matrix.indptr, "num_docs": n_docs}
        bm25.vocab_dict = {**vocab, "": n_vocab}  # as bm25s.index leaves it: the empty token last
        bm25.unique_token_ids_set = set(bm25.vocab_dict.values())
        bm25.nonoccurrence_array = None
        return cls(bm25, kept_ids)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(folder))
        (folder / "ids.txt").write_text("\n".join(self.ids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        import bm25s

        # memory-mapped: a start maps the score arrays instead of reading them (pages come in as searches touch them)
        bm25 = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
        ids = (folder / "ids.txt").read_text(encoding="utf-8").split("\n")
        return cls(bm25, ids)

    @property
    def size(self) -> int:
        return len(self.ids)

    def frequency(self, token: str) -> int:
        """How many texts print the token (its column's entries in the score matrix)."""
        column = self._vocab.get(token)
        if column is None or not token:
            return 0
        indptr = self._bm25.scores["indptr"]
        return int(indptr[column + 1] - indptr[column])

    def column(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """The texts (ascending positions) that print the token, and their BM25 score for it."""
        column = self._vocab.get(token)
        if column is None or not token:
            return _EMPTY_INTS, _EMPTY_SCORES
        matrix = self._bm25.scores
        start, end = int(matrix["indptr"][column]), int(matrix["indptr"][column + 1])
        return matrix["indices"][start:end], matrix["data"][start:end]

    def scores(self, tokens: list[str]) -> np.ndarray:
        known = [t for t in tokens if t in self._vocab]
        if not known:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def search(self, tokens: list[str], k: int) -> list[tuple[str, float]]:
        scores = self.scores(tokens)
        k = min(k, len(self.ids))
        if k <= 0 or not scores.any():
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
