"""`answer(question, history) -> Answer`: the one function the app, the CLI and the evals call.

Collaborators come in through `Knowledge` (retriever, records, embedder for
related-content matching) and an optional chat-model `engine`; nothing here
reads settings or the environment.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import cached_property
from itertools import zip_longest
from typing import Callable, Protocol

from corpus.load import Corpus
from corpus.validity import REVIEW_YEARS, is_stale
from corpus.records import Standard

from . import guard, matching, moves
from .chat import Grounding, ModelRejected, accept_rewrite
from .answering.cues import load_aliases
from .answering.evidence import ItemIndex, records_in_view
from .answering.guidance import GuidanceWriter
from .answering.notices import Notice, in_script, render_all
from .answering.plan import (COMPARE, DETAIL, FIT, HOW, LADDER, LIST, MAX_QUESTION_CHARS, MOVE, MULTI, YES_NO, Plan,
                             Vocabulary, job_record, make_plan, split_parts)
from .answering.writers import ItemWriter, Writing, messages
from .answering.writers.items import names_items
from .answering.writers.records import Composition, RecordWriter
from .chunks import Chunk
from .codes import framework_of, item_kind
from .lexical import normalise, segment
from .search import Filters, HybridRetriever, SearchResult
from .answering.language import EN, Request

COMPOSER = "composer"


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
                on_token: Callable[[str], None] | None, grounding: Grounding | None = None) -> "EngineReply": ...


@dataclass(frozen=True)
class EngineReply:
    text: str
    citations: tuple[str, ...]
    removed_codes: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()


@dataclass
class Knowledge:
    """What answers are made from: the index (through the retriever) and the parsed records.

    The item index, the name vocabulary and the code set are built once, on first use."""

    retriever: HybridRetriever
    corpus: Corpus
    embed: matching.Embed | None = None

    @property
    def catalog(self):
        return self.retriever.index.catalog

    @cached_property
    def items(self) -> ItemIndex:
        return ItemIndex(self.corpus, self.retriever.index.item_lexical)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.corpus, self.catalog, known=self.items.known, items_named=self.items.named,
                          task_names=self.items.task_names, printing=self.items.printing,
                          printed_within=self.items.printed_within)

    @cached_property
    def codes(self) -> frozenset[str]:
        return self.corpus.codes() | frozenset(self.catalog.aliases)

    def warm(self) -> None:
        """Build what the first answer would otherwise wait for: the names, the code set, where each
        record's items sit in the item lexicon, the word segmenter (seconds at thousands of standards), and
        the concept weights the first move reads over every item (about 18 s of CPU at 100k chunks)."""
        _ = self.vocabulary, self.codes
        self.items.rank(("暖身",), subjects=tuple(d.code for d in self.corpus.documents[:1]))  # the row map
        segment("暖身問題")
        moves.corpus_weights(self.corpus)

    def plan(self, question: str, history: list[dict], default_lang: str | None = None) -> Plan:
        return make_plan(question, history, self.vocabulary, default_lang=default_lang)

    def chunk_for(self, code: str) -> Chunk | None:
        """The chunk whose own code this is, else the first chunk carrying it."""
        carriers = self.retriever.index.carriers.get(code, [])
        return next((c for c in carriers if c.code == code), carriers[0] if carriers else None)

    def coverage_text(self, lang: str) -> str:
        """What the corpus covers, by name only (an abstention cites nothing); long lists are cut."""
        standards = _some(f"「{s.name}」" for s in self.corpus.standards)
        units = _some(f"「{u.name}」" for u in self.corpus.units)
        paths = _some(
            (f"「{p.name}」（{'、'.join(r.title for r in sorted(p.roles, key=lambda r: r.rank_order))}）"
             for p in self.corpus.career_paths), separator="；")
        if lang == EN:
            return (f"The corpus covers the competency standards {standards}, the competency units {units}, and the "
                    f"career-path documents {paths}. Ask about their tasks, competencies, entry requirements, "
                    "qualifications, courses or career paths.")
        return (f"目前語料庫涵蓋：職能基準 {standards}、職能單元 {units}，以及職業資歷階梯 {paths}。"
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
    default_lang: str | None = None,
    today: date | None = None,
) -> Answer:
    """`default_lang`: the interface language, used when the question itself has no language signal;
    `today`: the day standards' ages are judged against (the clock's, unless given)."""
    history = [dict(m) for m in history or []]
    named = knowledge.vocabulary.named
    # "1) 代碼是什麼？2) 它的宣傳方法舉了哪些？", "協調職涯發展這個單元：是幾級？…？": each part answered
    if len(parts := split_parts(question, lambda lead: bool(named(normalise(lead))))) >= 2:
        return _answer_parts(question, parts, history, knowledge=knowledge, engine=engine, k=k, filters=filters,
                             default_lang=default_lang, today=today)
    plan = knowledge.plan(question, history, default_lang)
    notices: list[Notice] = []
    if plan.problem == "empty":
        return _abstain(plan, knowledge, "empty")
    if engine is not None and history:
        plan, failure = _condensed(plan, history, knowledge, engine, default_lang)
        if failure:
            notices.append(Notice.of("model_unavailable", error=failure))
    if plan.uncovered:
        return _abstain(plan, knowledge, "uncovered")
    if plan.earlier_version:  # its level or tasks: no document prints them, and the current version's are not its
        return _abstain(plan, knowledge, "earlier_version")
    if not plan.codes.missing and (early := decide_scope(plan, None, knowledge)):
        return _abstain(plan, knowledge, early)  # refused from the plan alone: no search, no query embedding
    result = knowledge.retriever.search(plan.query, k=k, filters=filters, codes=plan.codes)
    asked_missing = [c for c in plan.codes.missing if not any(c.startswith(d) for d in plan.cite_demands)]
    if asked_missing and not plan.codes.found and _claimed_items(plan, asked_missing, knowledge):
        # "主管說就服員基準裡有一項「K17 業績達成率管理」": whether the record lists what is claimed, the code aside
        plan = replace(plan, form=YES_NO, kinds=tuple(dict.fromkeys(filter(None, map(item_kind, asked_missing)))))
        asked_missing = []
    if (asked_missing and not plan.codes.found) or (plan.codes.missing and not plan.subjects):
        return _abstain(plan, knowledge, "missing", result)  # never a neighbour for a code that does not exist
    scope = decide_scope(plan, result, knowledge)
    if scope:
        return _abstain(plan, knowledge, scope, result)

    composition = compose(plan, result, knowledge)
    if not composition.citations:
        return _abstain(plan, knowledge, "scope", result)
    sources = _sources(result, composition.citations, knowledge, k)
    notices = _plan_notices(plan, result, knowledge) + notices
    if history and history[-1].get(PART_OF_QUESTION):  # a later part follows the earlier ones by construction:
        notices = [n for n in notices if n.kind != "followup"]  # "following up on …" would tell the user nothing
    if filters is not None and filters.framework and any(framework_of(c) != filters.framework for c in composition.focus):
        notices.append(Notice.of("filter_outside", framework=filters.framework))
    text, citations, engine_name, flagged = composition.text, composition.citations, COMPOSER, False
    if taken := _taken_for(plan, composition, knowledge):
        text = taken + "\n" + text
    extra: tuple[str, ...] = ()
    if engine is not None and not any(n.kind == "model_unavailable" for n in notices):
        try:
            grounding = Grounding(
                known_codes=knowledge.codes,
                record_text_for=lambda c: guard.record_text(c, knowledge.retriever.index.carriers.get(c, ())),
                subject_codes=tuple(plan.subjects or composition.focus),
                allowed_codes={c for source in sources for c in source.codes} | set(composition.citations))
            reply = engine.respond(_request(plan, composition.intent), list(sources), composition, history, on_token,
                                   grounding=grounding)
            text, citations, engine_name = reply.text, reply.citations, engine.name
            flagged = bool(reply.removed_codes)
            extra = tuple(reply.notices)
        except Exception as error:  # any model failure: the composer's answer stands
            # the model answered but the guard refused what it wrote: not "unavailable"
            kind = "model_rejected" if isinstance(error, ModelRejected) else "model_unavailable"
            notices.append(Notice.of(kind, error=type(error).__name__))
    if plan.cut:
        notices.append(Notice.of("too_long", limit=MAX_QUESTION_CHARS))
    if plan.aside:
        notices.append(Notice.of("aside"))
    notices += _validity_notices(citations, knowledge, today or date.today())
    # Source cells are quoted as printed: a poisoned document's links, images or fake codes must not pass.
    text = guard.neutralise_links(guard.mark_unknown_codes(text, knowledge.codes))
    return Answer(
        question=plan.question,
        text=in_script(text, plan.lang) if engine_name == COMPOSER else text,
        citations=tuple(citations),
        sources=tuple(sources),
        abstained=False,
        engine=engine_name,
        lang=plan.lang,
        intent=composition.intent,
        focus=composition.focus,
        notices=render_all(notices, plan.lang) + tuple(in_script(n, plan.lang) for n in extra),
        flagged=flagged,
    )


def compose(plan: Plan, result: SearchResult, knowledge: Knowledge) -> Composition:
    """The writer for the plan's form: item evidence for details, yes/no, how and multi-part
    questions; whole-record sections, ladders, comparisons and moves from the composer."""
    in_view = tuple(records_in_view(result.pool, knowledge.corpus, IN_VIEW))
    if len(plan.kinds) >= 2 and plan.subjects:  # "資歷培訓目標裡的知識" of an HK role: it has no knowledge items,
        # so the qualification is asked (the kinds of the subjects' records: "A05 and the industry code")
        records = tuple(dict.fromkeys(s.split("/", 1)[0] for s in plan.subjects))
        printed = {i.kind for i in knowledge.items.items_of(records)}
        # what a job "does" is its tasks, or where it has none (an HK role), its purpose and duties
        kinds = tuple(dict.fromkeys("purpose" if k == "task" and k not in printed and "purpose" in printed else k
                                    for k in plan.kinds))
        plan = replace(plan, kinds=tuple(k for k in kinds if k in printed or k in NUMERIC_KINDS) or plan.kinds)
    elif plan.kinds and plan.subjects and plan.form == YES_NO and plan.aspect:
        # "does the standard require taking part in audits of assessment?": a kind the record does not have
        # (a TW standard has no assessment design) gives way to the words asked
        printed = {i.kind for i in knowledge.items.items_of(plan.subjects)}
        # a job title asked of a standard is answered by its note on related occupations, as the record writer does;
        # a kind named by its code letters ("attitudes (A01, A02…)") is asked whether the record has it or not
        printed |= {"title"} | {item_kind(c) for c in plan.codes.kind_absent}
        plan = replace(plan, kinds=tuple(k for k in plan.kinds if k in printed or k in NUMERIC_KINDS))
    if plan.form in (MOVE, FIT):
        guide = GuidanceWriter(knowledge.corpus, knowledge.vocabulary, knowledge.items, knowledge.embed, in_view)
        written = guide.move(plan) if plan.form == MOVE else guide.fit(plan)
        if written is not None and written.cited:
            current, target = guide.sides(plan)
            focus = tuple(c for c in (current, target) if c) or tuple(dict.fromkeys(
                c.split("/", 1)[0] for c in written.cited))[:2]
            cited = tuple(written.cited)
            if plan.form == FIT:  # "which roles fit me": the records found are what the sources show first,
                records = tuple(c for c in cited if job_record(knowledge.corpus, c))  # then their items
                cited = records + tuple(c for c in cited if c not in records)
            return Composition(written.text, cited, focus, plan.form)
        plan = replace(plan, form=DETAIL)  # nothing to compare: answer what the question's words ask
    if plan.form in (YES_NO, HOW, MULTI, LIST, DETAIL, COMPARE) or names_items(plan):
        writer = ItemWriter(knowledge.items, knowledge.vocabulary, in_view, knowledge.embed)
        written = writer.write(plan)
        if written is None and plan.form == COMPARE and len(plan.subjects) < 2 and plan.kinds:
            # "T2 那整塊的產出有哪些？我要拿來對照我們的規劃": nothing here to compare it with; what is asked
            plan = replace(plan, form=LIST)
            written = writer.write(plan)
        if written is not None and written.cited:
            focus = plan.subjects or tuple(dict.fromkeys(c.split("/", 1)[0] for c in written.cited))[:2]
            return Composition(written.text, tuple(written.cited), tuple(focus), plan.form)
    request = _request(plan, _intent(plan))
    return RecordWriter(knowledge.corpus, knowledge.embed).write(request, result)


_INTENT_OF_KIND = {
    "output": "outputs", "indicator": "indicators", "task": "tasks", "knowledge": "knowledge", "skill": "skills",
    "attitude": "attitudes", "entry": "entry", "definition": "definitions", "note": "definitions", "unit": "units",
    "soft_skill": "soft_skills", "course": "courses", "qualification": "qualification", "credit": "qualification",
    "assessment": "assessment", "guideline": "assessment", "outcome": "assessment", "progression": "progression",
    "title": "titles", "learning": "courses", "purpose": "tasks",
}
_INTENT_OF_FORM = {COMPARE: "compare", LADDER: "ladder", MOVE: "gap", FIT: "gap"}


def _intent(plan: Plan) -> str:
    """The record section a whole-record answer shows: for several kinds named, the last one (the
    thing asked about comes last: "報讀…的資歷，需要什麼入學條件")."""
    if plan.form in _INTENT_OF_FORM:
        return _INTENT_OF_FORM[plan.form]
    if plan.admission_asked and "entry" in plan.kinds:
        return "qualification"  # "入學要求": admission is part of the qualification, not what employers ask
    # "what does expert level mean in the soft skills": the meaning is printed where the other kind is
    kinds = [k for k in plan.kinds if k not in ("definition", "note")] or list(plan.kinds)
    return next((_INTENT_OF_KIND[k] for k in reversed(kinds) if k in _INTENT_OF_KIND), "overview")


def _request(plan: Plan, intent: str) -> Request:
    """The plan in the shape the composer and the chat engine take."""
    intents = (intent,) + tuple(_INTENT_OF_KIND[k] for k in plan.kinds if k in _INTENT_OF_KIND)
    return Request(plan.question, plan.lang, intent, plan.subjects, plan.codes, plan.query, plan.followup,
                   plan.injection, plan.cite_demands, intents=tuple(dict.fromkeys(intents)),
                   uncovered=bool(plan.uncovered), provider=plan.provider)


def _condensed(plan: Plan, history: list[dict], knowledge: Knowledge, engine: ChatEngine,
               default_lang: str | None) -> tuple[Plan, str]:
    """The model's standalone rewrite of a follow-up, accepted only when it keeps the plan's subjects
    and the user's language; otherwise the rule-based plan stands."""
    try:
        rewrite = engine.condense(plan.question, history)
    except Exception as error:
        return plan, type(error).__name__
    if not rewrite or rewrite == plan.question:
        return plan, ""
    candidate = knowledge.plan(rewrite, [], default_lang)  # what the rewrite names on its own
    keeps = not candidate.problem and accept_rewrite(
        plan.question, rewrite, original_subjects=plan.subjects, rewrite_subjects=candidate.subjects,
        original_lang=plan.lang, rewrite_lang=candidate.lang, original_aspects=plan.kinds,
        rewrite_aspects=candidate.kinds)
    return (replace(candidate, question=plan.question) if keeps else plan), ""


