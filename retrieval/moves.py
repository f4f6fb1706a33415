"""Career moves between two records: what of the target the current record already covers.

`move(corpus, from_id, to_id)` classes every item of the target record as `same`, `partial` or
`none`, names the current items that cover it and says why in one line a person can check. It
works between any two records: a TW standard (its tasks, K, S and A items), a TW competency unit
(its task groups, K and S) and an HK role (its units, with the role's learning outcomes and
assessment guidelines), in either direction.

Precision comes first: a wrong "you already have this" misleads a client, a missed partial only
costs a second look. So an item is covered only on evidence a person can check:

- the same HK unit code (two roles of one ladder listing one unit);
- the same wording once spacing and the words 能力/技能/技巧 are set aside;
- the same HR concept, recognised through the bilingual vocabulary in
  `vocabulary/hr_concepts.tsv` (訓練 and 培訓, 績效管理 and 工作表現管理 …), in the items' names,
  or a narrower concept that is part of the target's (人力資源策略 is part of 人力資源管理) — for a
  knowledge or skill item only when its name is mostly that concept, not a strategy or plan for it;
- a concept shared by one item's name and the other's indicators (TW) or learning outcome (HK: the
  role's outcome, not the examples in its assessment guidelines), only when the indicator does
  the same kind of work (evaluating a programme is not designing one) and the two texts also read
  alike (dense similarity when an embedder is passed, else shared wording);
- two pieces of work (tasks, task groups, units) whose indicators or outcomes both name one telling
  concept (a development plan, training needs), when their texts read closer still;
- two pieces of work that state one act on a telling concept the target's name is about (both analyse
  training needs, both build development plans), in their names, indicators or outcomes;
- a knowledge or skill item whose name lists several competencies, one of which a piece of work names; or one whose
  topic is a part of what a piece of work's name names, when that work's indicators or outcome state the topic too
  (developing a learning strategy, applying learning theory to it, demands learning theory);
- a knowledge or skill item that a piece of work's act is (explaining or promoting something is communicating: the
  acts in `vocabulary/hr_actions.tsv` that share a term with a concept);
- a piece of work about one concept, partly done by work mostly about a concept it is directly a part of (reviewing
  staff development plans ← building individual development plans);
- an HK unit about a part of what the target unit's name names, doing one specific act with it (checking staff's
  understanding of compliance, for checking HR policies' compliance);
- two pieces of work whose names both say that they run programmes (方案, 課程, 活動: the kinds in
  `vocabulary/hr_work_kinds.tsv`), with acts that agree and concepts of one family (both in training and
  development; career development and training and development are both human resource development); and a skill
  of running programmes (職涯發展方案執行及管理能力) against work running programmes of its family with its act;
- for a piece of work nothing else covers, the current piece of work that best reads alike among those with a line
  (its name, an indicator or its outcome) doing the same act on the same telling concept as a line of the target.

A part named beside its whole only elaborates it, in either name (領袖能力培訓 is training, about leadership).
A name is read up to the parts or examples it goes on to list (專案管理方法，包含：…風險評估…, 求職策略（如…）): it is
about what it names before them.

A partial item lists every current item with such evidence, strongest first; a same item lists the
items that share its concept. A similarity score alone never covers an item, and a dense score is read against the
two records' usual likeness (how alike their pieces of work read on average), not as an absolute score (except when
several targets are ranked against each other). Nothing here depends on a particular corpus: names, codes and
vocabulary come from the records and the data file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from corpus.load import Corpus
from corpus.records import CompetencyUnit, HKRole, Standard

Embed = Callable[[list[str]], np.ndarray]

SAME, PARTIAL, NONE = "same", "partial", "none"
STRENGTHS = (SAME, PARTIAL, NONE)
TASK, KNOWLEDGE, SKILL, ATTITUDE, UNIT, TASK_GROUP, ABILITY = (
    "task", "knowledge", "skill", "attitude", "unit", "task_group", "ability")
TW, HK = "TW", "HK"
# What a match rests on, for rendering its reason in the reader's language.
BY_CODE, BY_WORDING, BY_CONCEPT, BY_SHARED, BY_PART, BY_DETAIL, BY_NOTHING = (
    "code", "wording", "concept", "shared", "part", "detail", "none")

VOCABULARY_DIR = Path(__file__).with_name("vocabulary")
CONCEPTS_PATH = VOCABULARY_DIR / "hr_concepts.tsv"
WORK_KINDS_PATH = VOCABULARY_DIR / "hr_work_kinds.tsv"
NO_KIND = "none"  # the row of hr_work_kinds.tsv listing words that hold a kind's word and name no programme
EDUCATION_PATH = VOCABULARY_DIR / "education_levels.tsv"

MAX_COVERING = 4  # a target item names at most this many covering items, best first
# Detail-level evidence (a concept in one item's indicators or outcome) also needs the two texts to
# read alike: e5 cosine of the texts (its scores sit in a compressed band near 1), or bigram Dice.
DENSE_SUPPORT = 0.915
SAME_COVERAGE = 0.75
NAME_SHARE = 0.5
ABILITY_COVERAGE = 0.5
LEXICAL_SUPPORT = 0.12
# Two pieces of work related only through what their indicators or outcomes name need texts that read closer still,
# and a telling concept: one named by about one item in twenty of the corpus or fewer (log-IDF weight ≥ 3).
WORK_SUPPORT = 0.918
TELLING = 3.0
# Two pieces of work that state one act on a telling concept the target's name is about need texts that read alike
# only loosely (e5 scores of related and unrelated HR texts both sit in 0.85–0.95; this drops only what reads apart).
LINE_SUPPORT = 0.88
# The floors above are on one scale: e5 scores between two records' pieces of work (tasks, task groups, units) sit
# around this mean with this spread over the calibration moves. A record pair whose work reads more alike overall (two TW
# standards written alike) or less (TW tasks against HK units, written another way) is re-centred onto it, so that a
# floor asks the same of a pair whatever the two records' writing: how far above their usual likeness the texts read.
REFERENCE_MEAN, REFERENCE_SPREAD = 0.895, 0.013
CALIBRATION_PAIRS = 12  # fewer pairs of work than this (a handful of claimed abilities) tell no usual likeness


class UnknownRecord(KeyError):
    """An id that is not a TW standard, a TW unit or an HK role of the corpus."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown record"


# --- vocabulary ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    id: str
    broader: tuple[str, ...]
    zh: tuple[str, ...]
    en: tuple[str, ...]

    @property
    def label(self) -> str:
        """How a reason names the concept: its first zh-TW term and its first English term."""
        zh = self.zh[0].replace("*", "") if self.zh else self.id
        return f"{zh} / {self.en[0]}" if self.en else zh


def _pattern(term: str) -> re.Pattern:
    parts = [re.escape(_normalise(p)) for p in term.split("*")]
    # Each literal part is a group, so that a scan can tell the term's own words from those in its gap.
    body = r"[^，。；、,;:：]{0,6}".join(f"({p})" for p in parts) if len(parts) > 1 else parts[0]
    if re.fullmatch(r"[a-z0-9 &'+-]+", term.lower()):  # a Latin term matches whole words only
        body = rf"(?<![a-z]){body}(?![a-z])"
    return re.compile(body)


@lru_cache(maxsize=4)
def load_concepts(path: Path = CONCEPTS_PATH) -> tuple[tuple[Concept, ...], tuple[tuple[str, re.Pattern], ...]]:
    """The concepts and, longest term first, (concept id, compiled term) pairs."""
    concepts, terms = [], []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4 or not cells[0].strip():
            raise ValueError(f"{path}:{number}: expected 4 tab-separated cells (id, broader, zh terms, en terms)")
        cid, broader, zh, en = (c.strip() for c in cells)
        concept = Concept(cid, tuple(b for b in broader.split(",") if b), tuple(t for t in zh.split("|") if t),
                          tuple(t for t in en.split("|") if t))
        concepts.append(concept)
        terms += [(cid, t) for t in concept.zh + concept.en]
    known = {c.id for c in concepts}
    for c in concepts:
        unknown = [b for b in c.broader if b not in known]
        if unknown:
            raise ValueError(f"{path}: concept {c.id} names unknown broader concepts {unknown}")
    terms.sort(key=lambda t: (-len(t[1].replace("*", "")), "*" in t[1]))  # longest first; a plain term before a gapped one
    return tuple(concepts), tuple((cid, _pattern(t)) for cid, t in terms)


@lru_cache(maxsize=4)
def _sorted_terms(path: Path = CONCEPTS_PATH) -> tuple[str, ...]:
    """The terms as written, in the order `load_concepts` compiles them."""
    terms = [t for c in load_concepts(path)[0] for t in c.zh + c.en]
    return tuple(sorted(terms, key=lambda t: (-len(t.replace("*", "")), "*" in t)))


