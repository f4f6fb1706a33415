"""Evidence at item level: every coded item of every record, ranked by what a question asks.

An item is the smallest thing an answer can quote with its code: a task, a behaviour
indicator, an output, a K/S/A item, an entry requirement, a note or 【註】 definition, a
version row, an HK unit with its level and credits, a learning outcome, an assessment
guideline, a soft skill with its proficiency, a qualification field, a course. Items are
built once per corpus; ranking is BM25 over the item texts (plus the broader terms of the
question's aliases), within the records the question is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from corpus.load import Corpus
from corpus.records import CareerPath, CompetencyUnit, HKRole, Standard

from ..lexical import normalise, tokenize

# Item kinds (also the keys of `[kinds]` in vocabulary/cues.toml).
OVERVIEW, PURPOSE, TITLE = "overview", "purpose", "title"
TASK, INDICATOR, OUTPUT = "task", "indicator", "output"
KNOWLEDGE, SKILL, ATTITUDE = "knowledge", "skill", "attitude"
ENTRY, DEFINITION, NOTE, VERSION = "entry", "definition", "note", "version"
UNIT, OUTCOME, GUIDELINE, ASSESSMENT = "unit", "outcome", "guideline", "assessment"
SOFT_SKILL, QUALIFICATION, COURSE, PROGRESSION, LEARNING = (
    "soft_skill", "qualification", "course", "progression", "learning")
LEVEL, CREDIT, CLASSIFICATION = "level", "credit", "classification"


@dataclass(frozen=True)
class Item:
    """One quotable item. `code` is what it is cited by (its own code, else its record's)."""

    code: str
    record: str  # the record it belongs to: a standard, a unit, an HK role or an HK unit
    kind: str
    label: str  # the local code or a short label, e.g. "K05", "T2.1", "評量證據 2"
    text: str
    parent: str = ""  # the local code of the item it sits under (a task for an indicator)
    context: str = ""  # the parent's wording, shown with the item
    level: int | None = None
    credits: int | None = None
    used_by: tuple[str, ...] = ()  # the tasks that list a K or S item

    @property
    def search_text(self) -> str:
        return f"{self.label} {self.text} {self.context}"


def standard_items(s: Standard) -> list[Item]:
    q, r = s.qualify, s.code
    items = [Item(r, r, OVERVIEW, s.code, s.name, level=s.level),
             Item(r, r, PURPOSE, "工作描述", s.description)]
    if s.name_note:
        items.append(Item(r, r, NOTE, "說明", s.name_note))
    items.append(Item(r, r, CLASSIFICATION, "職類別／職業別／行業別",
                      f"{s.category.name}（{s.category.code}）；{s.occupation.name}（{s.occupation.code}）；"
                      f"{s.industry.name}（{s.industry.code}）"))
    items += [Item(r, r, VERSION, v.version, f"{v.version} {v.code} {v.name} {v.status} {v.date} {v.note}".strip())
              for v in s.versions]
    for duty in s.duties:
        items.append(Item(q(duty.code), r, TASK, duty.code, duty.name))
        for task in duty.tasks:
            items.append(Item(q(task.code), r, TASK, task.code, task.name, duty.code, duty.name, level=task.level))
            items += [Item(q(p.code), r, INDICATOR, p.code, p.text, task.code, task.name) for p in task.indicators]
            items += [Item(q(o.code), r, OUTPUT, o.code, o.text, task.code, task.name) for o in task.outputs]
    used_by: dict[str, list[str]] = {}
    for task in s.tasks:
        for code in task.knowledge_codes + task.skill_codes:
            used_by.setdefault(code, []).append(task.code)
    for kind, pool in ((KNOWLEDGE, s.knowledge), (SKILL, s.skills), (ATTITUDE, s.attitudes)):
        for item in pool:
            text = item.text + (f"：{item.definition}" if item.definition else "")
            items.append(Item(q(item.code), r, kind, item.code, text, used_by=tuple(used_by.get(item.code, ()))))
    items += [Item(r, r, ENTRY, "入門條件", text) for text in s.entry_requirements]
    items += [Item(r, r, DEFINITION, f"【註{d.mark}】" if d.mark else d.term, f"{d.term}：{d.text}")
              for d in s.definitions]
    for section in s.notes:
        items += [Item(r, r, NOTE, section.heading or "說明", text) for text in section.items
                  if not any(text.endswith(d.text) for d in s.definitions) and text not in s.entry_requirements]
    return items


def unit_items(u: CompetencyUnit) -> list[Item]:
    r = u.code
    items = [Item(r, r, OVERVIEW, u.code, u.name, level=u.level),
             Item(r, r, CLASSIFICATION, "領域類別", u.domain)]
    for group in u.task_groups:
        items.append(Item(r, r, TASK, f"任務{group.number}", group.name))
        items += [Item(r, r, INDICATOR, f"{group.number}.{n}", text, f"任務{group.number}", group.name)
                  for n, text in enumerate(group.indicators, 1)]
    items += [Item(r, r, KNOWLEDGE, "知識", text) for text in u.knowledge]
    items += [Item(r, r, SKILL, "技能", text) for text in u.skills]
    a = u.assessment
    for label, pool in (("評量證據", a.evidence), ("評量情境與資源", a.context), ("評量方法", a.methods)):
        items += [Item(r, r, ASSESSMENT, f"{label} {n}", text, context=label) for n, text in enumerate(pool, 1)]
    items += [Item(r, r, DEFINITION, f"【註{d.mark}】", f"{d.term}：{d.text}") for d in u.definitions]
    items += [Item(r, r, NOTE, "說明", text) for text in u.notes]
    items += [Item(r, r, VERSION, "更新紀錄", text) for text in u.update_record]
    return items


def role_items(path: CareerPath, role: HKRole) -> list[Item]:
    r, q = role.id, role.qualification
    items = [
        Item(r, r, OVERVIEW, role.title, f"{role.title}（{role.rank}；工作崗位 {role.post}；專業領域 {role.specialism}）",
             level=q.qf_level, credits=q.credits),
        Item(r, r, TITLE, "典型的職銜", role.typical_titles),
    ]
    items += [Item(r, r, PURPOSE, "主要目的和職責", text) for text in role.purpose]
    items += [Item(r, r, PURPOSE, "專業領域主要活動", text) for text in role.specialism_activities]
    items += [Item(r, r, ENTRY, "一般要求", text) for text in role.general_requirements]
    for ref in role.units:
        unit = path.unit(ref.code)
        if unit is None:
            continue
        kind_word = "核心" if ref.core else "職能"
        items.append(Item(unit.code, r, UNIT, unit.code,
                          f"{unit.title}（{kind_word}；主要職能：{ref.function_area or unit.function_area}）",
                          level=unit.qf_level, credits=unit.credits))
    items += [Item(r, r, SOFT_SKILL, s.name, f"{s.name}：{s.proficiency}（{s.proficiency_definition}）— {s.description}")
              for s in role.soft_skills]
    items += [
        Item(r, r, QUALIFICATION, "資歷名銜", q.title, level=q.qf_level, credits=q.credits),
        Item(r, r, QUALIFICATION, "資歷培訓目標", q.training_objective),
    ]
    items += [Item(r, r, ENTRY, "資歷錄取要求", text) for text in q.entry_requirements]
    items += [Item(r, r, NOTE, "資歷說明", text) for text in q.guidance]
    items += [Item(r, r, PROGRESSION, "教育途徑", text) for text in q.education_progression]
    items += [Item(r, r, PROGRESSION, "就業途徑", text) for text in q.employment_progression]
    items += [Item(r, r, LEARNING, "在職學習", text) for text in role.on_the_job_learning]
    items += [Item(r, r, NOTE, "專業領域", text) for text in role.specialism_notes]
    if q.credits_note:
        items.append(Item(r, r, NOTE, "資歷學分", q.credits_note, credits=q.credits))
    for section in role.notes:
        items += [Item(r, r, NOTE, section.heading or "說明", text) for text in section.items]
    items += [Item(r, r, COURSE, f"課程 {c.number}", f"{c.programme}（{c.qualification_title}；級別 {c.level}；{c.provider}）",
                   level=c.level) for c in role.courses]
    return items


def hk_unit_items(path: CareerPath, code: str) -> list[Item]:
    unit = path.unit(code)
    if unit is None:
        return []
    r = unit.code
    items = [Item(r, r, UNIT, unit.code, f"{unit.title}（主要職能：{unit.function_area}）",
                  level=unit.qf_level, credits=unit.credits)]
    for outcome in unit.outcomes:
        role = outcome.role_id.removeprefix("HK:")
        items.append(Item(r, r, OUTCOME, "學習成果", outcome.learning_outcome, context=role))
        items += [Item(r, r, GUIDELINE, "評核指引", g, context=role) for g in outcome.assessment_guidelines]
    return items


def path_items(path: CareerPath) -> list[Item]:
    items = []
    for role in path.roles:
        items += role_items(path, role)
    for unit in path.units:
        items += hk_unit_items(path, unit.code)
    for section in path.notes:  # notes and definitions, where the parser keeps them
        items += [Item(path.id, path.id, NOTE, section.heading or "說明", text) for text in section.items]
    return items


def corpus_items(corpus: Corpus) -> list[Item]:
    items: list[Item] = []
    for document in corpus.documents:
        if isinstance(document, Standard):
            items += standard_items(document)
        elif isinstance(document, CompetencyUnit):
            items += unit_items(document)
        elif isinstance(document, CareerPath):
            items += path_items(document)
    return items


KIND_BOOST = 1.6  # an item of the kind the question names
DEFINED_BOOST = 2.0
BROADER_WEIGHT = 0.5


@dataclass(frozen=True)
class Scored:
    item: Item
    score: float  # relevance to the question's terms, 0 when only the kind matched
    coverage: float  # share of the question's own terms the item prints (aliases' full forms count)


class ItemIndex:
    """The items of a corpus with a BM25 index over their texts, built once."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.items = corpus_items(corpus)
        self._normalised = [normalise(item.search_text) for item in self.items]
        by_record: dict[str, list[int]] = {}
        for n, item in enumerate(self.items):
            by_record.setdefault(item.record, []).append(n)
            if item.code != item.record:
                by_record.setdefault(item.code, []).append(n)
        self._by_record = by_record

    @cached_property
    def _bm25(self):
        import bm25s

        bm25 = bm25s.BM25()
        bm25.index([tokenize(item.search_text) or ["∅"] for item in self.items], show_progress=False)
        return bm25

    @cached_property
    def _by_text(self) -> dict[str, list[str]]:
        by_text: dict[str, list[str]] = {}
        for item in self.items:
            if item.code != item.record or item.kind in (UNIT,):
                by_text.setdefault(normalise(item.text), []).append(item.code)
        return by_text

    def task_names(self) -> dict[str, str]:
        """Each task's wording (four characters or more) and its code, where no other task prints it."""
        codes: dict[str, set[str]] = {}
        for item in self.items:
            if item.kind == TASK and item.parent and len(item.text) >= 4:
                codes.setdefault(item.text, set()).add(item.code)
        return {name: next(iter(found)) for name, found in codes.items() if len(found) == 1}

    def named(self, phrase: str) -> list[str]:
        """Codes of the items printed exactly as `phrase` (a task, a K/S/A item, an HK unit)."""
        return list(dict.fromkeys(self._by_text.get(normalise(phrase).strip(), [])))

    def scope(self, subjects: tuple[str, ...]) -> list[int]:
        """Positions of the items of the subjects: a record's own items, an HK role's units with
        their outcomes, an item code's own item and the items under it."""
        positions: list[int] = []
        for subject in subjects:
            base, _, local = subject.partition("/")
            if local:
                positions += [n for n in self._by_record.get(base, ())
                              if self.items[n].code == subject or self.items[n].parent == local
                              or self.items[n].parent.startswith(local + ".")]
                continue
            own = self._by_record.get(subject, [])
            positions += own
            path = self.corpus.document(subject)
            if isinstance(path, CareerPath):  # a career path: its roles, their units and its notes
                for role in path.roles:
                    positions += self.scope((role.id,))
                continue
            role = self.corpus.role(subject)
            if role is not None:
                for code in role.unit_codes:
                    positions += [n for n in self._by_record.get(code, ())
                                  if self.items[n].kind != UNIT and (not self.items[n].context
                                                                     or self.items[n].context == role.title)]
        return list(dict.fromkeys(positions))

    def rank(self, terms: tuple[str, ...], broader: tuple[str, ...] = (), *, subjects: tuple[str, ...] = (),
             kinds: tuple[str, ...] = (), only: tuple[str, ...] = (),
             full_forms: dict[str, tuple[str, ...]] | None = None, limit: int = 8) -> list[Scored]:
        """Items of the subjects (all items when none) by relevance to the terms; items of the asked
        `kinds` count more, and `only` keeps just those kinds."""
        positions = self.scope(subjects) if subjects else list(range(len(self.items)))
        if only:
            positions = [n for n in positions if self.items[n].kind in only]
        if not positions:
            return []
        main = self._scores(list(terms) + [f for t in terms for f in (full_forms or {}).get(t, ())])
        if broader:
            main = main + self._scores(list(broader)) * BROADER_WEIGHT
        scores = main[positions]
        for i, n in enumerate(positions):
            item = self.items[n]
            if item.kind in kinds:
                scores[i] *= KIND_BOOST
            if item.kind == DEFINITION and len(defined := item.text.split("：", 1)[0]) >= 2 and defined in "".join(terms):
                scores[i] *= DEFINED_BOOST  # "what counts as X": the note that defines X
        order = np.argsort(-scores, kind="stable")
        ranked = []
        for i in order[:limit]:
            n = positions[int(i)]
            ranked.append(Scored(self.items[n], float(scores[int(i)]), self.coverage(n, terms, full_forms or {})))
        return ranked

    def items_of(self, subjects: tuple[str, ...], kinds: tuple[str, ...] = ()) -> list[Item]:
        """Every item of the subjects, of the given kinds, in document order."""
        return [self.items[n] for n in self.positions_of(subjects, kinds)]

    def positions_of(self, subjects: tuple[str, ...], kinds: tuple[str, ...] = ()) -> list[int]:
        return [n for n in self.scope(subjects) if not kinds or self.items[n].kind in kinds]

    def coverage(self, position: int, terms: tuple[str, ...], full_forms: dict[str, tuple[str, ...]]) -> float:
        if not terms:
            return 0.0
        text = self._normalised[position]
        found = sum(1 for t in terms if t in text or any(f in text for f in full_forms.get(t, ())))
        return found / len(terms)

    def rarity(self, term: str, forms: tuple[str, ...] = ()) -> float:
        """How telling a term is: log of the items over those printing it (or any of its forms);
        a term no item prints is the most telling of all."""
        return self._rarity(term, tuple(forms))

    @lru_cache(maxsize=8192)  # noqa: B019 - one index per corpus, kept for the process
    def _rarity(self, term: str, forms: tuple[str, ...]) -> float:
        forms = (normalise(term),) + forms
        printed = sum(1 for text in self._normalised if any(f in text for f in forms))
        return float(np.log((1 + len(self.items)) / (1 + printed)))

    @cached_property
    def _vocabulary(self) -> tuple[frozenset[str], frozenset[str]]:
        grams, words = set(), set()
        for text in self._normalised:
            grams.update(text[i : i + 2] for i in range(len(text) - 1))
            words.update(re.findall(r"[a-z][a-z0-9'-]+", text))
        return frozenset(grams), frozenset(words)

    def known(self, word: str) -> bool:
        """Whether the records print the word: every character pair of it (a Latin word whole)."""
        grams, words = self._vocabulary
        word = normalise(word)
        if re.fullmatch(r"[a-z][a-z0-9'-]*", word):
            return word in words
        pairs = [word[i : i + 2] for i in range(len(word) - 1)]
        return bool(pairs) and all(p in grams for p in pairs)

    def _scores(self, terms: list[str]) -> np.ndarray:
        return self._scores_of(tuple(terms))

    @lru_cache(maxsize=8192)  # noqa: B019 - the same words are scored again for each candidate record
    def _scores_of(self, terms: tuple[str, ...]) -> np.ndarray:
        tokens = [t for t in tokenize(" ".join(terms)) if t in self._bm25.vocab_dict] if terms else []
        scores = (np.asarray(self._bm25.get_scores(tokens), dtype=np.float32) if tokens
                  else np.zeros(len(self.items), dtype=np.float32))
        scores.setflags(write=False)  # cached and shared: callers compute on copies
        return scores