NUMERIC_KINDS = ("level", "credit")  # answered from a record's fields, not its items
IN_VIEW = 12  # records near the question (of the fused chunks) that writers look in when none is named
SCOPE_KNOWN_SHARE = 0.5  # share of a question's own content terms that the records must print
ENGLISH_UNREAD_WEIGHT = 0.5  # an English word no glossary entry reads, against a word the records print


def _claimed_items(plan: Plan, missing: list[str], knowledge: Knowledge) -> bool:
    """Whether every code the question names that no record has is an item code of a record it names, said
    with words the records print ("「K17 業績達成率管理」"): a claim about that record, checked, not a code
    asked about ("T9.9 是什麼任務" names nothing else, and is refused)."""
    known = knowledge.vocabulary.known or (lambda word: False)
    return all("/" in c and c.split("/", 1)[0] in plan.subjects and item_kind(c) for c in missing) \
        and any(known(t) for t in plan.terms if t not in plan.filler)


def _kind_span(corpus: Corpus, missing: str) -> tuple[str, str] | None:
    """The first and last item codes of the kind a missing item code names, in its record (K01, K16): read from
    that record's own codes, not every code of the corpus."""
    document, _, item = missing.partition("/")
    letters = re.match(r"[A-Za-z]*", item).group()
    record = corpus.document(document)
    codes = record.item_codes() if isinstance(record, Standard) else ()  # the record's own code first, then its items
    locals_ = [c.split("/", 1)[1] for c in codes if "/" in c]
    own = sorted((c for c in locals_ if re.fullmatch(rf"{letters}\d+", c)), key=lambda c: int(c[len(letters):]))
    return (own[0], own[-1]) if own else None