def _normalise(text: str) -> str:
    """NFKC, lower case; spaces kept only between two Latin words or numbers ("training needs"), so Chinese
    wording matches across the spaces PDF extraction leaves ("培訓 需要")."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).lower().strip()
    return re.sub(r"(?<![a-z0-9]) | (?![a-z0-9])", "", text)


@lru_cache(maxsize=4)
def _term_index(path: Path = CONCEPTS_PATH) -> tuple[tuple[tuple[str, re.Pattern, tuple[str, ...]], ...],
                                                    dict[str, tuple[int, ...]]]:
    """The vocabulary's terms in scan order, each with the literal words it needs, and the terms by the first two
    characters of their longest word: a scan tries only the few terms a text can hold, with the same result as
    trying every term (a scan over every item of a large corpus took minutes trying hundreds of patterns each)."""
    terms, index = [], {}
    for n, ((cid, pattern), term) in enumerate(zip(load_concepts(path)[1], _sorted_terms(path))):
        words = tuple(w for w in (_normalise(p) for p in term.split("*")) if w)
        terms.append((cid, pattern, words))
        index.setdefault(max(words, key=len)[:2], []).append(n)
    return tuple(terms), {key: tuple(found) for key, found in index.items()}


def scan_concepts(text: str, path: Path = CONCEPTS_PATH) -> tuple[frozenset[str], float]:
    """The vocabulary concepts a text mentions, and the share of its characters their terms take.
    A longer term hides the shorter ones inside it."""
    text = _normalise(text)
    found, taken = _scan(text, path)
    return found, (sum(taken) / len(text) if text else 0.0)


def _scan(text: str, path: Path = CONCEPTS_PATH) -> tuple[frozenset[str], list[bool]]:
    """The concepts a normalised text mentions, and which of its characters their terms take."""
    found, taken = set(), [False] * len(text)
    terms, index = _term_index(path)
    keys = set(text) | {text[i:i + 2] for i in range(len(text) - 1)}
    # Only the terms whose words all occur in the text are tried, in the vocabulary's order (longest first).
    for n in sorted({n for key in keys & index.keys() for n in index[key]}):
        cid, pattern, words = terms[n]
        if not all(w in text for w in words):
            continue
        for m in pattern.finditer(text):
            # A term with gaps takes only its first part: the words after the gap may name a concept of their own.
            spans = [m.span(1) if pattern.groups else m.span()]
            if any(any(taken[a:b]) for a, b in spans):
                continue
            found.add(cid)
            for a, b in spans:
                taken[a:b] = [True] * (b - a)
    return frozenset(found), taken


def concepts_in(text: str, path: Path = CONCEPTS_PATH) -> frozenset[str]:
    return scan_concepts(text, path)[0]


@lru_cache(maxsize=4)
def _parents(path: Path = CONCEPTS_PATH) -> dict[str, frozenset[str]]:
    """Each concept's direct broader concepts. "Part of" is not carried further: 表達 is part of 簡報, and
    簡報 of 溝通, but someone who expresses well has not thereby covered communication and coordination."""
    return {c.id: frozenset(c.broader) for c in load_concepts(path)[0]}


ACTIONS_PATH = VOCABULARY_DIR / "hr_actions.tsv"
GENERIC_ACTION = "deliver"  # running or managing something goes with designing, analysing or evaluating it


def _term_rows(path: Path) -> list[tuple[str, list[str]]]:
    """(id, its zh and en terms) of each row of a vocabulary file with the cells id, zh terms, en terms."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 3 or not cells[0]:
            raise ValueError(f"{path}:{number}: expected 3 tab-separated cells (id, zh terms, en terms)")
        rows.append((cells[0], [t for t in (cells[1] + "|" + cells[2]).split("|") if t]))
    return rows


@lru_cache(maxsize=4)
def _action_terms(path: Path = ACTIONS_PATH) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((action, _pattern(t)) for action, terms in _term_rows(path) for t in terms)


def actions_in(text: str, path: Path = ACTIONS_PATH) -> frozenset[str]:
    """What a task or unit name says is done: design, analyse, evaluate, deliver, communicate. Words inside a
    longer concept term do not count (發展 in 學習及發展 names a topic, not an act)."""
    text = _normalise(text)
    acts = {p.pattern for _, p in _action_terms(path)}
    for _, pattern in load_concepts()[1]:
        if pattern.pattern not in acts:  # a term that is itself an act (溝通) names both
            text = pattern.sub(lambda m: "　" * len(m.group(0)), text)
    return frozenset(aid for aid, pattern in _action_terms(path) if pattern.search(text))


@lru_cache(maxsize=4)
def act_concepts(path: Path = CONCEPTS_PATH, actions: Path = ACTIONS_PATH) -> frozenset[str]:
    """Concepts one of whose terms is also a term for an act (溝通 is communicating and communication): having such
    a skill is not doing a piece of work whose name is that act."""
    acts = {p.pattern for _, p in _action_terms(actions)}
    return frozenset(cid for cid, pattern in load_concepts(path)[1] if pattern.pattern in acts)


@lru_cache(maxsize=4)
def _act_concept_map(path: Path = CONCEPTS_PATH, actions: Path = ACTIONS_PATH) -> dict[str, frozenset[str]]:
    """Each specific act and the concepts that share one of its terms (communicating ↔ communication: 溝通)."""
    concepts = {}
    for cid, pattern in load_concepts(path)[1]:
        concepts.setdefault(pattern.pattern, set()).add(cid)
    found: dict[str, set[str]] = {}
    for aid, pattern in _action_terms(actions):
        if aid != GENERIC_ACTION:
            found.setdefault(aid, set()).update(concepts.get(pattern.pattern, ()))
    return {aid: frozenset(c) for aid, c in found.items()}


def _act_named(actions: frozenset[str]) -> frozenset[str]:
    """The concepts that a name's specific acts are (a name that explains or promotes something communicates)."""
    table = _act_concept_map()
    return frozenset().union(*(table.get(a, frozenset()) for a in actions))


def concept_name(cid: str, lang: str = "zh-TW", path: Path = CONCEPTS_PATH) -> str:
    """A concept as a reader sees it: its first zh-TW term, or its first English term for `en`."""
    concept = next((c for c in load_concepts(path)[0] if c.id == cid), None)
    if concept is None:
        return cid
    terms = concept.en if lang == "en" and concept.en else concept.zh
    return terms[0].replace("*", "") if terms else cid


def _label(cid: str, path: Path = CONCEPTS_PATH) -> str:
    return next((c.label for c in load_concepts(path)[0] if c.id == cid), cid)


# --- items ---------------------------------------------------------------------------------


def _key(code: str, local: str) -> str:
    """An item's key within the corpus: its code when the code names it (BHR…/K01, an HK unit), else code#local."""
    return code if not local or code == local or code.endswith("/" + local) else f"{code}#{local}"


@dataclass(frozen=True)
class Item:
    """One requirement of a record.

    `code` is the canonical code to cite; a TW unit's items have no codes of their own and carry the
    unit's, with the unit's own numbering in `local` (1 for task group 一, K1, S1).
    """

    code: str
    local: str
    kind: str
    name: str
    detail: tuple[str, ...] = ()
    outcome: str = ""  # an HK unit's learning outcome for the role: what the role does with the unit

    @property
    def key(self) -> str:
        """Unique within a record: the code, or code#local when the code is the record's own."""
        return _key(self.code, self.local)

    @property
    def label(self) -> str:
        """The item as shown: TW items with their local code, HK units by title (the code is cited beside)."""
        return self.name if self.local == self.code else f"{self.local} {self.name}"

    @property
    def text(self) -> str:
        return "：".join([self.name, "；".join(self.detail)]) if self.detail else self.name


@dataclass(frozen=True)
class Record:
    """A record as a move sees it."""

    id: str
    title: str
    framework: str
    kind: str  # standard, unit, role
    level: int | None
    items: tuple[Item, ...]


def _standard_items(s: Standard) -> tuple[Item, ...]:
    items = [Item(s.qualify(t.code), t.code, TASK, t.name,
                  tuple(p.text for p in t.indicators) + tuple(o.text for o in t.outputs)) for t in s.tasks]
    items += [Item(s.qualify(k.code), k.code, KNOWLEDGE, k.text, (k.definition,) if k.definition else ())
              for k in s.knowledge]
    items += [Item(s.qualify(k.code), k.code, SKILL, k.text, (k.definition,) if k.definition else ())
              for k in s.skills]
    items += [Item(s.qualify(a.code), a.code, ATTITUDE, a.text, (a.definition,) if a.definition else ())
              for a in s.attitudes]
    return tuple(items)


