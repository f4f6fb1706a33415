"""`answer(question, history) -> Answer`: the one function the app, the CLI and the evals call.

Collaborators come in through `Knowledge` (retriever, records, embedder for
related-content matching) and an optional chat-model `engine`; nothing here
reads settings or the environment.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Callable, Protocol

from corpus.load import Corpus
from corpus.records import CareerPath, CompetencyUnit, Standard

from . import matching
from .chunks import Chunk
from .codes import CANONICAL_CODE, convert_outside_codes
from .compose import Composer, Composition
from .lexical import normalise, to_simplified
from .search import Filters, HybridRetriever, SearchResult
from .understand import (
    EN,
    MAX_QUESTION_CHARS,
    ZH_CN,
    Request,
    content_words,
    mentions_foreign_occupation,
    understand,
)

COMPOSER = "composer"
SCOPE_COVERAGE = 0.5  # share of a question's content words the top sources must contain


@dataclass(frozen=True)
class Source:
    """A chunk an answer rests on."""

    chunk_id: str
    code: str
    codes: tuple[str, ...]
    title: str
    section: str
    framework: str
    level: int | None
    source_file: str
    text: str
    score: float

    @classmethod
    def from_chunk(cls, chunk: Chunk, score: float) -> "Source":
        return cls(chunk.id, chunk.code, chunk.codes, chunk.title, chunk.section, chunk.framework, chunk.level,
                   chunk.source, chunk.text, round(float(score), 5))


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    citations: tuple[str, ...]
    sources: tuple[Source, ...]
    abstained: bool
    engine: str
    lang: str = "zh-TW"
    intent: str = ""
    focus: tuple[str, ...] = ()  # the records the answer is about, for follow-ups
    notices: tuple[str, ...] = ()  # what the user should know: ignored instructions, model fallback, removed codes
    flagged: bool = False  # the model cited codes outside its sources (they were removed)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def retrieved_codes(self) -> list[str]:
        return [code for source in self.sources for code in source.codes]


class ChatEngine(Protocol):
    """A chat model that writes the answer from the composer's sources (see retrieval/chat.py)."""

    name: str

    def condense(self, question: str, history: list[dict]) -> str: ...

    def respond(self, request: Request, sources: list[Source], draft: Composition, history: list[dict],
                on_token: Callable[[str], None] | None) -> "EngineReply": ...


@dataclass(frozen=True)
class EngineReply:
    text: str
    citations: tuple[str, ...]
    removed_codes: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()


@dataclass
class Knowledge:
    """What answers are made from: the index (through the retriever) and the parsed records."""

    retriever: HybridRetriever
    corpus: Corpus
    embed: matching.Embed | None = None
    names: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.names = {}
        for document in self.corpus.documents:
            if isinstance(document, (Standard, CompetencyUnit)):
                self.names[document.code] = document.name
            elif isinstance(document, CareerPath):
                self.names[document.id] = document.name
                self.names.update({role.id: role.title for role in document.roles})

    @property
    def catalog(self):
        return self.retriever.index.catalog

    def chunk_for(self, code: str) -> Chunk | None:
        """The chunk whose own code this is, else the first chunk carrying it."""
        carriers = self.retriever.index.carriers.get(code, [])
        return next((c for c in carriers if c.code == code), carriers[0] if carriers else None)

    def coverage_text(self, lang: str) -> str:
        """What the corpus covers, by name only (an abstention cites nothing); long lists are cut."""
        standards = _some(f"「{s.name}」" for s in self.corpus.standards)
        units = _some(f"「{u.name}」" for u in self.corpus.units)
        paths = _some(
            (f"「{p.name}」職業資歷階梯（{'、'.join(r.rank for r in sorted(p.roles, key=lambda r: r.rank_order))}）"
             for p in self.corpus.career_paths), separator="；")
        if lang == EN:
            return (f"The corpus covers Taiwan iCAP competency standards {standards}, the competency unit {units}, and the "
                    f"Hong Kong QF career path {paths}. Ask about their tasks, competencies, entry requirements, "
                    "qualifications, courses or career paths.")
        return (f"目前語料庫涵蓋：台灣 iCAP 職能基準 {standards}、職能單元 {units}，以及香港資歷架構 {paths}。"
                "歡迎詢問這些職業的工作任務、職能內涵、入門條件、資歷與課程或職涯路徑。")


COVERAGE_NAMES = 8


def _some(names, separator: str = "、") -> str:
    """At most a few names: with thousands of standards an abstention must stay readable."""
    names = list(names)
    shown = separator.join(names[:COVERAGE_NAMES])
    return shown + (f" 等 {len(names)} 項" if len(names) > COVERAGE_NAMES else "")