def decide_scope(plan: Plan, result: SearchResult | None, knowledge: Knowledge) -> str:
    """Why the corpus cannot answer ("" when it can), from evidence: a record named, or content
    terms the records print. Instructions with no record named are not a question. Without a search
    `result`, from the plan alone (every rule but "nothing was retrieved")."""
    if plan.injection and not plan.codes.found and (plan.followup or not plan.subjects
                                                     or (plan.unknown_terms and not plan.kinds)):
        return "injection"  # instructions, and nothing else a record answers or a code names
    if plan.subjects or plan.codes.found or (result is not None and result.codes.found):
        return ""
    if (result is not None and not result.hits) or plan.repetitive:
        return "scope"
    if plan.form in (FIT, MOVE) and plan.situation.stated:
        return ""  # the user's own situation, asked against the records
    if plan.unknown_job:
        return "scope"  # "軟體工程師的職能標準": a job no record names is a job the corpus does not cover
    if plan.form == FIT and (plan.framework or plan.subjects):
        return ""  # "which HK role fits me": a job in this framework, or one of these records, is asked for
    if plan.form == YES_NO and plan.about_documents and plan.terms:
        return ""  # "標準裡有要求懂ISO嗎": whether the standards list something is theirs to answer, yes or no
    if plan.framework and (plan.situation.education or plan.situation.years):
        return ""  # "香港那邊，我只有中學畢業，可以從哪裡開始讀": the user's schooling against that framework
    if not plan.terms:
        return "" if plan.situation.stated else "scope"  # item kinds alone ("level output") name nothing
    if not any(_printed(t, plan, knowledge) for t in plan.terms if t not in plan.unknown_terms + plan.work_words):
        return "scope"  # English work words alone ("a company's products and services"): not these records
    if plan.form in (LIST, FIT) and plan.about_documents:
        return ""  # "台灣有哪幾份職能基準可以參考": which of the standards cover what is printed, theirs to answer
    # the topics asked, printed or not: words that only say how the user talks (沒有、今年) weigh nothing, and an
    # English word the glossary does not read, as often how the question is put ("explicitly", "across") as what
    # it is about, weighs half
    weight = {t: knowledge.items.rarity(t, plan.full_forms.get(t, ())) * (ENGLISH_UNREAD_WEIGHT if t.isascii()
              and t in plan.unknown_terms else 1.0) for t in plan.aspect}
    if not weight and plan.kinds and plan.about_documents:
        return ""  # "這些標準有沒有年齡限制？": a kind of item asked of the standards themselves
    known = sum(w for t, w in weight.items() if t not in plan.unknown_terms)
    # rare words weigh more: "馬拉松" outweighs "訓練" and "計畫", which any standard prints
    if known and known / sum(weight.values()) >= SCOPE_KNOWN_SHARE:
        return ""
    # the clauses that ask, every word of them printed, whatever the scene ("老師傅退了誰接很頭痛，我念食品科。
    # 有沒有哪個單元講接班、繼任的？": the story's words are not what is asked)
    asked = [t for t in plan.aspect if t not in plan.scene_terms]
    if plan.scene_terms and asked and not any(t in plan.unknown_terms for t in asked):
        return ""
    # words the user puts together as a record prints them ("職能學習地圖") are about the records, however the
    # rest of the question is put
    return "" if any(knowledge.items.printing(run) for run in plan.joined) else "scope"


