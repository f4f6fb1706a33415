"""Items: every coded thing a record holds, the smallest unit an answer quotes with its code.

A task, a behaviour indicator, an output, a K/S/A item, an entry requirement, a note or 【註】
definition, a version row, an HK unit with its level and credits, a learning outcome, an
assessment guideline, a soft skill with its proficiency, a qualification field, a course. Items
are made from the records one record at a time: the index build reads them all once for their
word statistics (one lexicon row per item, in this order), answering reads the records a question
is about. A change to which items a record makes changes the rows: bump `retrieval.index.FORMAT`.
"""

from __future__ import annotations

import re
import unicodedata

from dataclasses import dataclass
from typing import Iterator

from corpus.codes import HK_ID_PREFIX
from corpus.load import Corpus
from corpus.records import CareerPath, CompetencyUnit, HKRole, Standard

# Item kinds (also the keys of `[kinds]` in vocabulary/cues.toml).
OVERVIEW, PURPOSE, TITLE, SPECIALISM = "overview", "purpose", "title", "specialism"
TASK, INDICATOR, OUTPUT = "task", "indicator", "output"
KNOWLEDGE, SKILL, ATTITUDE = "knowledge", "skill", "attitude"
ENTRY, DEFINITION, NOTE, VERSION = "entry", "definition", "note", "version"
ADMISSION = "資歷錄取要求"  # the label of an entry requirement that admits to a qualification's training
UNIT, OUTCOME, GUIDELINE, ASSESSMENT = "unit", "outcome", "guideline", "assessment"
SOFT_SKILL, QUALIFICATION, COURSE, PROGRESSION, LEARNING = (
    "soft_skill", "qualification", "course", "progression", "learning")
LEVEL, CREDIT, CLASSIFICATION = "level", "credit", "classification"

# the kinds of item each record type's builders below give (its roles' and units' for a career path)
KINDS_OF_TYPE: dict[type, frozenset[str]] = {
    Standard: frozenset({OVERVIEW, PURPOSE, NOTE, TASK, INDICATOR, OUTPUT, KNOWLEDGE, SKILL, ATTITUDE, ENTRY,
                         DEFINITION, VERSION, CLASSIFICATION}),
    CompetencyUnit: frozenset({OVERVIEW, TASK, INDICATOR, KNOWLEDGE, SKILL, ASSESSMENT, DEFINITION, VERSION,
                               CLASSIFICATION}),
    CareerPath: frozenset({OVERVIEW, PURPOSE, SPECIALISM, TITLE, NOTE, ENTRY, UNIT, OUTCOME, GUIDELINE, SOFT_SKILL,
                           QUALIFICATION, COURSE, PROGRESSION, LEARNING}),
}


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
    # a task may list a code with other words than the standard's own list ("K04 職涯諮詢理論與實務" on T3.1,
    # where K04 is 產業及職業概況): the words the task prints are an item too, cited by that code on that task
    def bare(text: str) -> str:  # "分析技能: …" and "分析技能：…" are the same words
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))

    kept = {item.code: {bare(item.text), bare(f"{item.text}：{item.definition}")} for item in s.knowledge + s.skills}
    for task in s.tasks:
        for kind, listed in ((KNOWLEDGE, task.knowledge), (SKILL, task.skills)):
            items += [Item(q(item.code), r, kind, item.code, item.text, task.code, task.name)
                      for item in listed if item.code in kept and bare(item.text) not in kept[item.code]]
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
    # the main activities of the role's whole function (the same for every rank), not what this role does
    items += [Item(r, r, SPECIALISM, "專業領域主要活動", text, context=role.specialism)
              for text in role.specialism_activities]
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
    items += [Item(r, r, ENTRY, ADMISSION, text) for text in q.entry_requirements]
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
        role = outcome.role_id.removeprefix(HK_ID_PREFIX)
        items.append(Item(r, r, OUTCOME, "學習成果", outcome.learning_outcome, context=role))
        items += [Item(r, r, GUIDELINE, "評核指引", g, context=role) for g in outcome.assessment_guidelines]
    return items


def record_items(corpus: Corpus, record: str) -> list[Item]:
    """The items a record holds itself: a standard's or a unit's, an HK role's (its units listed, not
    their outcomes), an HK unit's with its outcomes, a career path's own notes."""
    document = corpus.document(record)
    if isinstance(document, Standard):
        return standard_items(document)
    if isinstance(document, CompetencyUnit):
        return unit_items(document)
    if isinstance(document, CareerPath):
        return [Item(document.id, document.id, NOTE, section.heading or "說明", text)
                for section in document.notes for text in section.items]
    role, path = corpus.role(record), corpus.path_of(record)
    if role is not None and path is not None:
        return role_items(path, role)
    path = corpus.path_of_unit(record)
    return hk_unit_items(path, record) if path is not None else []


def corpus_items(corpus: Corpus) -> Iterator[Item]:
    """Every item of every record, one record after another (the build reads them once)."""
    for document in corpus.documents:
        yield from record_items(corpus, document.code)
        if isinstance(document, CareerPath):
            for role in document.roles:
                yield from record_items(corpus, role.id)
            for unit in document.units:
                yield from record_items(corpus, unit.code)


def lexicon_rows(corpus: Corpus) -> Iterator[tuple[str, str]]:
    """(record, search text) of every item, one item lexicon row each, in the order the build files
    them and answering reads them back (`evidence.ItemIndex`)."""
    for item in corpus_items(corpus):
        yield item.record, item.search_text