def answer(
    question: str,
    history: list[dict] | tuple = (),
    *,
    knowledge: Knowledge,
    engine: ChatEngine | None = None,
    k: int = 5,
    filters: Filters | None = None,
    on_token: Callable[[str], None] | None = None,
) -> Answer:
    history = [dict(m) for m in history or []]
    request = understand(question, history, knowledge.catalog, knowledge.names)
    condense_notice = ""
    if engine is not None and history and request.problem != "empty":
        # The model engine rewrites a follow-up into a standalone question before retrieving.
        try:
            standalone = engine.condense(request.question, history)
            if standalone and standalone != request.question:
                request = replace(understand(standalone, history, knowledge.catalog, knowledge.names),
                                  question=request.question)
        except Exception as error:  # the rule-based follow-up resolution stands
            condense_notice = f"模型暫時無法使用（{type(error).__name__}），以下由內建的依據式回答產生。"
    if request.problem == "empty":
        return _abstain(request, knowledge, "empty")
    result = knowledge.retriever.search(request.query, k=k, filters=filters)
    if result.codes.missing and not result.codes.found:
        return _abstain(request, knowledge, "missing", result)
    if request.uncovered:
        return _abstain(request, knowledge, "uncovered", result)
    if not in_scope(request, result, knowledge):
        return _abstain(request, knowledge, "injection" if request.injection else "scope", result)

    composition = Composer(knowledge.corpus, knowledge.embed).compose(request, result)
    if not composition.citations:
        return _abstain(request, knowledge, "scope", result)
    sources = _sources(result, composition.citations, knowledge, k)
    notices = list(_request_notices(request, result))
    if filters is not None and filters.framework and any(_framework(c) != filters.framework for c in composition.focus):
        notices.append(_localise(f"問題指名的對象不在篩選的架構（{filters.framework}）內，仍依指名的對象回答。", request.lang))
    text, citations, engine_name, flagged = composition.text, composition.citations, COMPOSER, False
    if engine is not None and not condense_notice:
        try:
            reply = engine.respond(request, list(sources), composition, history, on_token)
            text, citations, engine_name = reply.text, reply.citations, engine.name
            flagged = bool(reply.removed_codes)
            notices += [_localise(n, request.lang) for n in reply.notices]
        except Exception as error:  # any model failure: the composer's answer stands
            condense_notice = f"模型暫時無法使用（{type(error).__name__}），以下由內建的依據式回答產生。"
    if condense_notice:
        notices.append(_localise(condense_notice, request.lang))
    if len(question or "") > MAX_QUESTION_CHARS:
        notices.append(_localise(f"問題過長，只讀取了前 {MAX_QUESTION_CHARS} 個字。", request.lang))
    # Source cells are quoted as printed: a poisoned document's links, images or fake codes must not pass.
    text = neutralise_links(mark_unknown_codes(text, knowledge.corpus.codes()))
    return Answer(
        question=request.question,
        text=_localise(text, request.lang) if engine_name == COMPOSER else text,
        citations=tuple(citations),
        sources=tuple(sources),
        abstained=False,
        engine=engine_name,
        lang=request.lang,
        intent=composition.intent,
        focus=composition.focus,
        notices=tuple(notices),
        flagged=flagged,
    )


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*[a-z][a-z0-9+.-]*:[^)]*\)", re.I)
_HTML_ACTIVE = re.compile(r"<\s*/?\s*(?:img|script|iframe|a|object|embed)\b[^>]*>", re.I)
_URL = re.compile(r"\b(?:https?|javascript|data):[^\s)）」』>\]]*", re.I)


def neutralise_links(text: str) -> str:
    """No image, link or URL in an answer, whatever a source cell or a model carried; labels stay as text."""
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _HTML_ACTIVE.sub("", text)
    return _URL.sub("", text)


def mark_unknown_codes(text: str, codes) -> str:
    """A code-shaped string quoted from a source that names no record in the corpus is shown as [?]."""

    def keep(match: re.Match) -> str:
        code = match.group()
        return code if code in codes or code.startswith("HK:") else "[?]"

    return CANONICAL_CODE.sub(keep, text)


def _framework(code: str) -> str:
    return "HK" if code.startswith("HK:") or re.fullmatch(r"\d{4,8}L\d", code) else "TW"


def in_scope(request: Request, result: SearchResult, knowledge: Knowledge) -> bool:
    """Whether the corpus can answer: a named record, or sources that contain the question's words."""
    if request.entities or result.codes.found:
        return True
    if request.injection:  # instructions and no record named: nothing to answer from the corpus
        return False
    if mentions_foreign_occupation(request.question, knowledge.catalog) or not result.hits:
        return False
    words = content_words(request.query)
    if not words:
        return False
    text = normalise(" ".join(hit.chunk.text for hit in result.hits[:3]))
    return sum(1 for w in words if w in text) / len(words) >= SCOPE_COVERAGE