def _unit_items(u: CompetencyUnit) -> tuple[Item, ...]:
    items = [Item(u.code, str(g.number), TASK_GROUP, g.name, tuple(g.indicators)) for g in u.task_groups]
    items += [Item(u.code, f"K{n}", KNOWLEDGE, text) for n, text in enumerate(u.knowledge, 1)]
    items += [Item(u.code, f"S{n}", SKILL, text) for n, text in enumerate(u.skills, 1)]
    return tuple(items)


def _role_items(corpus: Corpus, role: HKRole) -> tuple[Item, ...]:
    items = []
    for ref in role.units:
        unit = corpus.hk_unit(ref.code)
        if unit is None:
            continue
        outcome = unit.outcome_for(role.id)
        detail = ((outcome.learning_outcome,) + tuple(outcome.assessment_guidelines)) if outcome else ()
        items.append(Item(unit.code, unit.code, UNIT, unit.title, tuple(d for d in detail if d),
                          outcome.learning_outcome if outcome else ""))
    return tuple(items)


def record(corpus: Corpus, record_id: str) -> Record:
    """The standard, unit or HK role an id names, with its items; UnknownRecord otherwise."""
    found = corpus.document(record_id)
    if isinstance(found, Standard):
        return Record(found.code, found.name, TW, "standard", found.level, _standard_items(found))
    if isinstance(found, CompetencyUnit):
        return Record(found.code, found.name, TW, "unit", found.level, _unit_items(found))
    role = corpus.role(record_id)
    if role is not None:
        return Record(role.id, role.title, HK, "role", role.qualification.qf_level, _role_items(corpus, role))
    raise UnknownRecord(f"{record_id!r} is not a TW standard code, a TW unit code or an HK role id (HK:<title>) "
                        "of the corpus")


def records(corpus: Corpus) -> tuple[Record, ...]:
    ids = [s.code for s in corpus.standards] + [u.code for u in corpus.units] + [r.id for r in corpus.roles]
    return tuple(record(corpus, i) for i in ids)


# --- matching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Covering:
    """A current item that covers a target item."""

    code: str
    text: str
    local: str = ""

    @property
    def key(self) -> str:
        return _key(self.code, self.local)

    def to_dict(self) -> dict:
        return {"code": self.code, "text": self.text}


@dataclass(frozen=True)
class ItemMatch:
    """One target item, classed: `same`, `partial` or `none`, with what covers it and why."""

    target: str
    target_text: str
    strength: str
    covered_by: tuple[Covering, ...]
    reason: str
    local: str = ""
    kind: str = ""
    evidence: int = 0  # how strong the reason is: 3 same item, 2 shared concept, 1 part of it, 0 indicators
    basis: str = BY_NOTHING  # code, wording, concept, shared, part, detail or none: what `reason` rests on
    concepts: tuple[str, ...] = ()  # the vocabulary concepts it rests on (ids; `concept_names` renders them)

    @property
    def key(self) -> str:
        return _key(self.target, self.local)

    @property
    def covered(self) -> bool:
        return self.strength != NONE

    def to_dict(self) -> dict:
        return {"target": self.target, "target_text": self.target_text, "strength": self.strength,
                "covered_by": [c.to_dict() for c in self.covered_by], "reason": self.reason}


@dataclass(frozen=True)
class _Evidence:
    strength: str
    rank: float  # orders covering items: higher is stronger
    reason: str
    basis: str = BY_NOTHING
    concepts: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Profile:
    """What matching reads of an item, computed once."""

    item: Item
    wording: str
    name_concepts: frozenset[str]
    name_coverage: float  # share of the name that concept terms account for
    bigrams: frozenset[str]
    actions: frozenset[str]
    lines: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()  # each indicator or outcome: its concepts, acts

    def detail_for(self, actions: frozenset[str]) -> frozenset[str]:
        """The detail concepts named in lines whose acts agree with `actions`: an indicator that evaluates a
        learning programme says nothing about designing one."""
        return frozenset().union(*(c for c, a in self.lines if _agree(a, actions))) - self.name_concepts


_SUFFIXES = re.compile(r"(能力|技能|技巧|知識|之應用|的概念|概念)$")


def _wording(name: str) -> str:
    text = re.sub(r"[^\w]", "", _normalise(name))
    return _SUFFIXES.sub("", text)


def _bigrams(text: str) -> frozenset[str]:
    chars = re.sub(r"[^\u3400-\u9fffa-z0-9]", "", _normalise(text))
    return frozenset(chars[i:i + 2] for i in range(len(chars) - 1))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _topic_coverage(name: str) -> float:
    """The share of a knowledge item's name that concept terms take, leaving out the words that only say what is
    done with a topic (評估 in 訓練成效評估, 發展 in 人才培育與發展): knowing such a topic is knowing its
    concepts. A name that also says something else (策略 in 職涯指引和諮詢策略) is not mostly them. A skill's acts
    are what the skill is (職涯發展方案執行及管理能力 is running programmes), so skills keep the plain share."""
    text = _wording(name)
    _, taken = _scan(text)
    neutral = [False] * len(text)
    for _, pattern in _action_terms():
        for m in pattern.finditer(text):
            if not any(taken[m.start():m.end()]):
                neutral[m.start():m.end()] = [True] * (m.end() - m.start())
    counted = sum(1 for t, n in zip(taken, neutral) if t or not n)
    return sum(taken) / counted if counted else 0.0


# A name that goes on to list what it includes or gives examples (專案管理方法，包含：時程管控、…、風險評估與管控;
# 求職策略（如自我行銷…）) is about what it names before them: the listed parts elaborate it.
_EXAMPLES = re.compile(r"[，,:：]?\s*(?:包含|包括|例如|比如)|[（(]\s*(?:如|例如|包括|e\.g\.)", re.I)


def _head(name: str) -> str:
    """A name without the parts or examples it goes on to list."""
    m = _EXAMPLES.search(name)
    return name[:m.start()] if m and m.start() > 0 else name


@lru_cache(maxsize=8192)
def _profile(item: Item) -> _Profile:
    head = _head(item.name)
    names, _ = scan_concepts(head)
    if item.kind == KNOWLEDGE:
        coverage = _topic_coverage(head)
    else:
        _, coverage = scan_concepts(_wording(head))
    acts = actions_in(item.name) if item.kind in _DOING + (UNIT,) else frozenset()
    # An HK unit's learning outcome states what the role does with it; its assessment guidelines list examples
    # and contexts, too incidental to say that the unit covers whatever they mention.
    lines = (item.outcome,) if item.outcome else item.detail
    return _Profile(item, _wording(item.name), names, coverage, _bigrams(item.text), acts,
                    tuple((concepts_in(line), _specific(actions_in(line))) for line in lines))