def _printed(term: str, plan: Plan, knowledge: Knowledge) -> bool:
    """Whether the records print a term or one of its full forms, or it is an everyday alias of what they print.
    An English work word the glossary does not translate is neither: it keeps a question about work, but is
    no evidence that these records cover it."""
    known = knowledge.items.known
    aliases = (a.term for a in load_aliases())
    return term in aliases or known(term) or any(known(f) for f in plan.full_forms.get(term, ()))


def _sources(result: SearchResult, citations: tuple[str, ...], knowledge: Knowledge, k: int) -> list[Source]:
    """What the answer rests on first: for each cited code, the best retrieved chunk carrying it (else
    its own chunk); then the other retrieved hits in rank order, k in all at least."""
    hits = [Source.from_chunk(hit.chunk, hit.score) for hit in result.hits[:k]]
    sources: list[Source] = []
    carried: set[str] = set()
    for code in citations:
        if code in carried:
            continue
        source = next((h for h in hits if code in h.codes), None)
        if source is None and (chunk := knowledge.chunk_for(code)) is not None:
            source = Source.from_chunk(chunk, 0.0)
        if source is not None and source.chunk_id not in {s.chunk_id for s in sources}:
            sources.append(source)
            carried.update(source.codes)
    shown = {s.chunk_id for s in sources}
    return sources + [h for h in hits if h.chunk_id not in shown]