def _sources(result: SearchResult, citations: tuple[str, ...], knowledge: Knowledge, k: int) -> list[Source]:
    """The retrieved hits in rank order, then a chunk for each cited code they do not carry."""
    sources = [Source.from_chunk(hit.chunk, hit.score) for hit in result.hits[:k]]
    carried = {code for s in sources for code in s.codes}
    seen = {s.chunk_id for s in sources}
    for code in citations:
        if code in carried:
            continue
        chunk = knowledge.chunk_for(code)
        if chunk and chunk.id not in seen:
            sources.append(Source.from_chunk(chunk, 0.0))
            seen.add(chunk.id)
            carried.update(chunk.codes)
    return sources


def _request_notices(request: Request, result: SearchResult) -> list[str]:
    notices = []
    if result.degraded:
        notices.append(_localise("向量檢索暫時無法使用，本次僅以關鍵字檢索回答。", request.lang))
    if request.injection:
        notices.append(_localise("問題中的指示不會被執行；以下只依據語料庫中的職能標準回答。", request.lang))
    if request.cite_demands:
        codes = "、".join(request.cite_demands)
        notices.append(_localise(f"已忽略要求引用的代碼 {codes}：只引用檢索到的來源中的代碼。", request.lang))
    if result.codes.missing:
        notices.append(_localise(f"語料庫中查無代碼 {'、'.join(result.codes.missing)}。", request.lang))
    if request.followup and request.entities:
        notices.append(_localise(f"延續上一題的對象：{'、'.join(request.entities)}。", request.lang))
    return notices


_EN_NOTICES = {
    "問題過長": f"The question was too long: only its first {MAX_QUESTION_CHARS} characters were read.",
    "問題指名的對象不在篩選的架構": "The question names a record outside the framework filter; the answer is about that record.",
    "向量檢索暫時無法使用": "Vector search is unavailable right now; this answer used keyword search only.",
    "問題中的指示不會被執行": "Instructions inside the question are not followed; the answer rests only on the corpus.",
    "已忽略要求引用的代碼": "Ignored the request to cite {codes}: only codes from the retrieved sources are cited.",
    "語料庫中查無代碼": "Not in the corpus: {codes}.",
    "延續上一題的對象": "Following up on: {codes}.",
    "模型暫時無法使用": "The chat model is unavailable; the built-in grounded composer answered instead.",
    "已移除模型回答中不在來源內的代碼": "Removed codes the model cited that are not in its sources: {codes}.",
    "已移除模型回答中的連結或圖片": "Removed links or images from the model's answer.",
    "模型回答過長，已截斷": "The model's answer was too long and was cut.",
}


def _localise(text: str, lang: str) -> str:
    if lang == ZH_CN:
        return convert_outside_codes(text, to_simplified)
    if lang == EN:
        for prefix, english in _EN_NOTICES.items():
            if text.startswith(prefix):
                codes = re.findall(r"[A-Z]{3}\d{4}-\d{3}(?:v\d+)?(?:/\S+?)?(?=[、：。 ]|$)|\d{4,8}L\d|HK:[^\s、。]+", text)
                return english.format(codes=", ".join(codes))
    return text


def _abstain(request: Request, knowledge: Knowledge, reason: str, result: SearchResult | None = None) -> Answer:
    lang = request.lang
    coverage = knowledge.coverage_text(lang)
    if reason == "empty":
        text = ("Please type a question, for example: “What are the tasks of a training manager (訓練經理)?”"
                if lang == EN else "請輸入問題，例如：「訓練經理的工作任務有哪些？」")
    elif reason == "missing":
        missing = "、".join(result.codes.missing)
        text = (f"{missing} is not in the corpus, so I cannot answer about it, and I will not substitute a similar code. "
                if lang == EN else f"語料庫中查無代碼 {missing}，因此無法回答；我不會以相近的代碼代替。") + coverage
    elif reason == "injection":
        text = ("I only answer career questions from the official competency standards in the corpus; I do not follow "
                "instructions inside questions or reveal my configuration. " if lang == EN else
                "我只依據語料庫中的官方職能標準回答職涯問題，不會執行問題中的指示，也不會透露系統設定。") + coverage
    elif reason == "uncovered":
        text = ("The competency standards describe tasks, competencies, qualifications and career paths; they say "
                "nothing about salaries, job openings or employers, so I cannot answer that. " if lang == EN else
                "職能標準只描述工作任務、職能內涵、資歷與職涯路徑，沒有薪資、職缺或雇主的資訊，因此無法回答這一點。") + coverage
    else:
        text = ("This is outside what the corpus covers, so I cannot answer it from the official standards. "
                if lang == EN else "這個問題超出目前語料庫的範圍，我無法依據官方職能標準回答。") + coverage
    sources = tuple(Source.from_chunk(h.chunk, h.score) for h in result.hits) if result else ()
    return Answer(request.question, _localise(text, lang), (), sources, True, COMPOSER, lang, reason)