def _specific(actions: frozenset[str]) -> frozenset[str]:
    """An indicator's acts without the generic one when it states another: in 評估學習方案並提供選擇 the work
    is evaluating, 提供 only says that something is given."""
    return actions - {GENERIC_ACTION} if len(actions) > 1 else actions


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two statements of what is done agree unless both say and share nothing (running or managing something,
    the generic act, goes with designing, analysing or evaluating it)."""
    return not (a and b and not a & b and GENERIC_ACTION not in a | b)


_DOING = (TASK, TASK_GROUP)  # what a person does; knowing a topic or having one skill does not cover it


def _compatible(target: Item, current: Item) -> bool:
    """Attitudes are compared with attitudes only. A TW task (or a unit's task group) is covered by what someone
    does (a task, a task group, an HK unit), never by one knowledge or skill item it draws on."""
    if ABILITY in (target.kind, current.kind):
        return True
    if (target.kind == ATTITUDE) != (current.kind == ATTITUDE):
        return False
    return target.kind not in _DOING or current.kind in _DOING + (UNIT,)


Weights = dict[str, float]


def concept_weights(items: list[Item] | tuple[Item, ...]) -> Weights:
    """How telling each concept is: log inverse document frequency over the items' names and details.

    溝通 is named by half the items of an HR corpus and says little; 繼任計劃 by a few and says much."""
    counts: dict[str, int] = {}
    for item in items:
        for cid in concepts_in(item.text):
            counts[cid] = counts.get(cid, 0) + 1
    total = max(len(items), 1)
    return {cid: float(np.log((1 + total) / (1 + n))) + 0.1 for cid, n in counts.items()}


def _hits(wanted: frozenset[str], offered: frozenset[str]) -> tuple[set[str], set[str], set[str]]:
    """Which wanted concepts the offered ones name (exactly, or by a narrower concept that is part of them),
    which offered concepts did, and which wanted ones only through a narrower concept."""
    parents = _parents()
    hit, used, via_part = set(), set(), set()
    for o in offered:
        if o in wanted:
            hit.add(o)
            used.add(o)
        for a in parents.get(o, frozenset()) & wanted:
            used.add(o)  # a part of a wanted concept is used, whether or not the whole is offered too
            if a not in offered:
                hit.add(a)
                via_part.add(a)
    # A part of a concept the name also names only elaborates it (個人發展計劃 beside 栽培對象, both talent development):
    # it is used as well, so that it does not count as something else the name says.
    used |= {o for o in offered if parents.get(o, frozenset()) & used}
    return hit, used, via_part - (offered & wanted)


def _share(part: set[str], whole: frozenset[str], weights: Weights) -> float:
    total = sum(weights.get(c, 1.0) for c in whole)
    return sum(weights.get(c, 1.0) for c in part) / total if total else 0.0


def _names(cids, via_part=frozenset()) -> str:
    return "; ".join(_label(c) + (" (by a part of it)" if c in via_part else "") for c in sorted(cids))


def _cap(strength: str, target: Item, current: Item) -> str:
    """Two HK units with different codes are different units, however alike their wording: at most partial."""
    return PARTIAL if strength == SAME and target.kind == current.kind == UNIT and target.code != current.code \
        else strength


def _evidence(target: _Profile, current: _Profile, dense: float | None, weights: Weights) -> _Evidence | None:
    t, c = target.item, current.item
    if not _compatible(t, c):
        return None
    similarity = dense if dense is not None else _dice(target.bigrams, current.bigrams)
    if t.kind == c.kind == UNIT and t.code == c.code:
        return _Evidence(SAME, 10.0, f"same unit code {t.code}", BY_CODE)
    if target.wording and target.wording == current.wording:
        return _Evidence(SAME, 9.0, f"same wording: {c.name}", BY_WORDING)
    if not _agree(target.actions, current.actions) and not _one_topic_units(target, current):
        return None  # one designs what the other evaluates: the same topic, not the same work
    tn, cn = target.name_concepts, current.name_concepts
    if t.kind in _DOING + (UNIT,) and c.kind in (KNOWLEDGE, SKILL):
        # A communication skill is not the work of running staff communication: a knowledge or skill item covers a
        # piece of work through the topic it is about, not through an act both name.
        tn, cn = tn - act_concepts(), cn - act_concepts()
    hit, used, via_part = _hits(tn, cn)
    if via_part and t.kind in (KNOWLEDGE, SKILL) and target.name_coverage < SAME_COVERAGE:
        # A narrower topic is part of a broader topic, not of a strategy or plan for it: knowing career assessment
        # methods is part of career development, not of 職涯發展策略規劃. So a part counts only when the
        # target's name is mostly the broader concept.
        hit, used, via_part = _hits(tn, cn & tn)
    # Names: most of what each name says must be shared, weighed by how telling each concept is, so that
    # a common word (溝通) inside a name about something else (績效反饋) does not make a match.
    # A knowledge or skill item is a list of competencies (溝通和協商技能): each one it lists is demanded, so a
    # target named in full by one of them is covered by it, however many others the list holds.
    lists = t.kind in (KNOWLEDGE, SKILL) and c.kind in (KNOWLEDGE, SKILL) and not via_part
    listed = lists and hit == tn
    # The other way round, a knowledge or skill item that is one of the competencies the target lists (引導啟發 for
    # 諮詢及協商) covers a part of it, when both names are mostly competencies (not a strategy for them).
    one_of = lists and hit and used == cn and min(target.name_coverage, current.name_coverage) >= SAME_COVERAGE
    if one_of and not listed and _share(hit, tn, weights) < NAME_SHARE:
        return _Evidence(PARTIAL, 5.0 + similarity / 2, "is one of the competencies it lists: " + _names(hit),
                         BY_PART, tuple(sorted(hit)))
    # A part of a concept the target's name also names only elaborates it (領袖能力培訓: training, about leadership): it
    # is said by the whole, as on the current's side.
    said = hit | {x for x in tn - hit if _parents().get(x, frozenset()) & (hit - via_part)}
    if hit and (listed or min(_share(said, tn, weights), _share(used, cn, weights)) >= NAME_SHARE):
        # The same concept is the same competency only when the concept is what both names say, not a word
        # inside a longer name (法規解讀 and 勞資相關法規 share 法規 and are not the same item).
        # A claimed ability is said in a sentence ("我會做簡報"): half of it naming the concept is enough.
        needed = ABILITY_COVERAGE if c.kind == ABILITY else SAME_COVERAGE
        if hit == tn and used == cn and not via_part and \
                target.name_coverage >= SAME_COVERAGE and current.name_coverage >= needed:
            if _cap(SAME, t, c) == SAME:
                return _Evidence(SAME, 8.0 + similarity, "same concept: " + _names(hit), BY_CONCEPT, tuple(sorted(hit)))
            return _Evidence(PARTIAL, 6.0 + similarity, "shares " + _names(hit), BY_SHARED, tuple(sorted(hit)))
        if via_part:
            return _Evidence(PARTIAL, 5.0 + similarity / 2, "covers a part of " + _names(hit), BY_PART,
                             tuple(sorted(hit)))
        return _Evidence(PARTIAL, 6.0 + similarity, "shares " + _names(hit), BY_SHARED, tuple(sorted(hit)))
    if hit and (hit == tn or len(tn) > 1) and not via_part and target.name_coverage >= SAME_COVERAGE \
            and t.kind in (KNOWLEDGE, SKILL) and c.kind in _DOING + (UNIT,):
        # A piece of work whose name names a competency demands it, whatever else it names: 培育與考核部屬 draws on
        # 人才培育 as much as on 績效管理. Doing it covers a part of knowing or having it, never all; and only a
        # competency the target's name is mostly about (not a strategy or plan for it), named itself, not by a part.
        # A name that lists several competencies (諮詢及協商) is demanded in part by work that names one of them.
        return _Evidence(PARTIAL, 5.0 + similarity / 2, "the work it names demands " + _names(hit),
                         BY_PART, tuple(sorted(hit)))
    done = _act_named(current.actions) & tn
    if done and done == tn and target.name_coverage >= SAME_COVERAGE and t.kind in (KNOWLEDGE, SKILL) \
            and c.kind in _DOING + (UNIT,):
        # A piece of work whose name's act is itself a competency (向持分者闡述…: explaining is communicating) demands
        # it, as a name naming the competency does.
        return _Evidence(PARTIAL, 5.0 + similarity / 2, "the work it names demands " + _names(done), BY_PART,
                         tuple(sorted(done)))
    if t.kind in (KNOWLEDGE, SKILL) and c.kind in _DOING + (UNIT,) and _demands_part(target, current):
        # Developing a learning strategy by applying learning theory demands knowing learning theory, a part of
        # designing learning: the work's name names the broader concept and its own lines state the part.
        return _Evidence(PARTIAL, 5.0 + similarity / 2, "the work it names demands a part it states: "
                         + _names(tn), BY_PART, tuple(sorted(tn)))
    if t.kind in _DOING + (UNIT,) and c.kind in _DOING + (UNIT,):
        broader = _broader_work(target, current, weights)
        if broader:
            # A piece of work about one concept is partly done by work on a concept it is a part of, the broader
            # version of it (reviewing staff development plans ← building nominees' individual development plans).
            return _Evidence(PARTIAL, 5.0 + similarity / 2, "does the broader work of " + _names(broader), BY_PART,
                             tuple(sorted(broader)))
    if _within_unit(target, current):
        # An HK unit about a part of what the target unit names, doing the same specific act: checking staff's
        # understanding of compliance is a part of checking HR policies' compliance.
        return _Evidence(PARTIAL, 5.0 + similarity / 2, "does the same with a part of what it names: "
                         + _names(current.name_concepts - act_concepts()), BY_PART,
                         tuple(sorted(current.name_concepts - act_concepts())))
    if t.kind in _DOING + (UNIT, SKILL) and c.kind in _DOING + (UNIT,):
        # Two pieces of work that both run programmes (courses, activities) with one act and concepts of one family:
        # running L&D courses is a part of running leadership training or successors' development programmes.
        family = _runs_alike(target, current)
        if family:
            return _Evidence(PARTIAL, 1.1 + similarity, "both run programmes in " + _names(family), BY_DETAIL,
                             tuple(sorted(family)))
    if t.kind in _DOING + (UNIT,) and c.kind in _DOING + (UNIT,) and similarity >= _support(dense, LINE_SUPPORT):
        # Two pieces of work that do the same thing (a line of each, its name or an indicator or outcome, states one
        # act) with a telling concept the target's name is about: analysing training needs in both, building a
        # development plan in both. The concept must be what the target is about, not one an indicator mentions.
        done = _done_alike(target, current, weights)
        if done:
            return _Evidence(PARTIAL, 1.5 + similarity, "both do the same with " + _names(done), BY_DETAIL,
                             tuple(sorted(done)))
    # A name against the other item's indicators or learning outcome: only with texts that read alike.
    if similarity < _support(dense, DENSE_SUPPORT):
        return None
    # Detail evidence is weaker than a name: only the concept itself counts, not a narrower one that is part of it.
    # A piece of work whose indicator communicates (與求職者溝通) does so along the way: a concept that is also an act
    # (溝通, 記錄) in its lines does not make it about that topic (promoting staff communication).
    stated = current.detail_for(target.actions) - (act_concepts() if c.kind in _DOING + (UNIT,) else frozenset())
    hit, used, via_part = _hits(tn, stated & tn)
    if hit and _share(hit, tn, weights) >= NAME_SHARE:
        return _Evidence(PARTIAL, 4.0 + similarity, "its indicators or outcomes name " + _names(hit, via_part),
                         BY_DETAIL, tuple(sorted(hit)))
    hit, used, via_part = _hits(target.detail_for(current.actions) & cn, cn)
    # A whole task or unit whose name the target's indicators state (one skill named in them is not enough).
    if hit and c.kind in _DOING + (UNIT,) and _share(used, cn, weights) >= NAME_SHARE:
        return _Evidence(PARTIAL, 3.0 + similarity, "covers what the target's indicators or outcomes name: "
                         + _names(hit, via_part), BY_DETAIL, tuple(sorted(hit)))
    # Two pieces of work (tasks, task groups, units) whose indicators or outcomes both name one telling concept
    # (a development plan, training needs), with texts that read alike: one does a part of the other.
    if t.kind in _DOING + (UNIT,) and c.kind in _DOING + (UNIT,) and similarity >= _support(dense, WORK_SUPPORT):
        both = {x for x in (tn | target.detail_for(current.actions)) & (cn | current.detail_for(target.actions))
                if weights.get(x, 0.0) >= TELLING}
        if both:
            return _Evidence(PARTIAL, 2.0 + similarity, "both name " + _names(both), BY_DETAIL, tuple(sorted(both)))
    return None


def _broader_work(target: _Profile, current: _Profile, weights: Weights) -> frozenset[str]:
    """The concepts of the current piece of work's name that the one concept of the target's name is directly a part
    of, when they are most of that name (an act such as 溝通 set aside). A target naming several concepts is not
    thereby covered in part by the broader version of one of them."""
    tn, cn = target.name_concepts - act_concepts(), current.name_concepts - act_concepts()
    if len(tn) != 1:
        return frozenset()
    up = _parents().get(next(iter(tn)), frozenset()) & cn
    return up if up and _share(set(up), cn, weights) >= NAME_SHARE else frozenset()


def _done_alike(target: _Profile, current: _Profile, weights: Weights) -> set[str]:
    """The telling concepts of the target's name that a line of each item (its name, an indicator or its outcome)
    names with an act the two lines share."""
    tl = ((target.name_concepts, target.actions),) + target.lines
    cl = ((current.name_concepts, current.actions),) + current.lines
    return {x for ct, at in tl for cc, ac in cl if at & ac for x in ct & cc & target.name_concepts
            if weights.get(x, 0.0) >= TELLING}


def _one_topic_units(target: _Profile, current: _Profile) -> bool:
    """Two HK units whose names are about exactly the same concepts (an act such as 溝通 set aside): one competency at
    two steps (開發工作表現評核工具, 監察工作表現反饋的溝通過程), whatever each does with it. A unit is a whole
    competency of a role, so its act does not set it apart as a task's does (設計 and 評估學習策略 stay apart)."""
    if not target.item.kind == current.item.kind == UNIT:
        return False
    topic = target.name_concepts - act_concepts()
    return bool(topic) and topic == current.name_concepts - act_concepts()


def _within_unit(target: _Profile, current: _Profile) -> bool:
    """Two HK units where everything the current unit's name is about (an act such as 溝通 set aside) is named by the
    target unit too, and both do one specific act (not only running something): the current does a part of it."""
    if not target.item.kind == current.item.kind == UNIT:
        return False
    topic = current.name_concepts - act_concepts()
    return bool(topic) and topic <= target.name_concepts and bool(
        (target.actions & current.actions) - {GENERIC_ACTION})


def _demands_part(target: _Profile, current: _Profile) -> bool:
    """Whether a knowledge or skill target, mostly named by its concepts, names only parts of concepts the current
    piece of work's name names, and the work's own indicators or outcome state them as well."""
    tn, parents = target.name_concepts, _parents()
    if not tn or target.name_coverage < SAME_COVERAGE or not current.lines:
        return False
    stated = frozenset().union(*(concepts for concepts, _ in current.lines))
    return tn <= stated and all(parents.get(x, frozenset()) & current.name_concepts for x in tn)


@lru_cache(maxsize=4)
def _work_kinds(path: Path = WORK_KINDS_PATH) -> tuple[re.Pattern, ...]:
    """The words that say a piece of work runs a programme of some kind (方案, 課程, 活動); not the words of the row
    `none`, which hold such a word and name no programme (解決方案 is a solution)."""
    return tuple(_pattern(t) for kind, terms in _term_rows(path) if kind != NO_KIND for t in terms)


@lru_cache(maxsize=4)
def _not_kinds(path: Path = WORK_KINDS_PATH) -> tuple[re.Pattern, ...]:
    return tuple(_pattern(t) for kind, terms in _term_rows(path) if kind == NO_KIND for t in terms)


def _ancestors(cids) -> frozenset[str]:
    """The given concepts and every concept they are part of, following "part of" to the top."""
    parents, todo, seen = _parents(), list(cids), set()
    while todo:
        cid = todo.pop()
        if cid not in seen:
            seen.add(cid)
            todo += parents.get(cid, frozenset())
    return frozenset(seen)


def _families(a, b) -> frozenset[str]:
    """The narrowest concepts that both sets of concepts are, or are part of: the family they share, named as closely
    as it can be (training and development for L&D courses and leadership training; human resource development, the
    family of training and development and of career development, for career development and L&D programmes)."""
    shared = _ancestors(a) & _ancestors(b)
    return frozenset(c for c in shared if not any(c in _ancestors([d]) - {d} for d in shared))


def _runs_alike(target: _Profile, current: _Profile) -> frozenset[str]:
    """The concept families two pieces of work share when both names say they run programmes with acts that agree (one
    runs what the other designs), or a skill of running programmes and work running them with its act. The words are
    read in the raw names: a longer concept term (學習及發展課程) may hold them."""
    def runs(item: Item) -> bool:
        name = _normalise(item.name)
        for p in _not_kinds():
            name = p.sub(lambda m: "　" * len(m.group(0)), name)
        return any(p.search(name) for p in _work_kinds())

    if target.item.kind == SKILL:  # a skill's act is what the skill is: running programmes needs running
        acted = bool(actions_in(target.item.name) & current.actions)
    else:  # work that runs programmes goes with work that designs them, as any running goes with designing
        acted = bool(target.actions and current.actions and _agree(target.actions, current.actions))
    if not acted or not (runs(target.item) and runs(current.item)):
        return frozenset()
    return _families(target.name_concepts, current.name_concepts)


def _lines_alike(target: _Profile, current: _Profile, weights: Weights) -> frozenset[str]:
    """The telling concepts that a line of the target and a line of the current (a name, an indicator or an outcome)
    both name with an act both lines state. A concept one of whose terms is also an act (記錄, 溝通) says what is
    done, not what about: two lines that both record something are not about one topic."""
    tl = ((target.name_concepts, target.actions),) + target.lines
    cl = ((current.name_concepts, current.actions),) + current.lines
    acts = act_concepts()
    return frozenset(x for ct, at in tl for cc, ac in cl if at & ac for x in ct & cc
                     if weights.get(x, 0.0) >= TELLING and x not in acts)


def _best_aligned(target: _Profile, currents: list[_Profile], dense: np.ndarray | None,
                  weights: Weights) -> list[tuple[_Evidence, Item]]:
    """For a piece of work nothing else covers: the current piece of work whose text reads most alike among those
    with a line doing the same act on the same telling concept as a line of the target, and whose name's act agrees
    (analysing is not designing). Only the best one is named: the others are likelier to share the concept alone."""
    if target.item.kind not in _DOING + (UNIT,):
        return []
    best = None
    for m, current in enumerate(currents):
        if current.item.kind not in _DOING + (UNIT,) or not _agree(target.actions, current.actions):
            continue
        similarity = float(dense[m]) if dense is not None else _dice(target.bigrams, current.bigrams)
        if similarity < (LINE_SUPPORT if dense is not None else LEXICAL_SUPPORT):
            continue
        done = _lines_alike(target, current, weights)
        if done and (best is None or similarity > best[0]):
            best = (similarity, done, current.item)
    if best is None:
        return []
    similarity, done, item = best
    return [(_Evidence(PARTIAL, 1.0 + similarity, "a line of each does the same with " + _names(done), BY_DETAIL,
                       tuple(sorted(done))), item)]


def _support(dense: float | None, dense_floor: float) -> float:
    """How alike two texts must read: the e5 floor given, or shared wording without an embedder."""
    return dense_floor if dense is not None else LEXICAL_SUPPORT


_WEIGHTS: dict[int, tuple[Corpus, Weights]] = {}


def corpus_weights(corpus: Corpus) -> Weights:
    """Concept weights over every item of the corpus, computed once per corpus object."""
    cached = _WEIGHTS.get(id(corpus))
    if cached is None or cached[0] is not corpus:
        cached = (corpus, concept_weights([i for r in records(corpus) for i in r.items]))
        _WEIGHTS.clear()  # one corpus is served at a time; a reload replaces it
        _WEIGHTS[id(corpus)] = cached
    return cached[1]


def _dense_matrix(left: list[Item], right: list[Item], embed: Embed | None) -> np.ndarray | None:
    if embed is None or not left or not right:
        return None
    vl, vr = np.asarray(embed([i.text for i in left])), np.asarray(embed([i.text for i in right]))
    vl = vl / np.maximum(np.linalg.norm(vl, axis=1, keepdims=True), 1e-9)
    vr = vr / np.maximum(np.linalg.norm(vr, axis=1, keepdims=True), 1e-9)
    return vl @ vr.T


def _calibrate(dense: np.ndarray | None, targets, currents) -> np.ndarray | None:
    """Dense scores re-centred on the reference scale by the two records' own pairs of work: within a record pair, what
    tells is how much more alike two texts read than that pair's pieces of work usually do, not an absolute score."""
    if dense is None:
        return None
    work = np.array([[a.kind in _DOING + (UNIT,) and b.kind in _DOING + (UNIT,) for b in currents] for a in targets],
                    dtype=bool).reshape(dense.shape)
    if work.sum() < CALIBRATION_PAIRS:
        return dense
    values = dense[work]
    spread = float(values.std())
    if spread <= 1e-6:
        return dense
    return REFERENCE_MEAN + REFERENCE_SPREAD * (dense - float(values.mean())) / spread


def _tier(rank: float) -> int:
    """Kinds of evidence, strongest first: the same item (code, wording, concept), a shared concept in the names,
    a narrower concept in the names, a concept in indicators or outcomes. Only the best kind found is named."""
    return 3 if rank >= 8.0 else 2 if rank >= 6.0 else 1 if rank >= 5.0 else 0


def match_items(targets: tuple[Item, ...], currents: tuple[Item, ...], embed: Embed | None = None,
                weights: Weights | None = None, *, within_pair: bool = True) -> tuple[ItemMatch, ...]:
    """Every target item classed against the current items.

    `weights` (concept → how telling it is) default to those of the two records' own items. `within_pair`: dense
    scores are read against the two records' usual likeness (which items of this move match); False keeps them
    absolute, so that how alike two records read overall counts (which of several records is closest)."""
    weights = weights if weights is not None else concept_weights(tuple(targets) + tuple(currents))
    tp, cp = [_profile(i) for i in targets], [_profile(i) for i in currents]
    dense = _dense_matrix(list(targets), list(currents), embed)
    if within_pair:
        dense = _calibrate(dense, targets, currents)
    matches = []
    for n, t in enumerate(tp):
        found = []
        for m, c in enumerate(cp):
            evidence = _evidence(t, c, float(dense[n, m]) if dense is not None else None, weights)
            if evidence is not None:
                found.append((evidence, c.item))
        found.sort(key=lambda e: -e[0].rank)
        if found:
            # A same item is named with the other items that share its concept (績效管理 ← 績效管理方法與執行程序),
            # unless it is the same unit code, which says it all. A partial item names every current item with
            # evidence, strongest first (the reason is the strongest one's): each covers a part of it.
            tier = _tier(found[0][0].rank)
            floor = 2 if tier == 3 and found[0][0].basis != BY_CODE else 0 if tier < 3 else tier
            found = [f for f in found if _tier(f[0].rank) >= floor][:MAX_COVERING]
        item = t.item
        if not found:
            found = _best_aligned(t, cp, dense[n] if dense is not None else None, weights)
        if not found:
            matches.append(ItemMatch(item.code, item.label, NONE, (), "nothing in the current record names this",
                                     item.local, item.kind))
            continue
        best = found[0][0]
        covering = tuple(Covering(c.code, c.label, c.local) for _, c in found)
        matches.append(ItemMatch(item.code, item.label, best.strength, covering, best.reason, item.local, item.kind,
                                 _tier(best.rank), best.basis, best.concepts))
    return tuple(matches)


# --- entry requirements --------------------------------------------------------------------

MET, NOT_MET, CANNOT_TELL = "met", "not met", "cannot tell"
YEARS, EDUCATION, OTHER = "years", "education", "other"


@dataclass(frozen=True)
class EducationLevel:
    id: str
    rank: int
    qf_level: int
    terms: tuple[str, ...]


@lru_cache(maxsize=4)
def load_education_levels(path: Path = EDUCATION_PATH) -> tuple[EducationLevel, ...]:
    levels = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 5 or not cells[1].isdigit() or not cells[2].isdigit():
            raise ValueError(f"{path}:{number}: expected id, rank, QF level, zh terms, en terms (tab-separated)")
        terms = tuple(t for t in (cells[3] + "|" + cells[4]).split("|") if t)
        levels.append(EducationLevel(cells[0], int(cells[1]), int(cells[2]), terms))
    return tuple(sorted(levels, key=lambda lv: lv.rank))


def education_level(text: str | None, path: Path = EDUCATION_PATH, lowest: bool = False) -> EducationLevel | None:
    """The highest education level a text names ('大學畢業', 'bachelor', '碩士'), or None; with `lowest`, the
    lowest (a requirement naming alternatives, "證書、文憑或學士學位", is met by any of them)."""
    if not text:
        return None
    text = _normalise(text)
    terms = sorted(((_normalise(t), lv) for lv in load_education_levels(path) for t in lv.terms),
                   key=lambda t: -len(t[0]))
    found, taken = [], [False] * len(text)
    for term, level in terms:  # longest first: 副學士 is not 學士
        for m in re.finditer(re.escape(term), text):
            if not any(taken[m.start():m.end()]):
                found.append(level)
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
    return (min if lowest else max)(found, key=lambda lv: lv.rank) if found else None


@dataclass(frozen=True)
class Condition:
    """One checkable or uncheckable part of a requirement."""

    kind: str  # years, education, other
    text: str
    years: float | None = None
    level: str | None = None  # an education level id
    qf_level: int | None = None  # "第 N 級…資歷": a QF level the qualification must reach


@dataclass(frozen=True)
class Requirement:
    """An entry requirement as the record states it; `alternatives` are OR-ed, their conditions AND-ed."""

    code: str
    source: str  # entry_requirements (TW), qualification_entry or general_requirements (HK)
    text: str
    alternatives: tuple[tuple[Condition, ...], ...]

    def to_dict(self) -> dict:
        return {"code": self.code, "source": self.source, "text": self.text}


@dataclass(frozen=True)
class Entry:
    """What the target asks of someone entering it, requirement by requirement."""

    record: str
    requirements: tuple[Requirement, ...]

    def to_dict(self) -> dict:
        return {"record": self.record, "requirements": [r.to_dict() for r in self.requirements]}


@dataclass(frozen=True)
class EntryCheck:
    requirement: Requirement
    status: str  # met, not met, cannot tell
    reason: str
    why: str = ""  # a reason with a message of its own ("studying": the field named, the degree not yet held)

    def to_dict(self) -> dict:
        return dict(self.requirement.to_dict(), status=self.status, reason=self.reason, **(
            {"why": self.why} if self.why else {}))


_ALTERNATIVES = re.compile(r"[;；，,]\s*或者?|或者|;\s*or\b|\bor\s+at\s+least", re.I)
_CLAUSES = re.compile(r"[，,、；;]?\s*(?:且|並且|並)\s*|[，,；;]")
_YEARS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:年以上|年或以上|\+?\s*years?)", re.I)
_QF = re.compile(r"第\s*(\d)\s*級[^。；;]*資歷|QF\s*level\s*(\d)", re.I)
_STUDYING = re.compile(r"大[一二三四]|[一二三四]年級|在學|在讀|就讀|讀緊|未畢業|還沒畢業|studying|student|undergrad", re.I)
_GRADUATED = re.compile(r"畢業|graduat", re.I)
_HOLDS = re.compile(r"以上|畢業|持有|完成|取得|學位|graduat|hold|complet|degree", re.I)
# years in a post, or in a line of work the condition names ("具 1 年以上就業服務相關經歷", "培訓相關工作 5 年以上";
# not "2年以上相關工作經驗")
_IN_A_POST = re.compile(r"主管經驗|經理經驗|督導經驗|管理職|主管職|(?:managerial|supervisory|management) experience"
                        r"|as an? (?:manager|supervisor)|[\u3400-\u9fff]{2}(?<!以上)相關(?:經歷|工作經驗|經驗|工作)", re.I)