def _taken_for(plan: Plan, composition: Composition, knowledge: Knowledge) -> str:
    """"培訓助理" for 人才管理助理: the record the user's words were taken for, said before the answer; and an
    item code past the end of its record's list ("K17"), with where the list ends."""
    w = Writing(plan.lang)
    missing = [w.say("missing_item", code=code.split("/", 1)[1], name=knowledge.vocabulary.name_of(code.split("/")[0]),
                     kind=w.kind(item_kind(code)), first=span[0], last=span[1])
               for code in plan.codes.missing if (span := _past_the_end(plan, code, knowledge))]
    if composition.intent in ("move", "fit", "gap"):
        return " ".join(missing)  # a move or fit says itself which records it took the user's words for
    said = [w.say("taken_for", words=words, name=knowledge.vocabulary.name_of(code))
            for words, code in plan.named_loosely
            if (code in composition.focus or code in composition.citations) and words not in composition.text]
    return " ".join(missing + said)


def _past_the_end(plan: Plan, code: str, knowledge: Knowledge) -> tuple[str, str] | None:
    """The first and last item codes of the kind a missing item code names, when its record is a subject."""
    return _kind_span(knowledge.corpus, code) if code.split("/", 1)[0] in plan.subjects else None


def _plan_notices(plan: Plan, result: SearchResult, knowledge: Knowledge) -> list[Notice]:
    notices = []
    if result.degraded:
        notices.append(Notice.of("degraded"))
    if plan.injection:
        notices.append(Notice.of("instructions"))
    if plan.cite_demands:
        notices.append(Notice.of("cite_demand", codes="、".join(plan.cite_demands)))
    if unspanned := [c for c in plan.codes.missing if not _past_the_end(plan, c, knowledge)]:
        notices.append(Notice.of("missing_codes", codes="、".join(unspanned)))  # the others the answer says itself
    if plan.codes.kind_absent and plan.subjects:  # "A01" of a unit that numbers no attitudes: said, not refused
        notices.append(Notice.of("kind_absent", codes="、".join(plan.codes.kind_absent),
                                 names="、".join(knowledge.vocabulary.name_of(s) for s in plan.subjects)))
    notices += [Notice.of("historical", old=old, new=new) for old, new in plan.codes.historical]
    if plan.followup and plan.subjects:
        notices.append(Notice.of("followup", names="、".join(knowledge.vocabulary.name_of(s) for s in plan.subjects)))
    if plan.context:
        notices.append(Notice.of("long_read", question=plan.question[:80]))
    named = {normalise(knowledge.vocabulary.name_of(c)) for c in plan.subjects}
    stated = set(plan.situation.current) | set(plan.situation.target)
    for words, code in plan.situation.described if plan.form in (MOVE, FIT) else ():
        if normalise(words) not in named and code in stated and (words, code) not in plan.named_loosely:
            # (the ones the plan reads as loosely named are said in the answer itself)
            notices.append(Notice.of("matched_job", words=words, name=knowledge.vocabulary.name_of(code)))
    return notices