_UNCHECKABLE = re.compile(r"成績|入學要求|entrance|grade", re.I)
_FIELD = re.compile(r"相關|科系|系所|學科|related|field|subject", re.I)
_LISTED = re.compile(r"或|、|\bor\b", re.I)  # levels named as alternatives: the lowest suffices
# a requirement's label ("學術 / 專業階梯:") and the setting that follows it ("新高中學制下,")
_LABEL = re.compile(r"^[^:：，,。]{2,16}階梯\s*[:：]\s*(?:[^,，:：]{2,10}下\s*[,，]\s*)?")


def _conditions(text: str) -> tuple[Condition, ...]:
    conditions: list[Condition] = []
    text = _LABEL.sub("", text)  # "學術 / 專業階梯: 新高中學制下, 完成六年中學教育": which way in, not a condition
    for clause in (c.strip(" 。.") for c in _CLAUSES.split(text)):
        if not clause:
            continue
        years, qf = _YEARS.search(clause), _QF.search(clause)
        level = education_level(clause, lowest=bool(_LISTED.search(clause))) \
            if _HOLDS.search(clause) and not _UNCHECKABLE.search(clause) else None
        if years:
            conditions.append(Condition(YEARS, clause, years=float(years.group(1))))
        elif qf:
            conditions.append(Condition(EDUCATION, clause, qf_level=int(qf.group(1) or qf.group(2))))
        elif level is not None:
            conditions.append(Condition(EDUCATION, clause, level=level.id))
        if (qf or level is not None) and _FIELD.search(clause) or not (years or qf or level is not None):
            conditions.append(Condition(OTHER, clause))
    return tuple(conditions)


def _requirement(code: str, source: str, text: str) -> Requirement:
    return Requirement(code, source, text, tuple(_conditions(alt) for alt in _ALTERNATIVES.split(text) if alt.strip()))


def entry_of(corpus: Corpus, record_id: str) -> Entry:
    """A record's entry requirements: TW standards' suggested education and experience; HK roles' qualification
    entry requirements and general requirements. A TW unit states none."""
    found = corpus.document(record_id)
    if isinstance(found, Standard):
        return Entry(found.code, tuple(_requirement(found.code, "entry_requirements", t)
                                       for t in found.entry_requirements))
    if isinstance(found, CompetencyUnit):
        return Entry(found.code, ())
    role = corpus.role(record_id)
    if role is None:
        raise UnknownRecord(f"{record_id!r} is not a record of the corpus")
    requirements = [_requirement(role.id, "qualification_entry", t) for t in role.qualification.entry_requirements]
    requirements += [_requirement(role.id, "general_requirements", t) for t in role.general_requirements]
    return Entry(role.id, tuple(requirements))


def _fields(text: str) -> list[str]:
    """The fields of study a condition names ("企業管理、人力資源、勞工關係相關系所畢業"), if it names any."""
    marker = re.search(r"相關(?:系所|科系|學科|系|專業)|(?:系所|科系|學科)|related (?:fields?|disciplines?|subjects?)", text)
    if not marker:
        return []
    head = re.split(r"[，,；;]", text[: marker.start()])[-1]  # the clause naming the fields
    head = re.sub(r".*(?:持有|具有|具|主修|holding|in)\s*", "", head)
    parts = (p.strip(" 「」\"").removesuffix("等") for p in re.split(r"[、/／]|或|及|與|和|\bor\b|\band\b", head))
    return [p for p in parts if len(p) >= 2]