def _validity_notices(citations, knowledge: Knowledge, today: date) -> list[Notice]:
    """A cited standard whose latest update is older than the re-assessment cycle: say so, with its date."""
    notices = []
    for code in dict.fromkeys(c.split("/", 1)[0] for c in citations):
        standard = knowledge.corpus.document(code)
        if isinstance(standard, Standard) and is_stale(standard, today):
            notices.append(Notice.of("stale", code=code, date=standard.last_updated.isoformat(), years=REVIEW_YEARS))
    return notices


PART_OF_QUESTION = "part_of_question"  # marks an earlier part's answer in the history the next part is given


def _answer_parts(question: str, parts: list[str], history: list[dict], **options) -> Answer:
    """A question asked in parts: each part answered in turn, the earlier parts its conversation (so "它" in the
    second part is the record of the first), the answers numbered in one."""
    answers: list[Answer] = []
    for part in parts:
        answers.append(answer(part, history, **options))
        history = history + [{"role": "user", "content": part},
                             {"role": "assistant", "content": answers[-1].text, PART_OF_QUESTION: True}]
    lang = answers[0].lang
    text = "\n\n".join(f"({n}) {a.text}" if lang == EN else f"（{n}）{a.text}" for n, a in enumerate(answers, 1))
    given = [a for a in answers if not a.abstained] or answers
    return Answer(
        question=question, text=text,
        citations=tuple(dict.fromkeys(c for a in answers for c in a.citations)),
        # each part's best sources first, in turn (one part's whole list would push the others' past the top)
        sources=tuple({s.chunk_id: s for rank in zip_longest(*(a.sources for a in answers))
                       for s in rank if s is not None}.values()),
        abstained=all(a.abstained for a in answers), engine=given[0].engine, lang=lang, intent=given[0].intent,
        focus=tuple(dict.fromkeys(f for a in answers for f in a.focus)),
        notices=tuple(dict.fromkeys(n for a in answers for n in a.notices)), flagged=any(a.flagged for a in answers))


def _abstain(plan: Plan, knowledge: Knowledge, reason: str, result: SearchResult | None = None) -> Answer:
    """A refusal with its reason and what the corpus covers; it cites nothing and lists no sources."""
    lang = plan.lang
    say = messages()["abstain"][reason]["en" if lang == EN else "zh"]
    earlier, current = plan.earlier_version or ("", "")
    text = say.format(codes="、".join(result.codes.missing) if result else "", limit=MAX_QUESTION_CHARS,
                      earlier=earlier, current=current, name=knowledge.vocabulary.name_of(current) if current else "")
    if reason not in ("empty", "earlier_version"):  # an earlier version: the record it belongs to is in the corpus
        text += knowledge.coverage_text(lang)
    notices = [Notice.of("instructions")] if plan.injection and reason != "injection" else []
    if plan.cut:
        notices.append(Notice.of("too_long", limit=MAX_QUESTION_CHARS))
    return Answer(plan.question, in_script(text, lang), (), (), True, COMPOSER, lang, reason,
                  notices=render_all(notices, lang))