@dataclass(frozen=True)
class Held:
    """A qualification the user holds, as a career-path document lists it: its QF level, and whether the
    document whose requirements are checked lists it (then it is in a related subject, by that document)."""

    title: str
    qf_level: int
    listed_here: bool = False


def _check(condition: Condition, level: EducationLevel | None, years: float | None,
           education: str = "", held: Held | None = None) -> tuple[str, str, str]:
    """(status, reason, and why when the reason has a name of its own: "studying", "held")."""
    if held is not None and condition.kind == EDUCATION and condition.qf_level is not None \
            and (level is None or held.qf_level >= level.qf_level):
        status = MET if held.qf_level >= condition.qf_level else NOT_MET
        return status, (f"asks a QF level {condition.qf_level} qualification; {held.title} is QF level "
                        f"{held.qf_level}"), "held"
    if held is not None and held.listed_here and condition.kind == OTHER and _FIELD.search(condition.text) \
            and _QF.search(condition.text):
        # "完成資歷架構認可的第 3 級相關學科資歷": a qualification this document lists for the path is one in a
        # related subject, by the document's own account
        return MET, f"asks a related subject; {held.title} is listed by this document", "held"
    if condition.kind == YEARS:
        if years is None:
            return CANNOT_TELL, f"asks {condition.years:g} years; no years of experience given", ""
        if years >= condition.years and _IN_A_POST.search(condition.text):
            # "具培訓主管經驗 1 年以上": years in a post; whether the years given were spent in it is not said
            return (CANNOT_TELL, f"asks {condition.years:g} years in a post ({condition.text}); {years:g} given in all",
                    "")
        status = MET if years >= condition.years else NOT_MET
        return status, f"asks {condition.years:g} years ({condition.text}); {years:g} given", ""
    if condition.kind == EDUCATION:
        if level is None:
            return CANNOT_TELL, f"asks an education level ({condition.text}); none given or recognised", ""
        if condition.qf_level is not None:
            status = MET if level.qf_level >= condition.qf_level else NOT_MET
            return status, (f"asks a QF level {condition.qf_level} qualification; {level.id} is pegged at "
                            f"QF level {level.qf_level}"), ""
        required = next(lv for lv in load_education_levels() if lv.id == condition.level)
        status = MET if level.rank >= required.rank else NOT_MET
        return status, f"asks {required.id} or above ({condition.text}); {level.id} given", ""
    studied = [f for f in _fields(_normalise(condition.text)) if f in _normalise(education)]
    if studied and _STUDYING.search(education) and _GRADUATED.search(condition.text):
        # "人資系大三" for "…人資…相關科系(所)畢業": the field is one it names, the degree not yet held
        return (CANNOT_TELL, f"asks graduates in a field it names ({condition.text}); still studying {studied[0]}",
                "studying")
    if studied:  # "本科人力資源管理專業" for "…人力資源…相關系所畢業"
        return MET, f"asks studies in a field it names ({condition.text}); {studied[0]} given", ""
    return CANNOT_TELL, f"not checkable from education and years: {condition.text}", ""


def check_entry(entry: Entry, education: str | None = None, years: float | None = None,
                held: Held | None = None) -> tuple[EntryCheck, ...]:
    """Each requirement met, not met or cannot tell, with the reason.

    Only stated years and education levels (and a qualification the user holds, `held`) are checked; anything
    else (a certificate, language skills) is "cannot tell". Alternatives (…；或…) are met when one of them is met
    in full."""
    level = education_level(education)
    checks = []
    for requirement in entry.requirements:
        verdicts = []
        for alternative in requirement.alternatives:
            results = [_check(c, level, years, education or "", held) for c in alternative]
            statuses = {s for s, _, _ in results}
            status = NOT_MET if NOT_MET in statuses else CANNOT_TELL if CANNOT_TELL in statuses else MET
            why = next((y for s, _, y in results if s == status and y), "")
            verdicts.append((status, "; ".join(r for _, r, _ in results), why))
        if any(s == MET for s, _, _ in verdicts):
            status = MET
        elif verdicts and all(s == NOT_MET for s, _, _ in verdicts):
            status = NOT_MET
        else:
            status = CANNOT_TELL
        shown = [r for s, r, _ in verdicts if s == status] or [r for _, r, _ in verdicts]
        why = next((y for s, _, y in verdicts if s == status and y), "")
        checks.append(EntryCheck(requirement, status, " | or: ".join(shown), why))
    return tuple(checks)


# --- next steps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    """Something to do next, with the code to look it up.

    kind: unit (an HK unit to gain), course (a course the target role lists), knowledge, skill, output,
    task_group (a TW unit's task group) — each named once, whatever how many items ask for it."""

    kind: str
    code: str
    text: str
    level: int | None = None
    credits: int | None = None
    provider: str = ""
    for_items: tuple[str, ...] = ()  # the target items this step builds toward

    def to_dict(self) -> dict:
        found = {"kind": self.kind, "code": self.code, "text": self.text}
        if self.level is not None:
            found["level"] = self.level
        if self.credits is not None:
            found["credits"] = self.credits
        if self.provider:
            found["provider"] = self.provider
        if self.for_items:
            found["for"] = list(self.for_items)
        return found


def next_steps(corpus: Corpus, target_id: str, items: tuple[ItemMatch, ...]) -> tuple[NextStep, ...]:
    """HK: the units not held and the target role's courses. TW standard: the K/S items and outputs of the
    tasks not fully covered, each once. TW unit: its task groups, K and S not fully covered."""
    open_items = [m for m in items if m.strength != SAME]
    role = corpus.role(target_id)
    if role is not None:
        steps = []
        for m in open_items:
            unit = corpus.hk_unit(m.target)
            steps.append(NextStep("unit", unit.code, unit.title, unit.qf_level, unit.credits))
        if steps:
            steps += [NextStep("course", role.id, f"{c.programme}（{c.qualification_title}）", c.level,
                               provider=c.provider) for c in role.courses]
        return tuple(steps)
    found = corpus.document(target_id)
    if isinstance(found, CompetencyUnit):
        kinds = {TASK_GROUP: "task_group", KNOWLEDGE: "knowledge", SKILL: "skill"}
        return tuple(NextStep(kinds[m.kind], m.target, m.target_text) for m in open_items if m.kind in kinds)
    if not isinstance(found, Standard):
        return ()
    same = {m.target for m in items if m.strength == SAME}
    open_codes = {m.target for m in open_items}
    wanted: dict[str, list[str]] = {}  # K/S code → the open items asking for it, in record order
    outputs: list[NextStep] = []
    for task in found.tasks:
        code = found.qualify(task.code)
        if code not in open_codes:
            continue
        for item in task.knowledge + task.skills:
            wanted.setdefault(found.qualify(item.code), []).append(code)
        outputs += [NextStep("output", found.qualify(o.code), o.text, for_items=(code,)) for o in task.outputs]
    for item in found.knowledge + found.skills:
        code = found.qualify(item.code)
        if code in open_codes:
            wanted.setdefault(code, []).insert(0, code)
    steps = []
    for item, kind in [(k, "knowledge") for k in found.knowledge] + [(s, "skill") for s in found.skills]:
        code = found.qualify(item.code)
        if code in wanted and code not in same:
            steps.append(NextStep(kind, code, f"{item.code} {item.text}",
                                  for_items=tuple(dict.fromkeys(c for c in wanted[code] if c != code))))
    steps.sort(key=lambda step: -len(step.for_items))  # what most of the work still to learn needs, first
    seen = set()
    for step in outputs:  # one output code can be printed under two tasks
        if step.code not in seen:
            seen.add(step.code)
            steps.append(step)
    return tuple(steps)


# --- moves ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRef:
    id: str
    title: str
    framework: str
    kind: str
    level: int | None

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "framework": self.framework, "kind": self.kind,
                "level": self.level}


def _ref(r: Record) -> RecordRef:
    return RecordRef(r.id, r.title, r.framework, r.kind, r.level)


@dataclass(frozen=True)
class Move:
    """From one record to another: every target item classed, the target's entry requirements, next steps."""

    from_: RecordRef
    to: RecordRef
    items: tuple[ItemMatch, ...]
    entry: Entry
    next_steps: tuple[NextStep, ...]

    @property
    def covered(self) -> tuple[ItemMatch, ...]:
        return tuple(m for m in self.items if m.strength != NONE)

    @property
    def missing(self) -> tuple[ItemMatch, ...]:
        return tuple(m for m in self.items if m.strength == NONE)

    def strength_of(self, target: str) -> str:
        return next((m.strength for m in self.items if m.target == target or m.key == target), NONE)

    def to_dict(self) -> dict:
        return {"from": self.from_.to_dict(), "to": self.to.to_dict(), "items": [m.to_dict() for m in self.items],
                "entry": self.entry.to_dict(), "next_steps": [s.to_dict() for s in self.next_steps]}


def move(corpus: Corpus, from_id: str, to_id: str, *, embed: Embed | None = None, within_pair: bool = True) -> Move:
    """What a person in `from_id` already covers of `to_id`, what is missing, the entry requirements and next steps.

    Ids: a TW standard code (BHR…-…v…), a TW unit code, or an HK role id (HK:<role title>); UnknownRecord
    (a KeyError) otherwise. `embed` (texts → vectors) adds dense similarity; without it, wording only.
    `within_pair=False` when moves to several targets are ranked against each other (see `match_items`)."""
    current, target = record(corpus, from_id), record(corpus, to_id)
    items = match_items(target.items, current.items, embed, corpus_weights(corpus), within_pair=within_pair)
    return Move(_ref(current), _ref(target), items, entry_of(corpus, to_id), next_steps(corpus, to_id, items))


# --- what a person says they can do --------------------------------------------------------


@dataclass(frozen=True)
class AbilityMatch:
    """A claimed ability ("會做簡報") and the record's items it matches; `none` when it matches nothing."""

    ability: str
    strength: str
    matched: tuple[Covering, ...]
    reason: str

    def to_dict(self) -> dict:
        return {"ability": self.ability, "strength": self.strength, "matched": [m.to_dict() for m in self.matched],
                "reason": self.reason}


def _ability_items(abilities) -> tuple[Item, ...]:
    from .lexical import normalise  # Simplified Chinese in, Traditional out: the records' script

    cleaned = [a.strip() for a in abilities if a and a.strip()]
    return tuple(Item("", f"ability{n}", ABILITY, normalise(a)) for n, a in enumerate(cleaned, 1)), tuple(cleaned)


def _rank_of(strength: str) -> int:
    return {SAME: 2, PARTIAL: 1}.get(strength, 0)


def match_abilities(corpus: Corpus, record_id: str, abilities, embed: Embed | None = None) -> tuple[AbilityMatch, ...]:
    """Each claimed ability against a record's items, with the same evidence rules as a move.

    An ability is never more than its wording supports: "帶過新人訓練" is at most partial for 訓練與發展,
    and an ability no item names comes back `none`, saying so."""
    target = record(corpus, record_id)
    items, said = _ability_items(abilities)
    by_target = match_items(target.items, items, embed, corpus_weights(corpus))
    return _invert(target, items, said, by_target)


def _invert(target: Record, items, said, by_target: tuple[ItemMatch, ...]) -> tuple[AbilityMatch, ...]:
    found = []
    for item, text in zip(items, said):
        hits = [m for m in by_target if any(c.local == item.local for c in m.covered_by)]
        if not hits:
            found.append(AbilityMatch(text, NONE, (), f"matches nothing in {target.title} ({target.id})"))
            continue
        hits.sort(key=lambda m: (-m.evidence, -_rank_of(m.strength)))
        hits = [m for m in hits if m.evidence == hits[0].evidence]  # only what the ability says best
        best = hits[0]
        found.append(AbilityMatch(text, best.strength,
                                  tuple(Covering(m.target, m.target_text, m.local) for m in hits[:MAX_COVERING]),
                                  best.reason))
    return tuple(found)


@dataclass(frozen=True)
class Fit:
    """How much of one record a person's abilities cover. `score` is the share of the record's items covered
    (a same item counts 1, a partial one ½): a measure within this corpus, not an official level match."""

    record: RecordRef
    score: float
    covered: tuple[ItemMatch, ...]
    missing: tuple[ItemMatch, ...]
    abilities: tuple[AbilityMatch, ...]

    def to_dict(self) -> dict:
        return {"record": self.record.to_dict(), "score": self.score, "covered": [m.to_dict() for m in self.covered],
                "missing": [m.to_dict() for m in self.missing], "abilities": [a.to_dict() for a in self.abilities]}


def rank_fits(corpus: Corpus, abilities, embed: Embed | None = None, top: int = 5) -> tuple[Fit, ...]:
    """Every record (TW standards and units, HK roles) ranked by how much of it the abilities cover.

    TW levels and HK QF levels are different scales: each fit carries its own record's level and framework,
    and nothing here compares them."""
    items, said = _ability_items(abilities)
    if not items:
        return ()
    weights = corpus_weights(corpus)
    fits = []
    for target in records(corpus):
        by_target = match_items(target.items, items, embed, weights)
        covered = tuple(m for m in by_target if m.strength != NONE)
        if not covered:
            continue
        score = sum(1.0 if m.strength == SAME else 0.5 for m in covered) / len(target.items)
        fits.append(Fit(_ref(target), round(score, 3), covered, tuple(m for m in by_target if m.strength == NONE),
                        _invert(target, items, said, by_target)))
    fits.sort(key=lambda f: (-f.score, -len(f.covered), f.record.id))
    return tuple(fits[:top])
