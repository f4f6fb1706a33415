"""Chunks built from parsed records: one per meaningful record.

Each chunk starts with its context line (framework, occupation or role, level,
code) so that it reads on its own, and carries every canonical code it states
(its own and its parents'). Ids are derived from content, so they are stable
across runs and change exactly when the chunk's text or codes change.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache

import msgspec

from corpus.codes import HK_ID_PREFIX
from corpus.load import Corpus
from corpus.records import CareerPath, CompetencyUnit, HKRole, HKUnit, NoteSection, Standard

TW = "TW"
HK = "HK"
# Longest text embedded for one chunk: e5 cost grows with length, and the
# context line plus the first items say what the chunk is about.
EMBED_CHARS = 320


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    codes: tuple[str, ...]  # own code first, then the parents' and the items'
    framework: str  # TW or HK
    doc_kind: str
    doc_code: str
    section: str
    title: str
    source: str
    level: int | None = None
    roles: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.codes[0]

    @property
    def embed_text(self) -> str:
        return self.text[:EMBED_CHARS]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str | bytes) -> "Chunk":
        return _chunk_decoder().decode(line)


@lru_cache(maxsize=1)
def _chunk_decoder() -> msgspec.json.Decoder:
    return msgspec.json.Decoder(Chunk)


def make_chunk(text: str, codes: list[str], **meta) -> Chunk:
    codes = tuple(dict.fromkeys(c for c in codes if c))
    digest = hashlib.sha256(json.dumps([text, codes, meta.get("section")], ensure_ascii=False).encode())
    return Chunk(id=digest.hexdigest()[:20], text=text, codes=codes, **meta)


def build_chunks(corpus: Corpus) -> list[Chunk]:
    chunks: list[Chunk] = []
    for document in corpus.documents:
        if isinstance(document, Standard):
            chunks += standard_chunks(document)
        elif isinstance(document, CompetencyUnit):
            chunks += unit_chunks(document)
        elif isinstance(document, CareerPath):
            chunks += career_path_chunks(document)
    return chunks


# --- Taiwan 職能基準 ------------------------------------------------------------------


def _standard_context(s: Standard) -> str:
    return f"【台灣職能基準 {s.code}｜{s.name}｜基準級別 {s.level}】"


def standard_chunks(s: Standard) -> list[Chunk]:
    q = s.qualify
    meta = dict(framework=TW, doc_kind=s.kind, doc_code=s.code, title=s.name, source=s.source)
    header = _standard_context(s)
    chunks = []

    lines = [header, f"職業：{s.name}" + (f"（{s.name_note}）" if s.name_note else "")]
    lines.append(
        f"職類別：{s.category.name}（{s.category.code}）；職業別：{s.occupation.name}（{s.occupation.code}）；"
        f"行業別：{s.industry.name}（{s.industry.code}）"
    )
    lines.append(f"工作描述：{s.description}")
    lines.append("主要職責：" + "；".join(f"{d.code} {d.name}" for d in s.duties))
    if s.versions:
        lines.append("版本：" + "；".join(
            f"{v.version} {v.code} {v.name}（{v.status}，更新說明：{v.note}，{v.date}）" for v in s.versions))
    codes = [s.code] + [q(d.code) for d in s.duties]
    chunks.append(make_chunk("\n".join(lines), codes, section="overview", level=s.level, **meta))

    for duty in s.duties:
        for task in duty.tasks:
            lines = [f"{header}主要職責 {duty.code} {duty.name}", f"工作任務 {task.code} {task.name}（職能級別 {task.level}）"]
            if task.outputs:
                lines.append("工作產出：" + "；".join(f"{o.code} {o.text}" for o in task.outputs))
            lines.append("行為指標：")
            lines += [f"{p.code} {p.text}" for p in task.indicators]
            if task.knowledge:
                lines.append("知識：" + "；".join(f"{k.code} {k.text}" for k in task.knowledge))
            if task.skills:
                lines.append("技能：" + "；".join(f"{k.code} {k.text}" for k in task.skills))
            items = task.indicators + task.outputs + task.knowledge + task.skills
            codes = [q(task.code), s.code, q(duty.code)] + [q(i.code) for i in items]
            chunks.append(make_chunk("\n".join(lines), codes, section="task", level=task.level, **meta))

    for label, letter, items in (("知識", "K", s.knowledge), ("技能", "S", s.skills), ("態度", "A", s.attitudes)):
        if not items:
            continue
        used_by = _tasks_using(s, letter)
        lines = [f"{header}職能內涵－{label}（{letter}）"]
        for item in items:
            line = f"{item.code} {item.text}"
            if item.definition:
                line += f"：{item.definition}"
            if item.other_texts:
                line += "（另載為：" + "、".join(item.other_texts) + "）"
            if used_by.get(item.code):
                line += "〔" + "、".join(used_by[item.code]) + "〕"
            lines.append(line)
        codes = [s.code] + [q(i.code) for i in items]
        chunks.append(make_chunk("\n".join(lines), codes, section=f"competencies_{letter}", level=s.level, **meta))

    # The entry-requirement section in its own chunk (titled with one wording for every standard); the
    # other notes as printed, each under its heading (definitions, 【註N】 notes, update records, who to ask).
    entry = [n for n in s.notes if n.items and set(n.items) <= set(s.entry_requirements)]
    if s.entry_requirements:
        lines = [f"{header}建議擔任此職業之學歷／經歷／能力條件（入門條件）"] + [f"- {r}" for r in s.entry_requirements]
        chunks.append(make_chunk("\n".join(lines), [s.code], section="entry_requirements", level=s.level, **meta))

    other = [n for n in s.notes if n not in entry and (n.items or n.heading)]
    if other:
        lines = [f"{header}說明與補充事項（名詞定義與補充說明）"]
        for note in other:
            lines += ([f"{note.heading}："] if note.heading else []) + [f"- {i}" for i in note.items]
        chunks.append(make_chunk("\n".join(lines), [s.code], section="notes", level=s.level, **meta))
    return chunks


def _tasks_using(s: Standard, letter: str) -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for task in s.tasks:
        items = task.knowledge if letter == "K" else task.skills if letter == "S" else ()
        for item in items:
            used.setdefault(item.code, []).append(task.code)
    return used


# --- Taiwan 職能單元 ------------------------------------------------------------------


def unit_chunks(u: CompetencyUnit) -> list[Chunk]:
    meta = dict(framework=TW, doc_kind=u.kind, doc_code=u.code, title=u.name, source=u.source, level=u.level)
    header = f"【台灣職能單元 {u.code}｜{u.name}｜職能單元級別 {u.level}】"
    chunks = []
    lines = [header, f"領域類別：{u.domain}", "工作任務：" + "；".join(f"{_zh_number(g.number)}、{g.name}" for g in u.task_groups)]
    if u.update_record:
        lines.append("更新紀錄：" + "；".join(u.update_record))
    chunks.append(make_chunk("\n".join(lines), [u.code], section="overview", **meta))
    for group in u.task_groups:
        lines = [f"{header}工作任務 {_zh_number(group.number)}、{group.name}", "行為指標："]
        lines += [f"{i}. {text}" for i, text in enumerate(group.indicators, 1)]
        chunks.append(make_chunk("\n".join(lines), [u.code], section="task", **meta))
    lines = [f"{header}職能內涵", "知識（K）：" + "；".join(u.knowledge), "技能（S）：" + "；".join(u.skills)]
    chunks.append(make_chunk("\n".join(lines), [u.code], section="competencies", **meta))
    a = u.assessment
    lines = [f"{header}評量設計參考"]
    for label, items in (("評量證據", a.evidence), ("評量情境與資源", a.context), ("評量方法", a.methods)):
        lines.append(f"{label}：")
        lines += [f"{i}. {text}" for i, text in enumerate(items, 1)]
    chunks.append(make_chunk("\n".join(lines), [u.code], section="assessment", **meta))
    notes = [f"【註{d.mark}】{d.term}：{d.text}" for d in u.definitions] + list(u.notes)
    if notes:
        lines = [f"{header}說明與補充事項"] + [f"- {n}" for n in notes]
        chunks.append(make_chunk("\n".join(lines), [u.code], section="notes", **meta))
    return chunks


def _zh_number(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if 0 <= n <= 10 else str(n)


# --- Hong Kong QF career paths --------------------------------------------------------------


@lru_cache(maxsize=None)
def framework_name(framework: str) -> str:
    """A framework's name as chunk headers print it, in the records' language: the interface label
    `fw.<framework>` (retrieval/labels.toml), so that the name lives in one data file."""
    from .explore import ZH, label

    return label(f"fw.{framework}", ZH)


def role_context(role: HKRole) -> str:
    q = role.qualification
    return f"【{framework_name(HK)} {role.title}｜工作崗位 {role.post}｜資歷級別 第{q.qf_level}級｜{q.credits} 學分】"


def unit_line(unit: HKUnit, core: bool | None = None) -> str:
    kind = "" if core is None else ("核心，" if core else "職能，")
    return f"{unit.code} {unit.title}（{kind}第 {unit.qf_level} 級，{unit.credits} 學分；主要職能：{unit.function_area}）"


def career_path_chunks(path: CareerPath) -> list[Chunk]:
    chunks = []
    base = dict(framework=HK, doc_kind=path.kind, doc_code=path.id, source=path.source)
    ladder = path.ladder
    steps = [f"{r.title}（{r.rank}，資歷級別 第{r.qualification.qf_level}級，{r.qualification.credits} 學分）" for r in ladder]
    lines = [f"【{framework_name(HK)} {path.title}】", "職業階梯（由低至高）：" + " → ".join(steps)]
    for lower, upper in zip(ladder, ladder[1:]):
        lines.append(f"{lower.title} 晉升至 {upper.title}：{'；'.join(lower.qualification.education_progression[:1])}")
    chunks.append(
        make_chunk("\n".join(lines), [path.id] + [r.id for r in ladder], section="ladder", title=path.title,
                   roles=tuple(r.id for r in ladder), **base)
    )
    if path.notes:
        chunks.append(make_chunk(_notes_text(f"【{framework_name(HK)} {path.title}】說明", path.notes), [path.id],
                                 section="notes", title=path.title, **base))
    for role in path.roles:
        chunks += _role_chunks(path, role, base)
    for unit in path.units:
        chunks.append(_hk_unit_chunk(path, unit, base))
    return chunks


def _role_chunks(path: CareerPath, role: HKRole, base: dict) -> list[Chunk]:
    meta = dict(base, title=role.title, level=role.qualification.qf_level, roles=(role.id,))
    header = role_context(role)
    q = role.qualification
    chunks = []

    # A note printed beside a table (its introduction or footnote) goes into that table's chunk.
    placed = {"soft_skills", "outcomes", "courses"} | ({"units"} if role.units else set())

    def notes_on(*topics: str) -> list[str]:
        return [f"說明：{item}" for n in role.notes if n.topic in topics for item in n.items]

    lines = [
        header,
        f"專業領域：{role.specialism}；主要活動：" + "；".join(role.specialism_activities),
        f"典型的職銜：{role.typical_titles}",
        "主要目的和職責：" + "".join(role.purpose),
        "一般要求：" + "；".join(role.general_requirements),
        *(f"專業領域說明：{n}" for n in role.specialism_notes),  # last: the first 320 characters are embedded
    ]
    chunks.append(make_chunk("\n".join(lines), [role.id, path.id], section="role_overview", **meta))

    for core, label in ((True, "核心能力單元"), (False, "職能能力單元")):
        refs = [u for u in role.units if u.core == core]
        if not refs:
            continue
        total = sum(path.unit(r.code).credits for r in refs)
        lines = [f"{header}{label}（{len(refs)} 個，共 {total} 學分）"]
        lines += [unit_line(path.unit(r.code)) for r in refs] + notes_on("units")
        codes = [role.id, path.id] + [r.code for r in refs]
        section = "role_core_units" if core else "role_functional_units"
        chunks.append(make_chunk("\n".join(lines), codes, section=section, **meta))

    lines = [
        f"{header}資歷說明",
        f"資歷名銜：{q.title}",
        f"資歷級別：資歷架構第 {q.qf_level} 級；資歷學分：{q.credits}（{q.credits_note or '能力單元學分之和'}）",
        "資歷錄取要求：" + " 或 ".join(q.entry_requirements),
        f"資歷培訓目標：{q.training_objective}",
        *(f"說明：{g}" for g in q.guidance),
        "教育途徑：" + _sentences(q.education_progression),
        "就業途徑：" + _sentences(q.employment_progression),
        *notes_on("outcomes"),
    ]
    chunks.append(make_chunk("\n".join(lines), [role.id, path.id], section="qualification", **meta))

    lines = [f"{header}附加能力要求（軟實力）"]
    lines += [f"{s.name}：{s.proficiency}（{s.proficiency_definition}）— {s.description}" for s in role.soft_skills]
    lines += notes_on("soft_skills")
    chunks.append(make_chunk("\n".join(lines), [role.id, path.id], section="soft_skills", **meta))

    lines = [f"{header}關鍵發展和學習經驗", "關鍵或可取的在職學習：" + "；".join(role.on_the_job_learning), "市面上相關的進修課程（資歷名冊例子）："]
    lines += [f"{c.number}. {c.programme}（{c.qualification_title}；級別 {c.level}；{c.provider}）" for c in role.courses]
    lines += notes_on("courses")
    chunks.append(make_chunk("\n".join(lines), [role.id, path.id], section="courses", **meta))

    free = tuple(n for n in role.notes if n.topic not in placed)  # none in the seeds
    if free:
        chunks.append(make_chunk(_notes_text(f"{header}補充說明", free), [role.id, path.id],
                                 section="role_notes", **meta))
    return chunks


def _notes_text(title: str, notes: tuple[NoteSection, ...]) -> str:
    """Note sections as printed: each heading, then its items."""
    lines = [title]
    for note in notes:
        lines += ([f"{note.heading}："] if note.heading else []) + [f"- {i}" for i in note.items]
    return "\n".join(lines)


def _sentences(items) -> str:
    return "".join(i if i.endswith(("。", "；", ".")) else i + "；" for i in items)


def _hk_unit_chunk(path: CareerPath, unit: HKUnit, base: dict) -> Chunk:
    listing = []
    for role in path.roles:
        ref = next((r for r in role.units if r.code == unit.code), None)
        if ref:
            listing.append((role, ref))
    header = f"【{framework_name(HK)} 能力單元 {unit.code}｜資歷級別 第{unit.qf_level}級｜{unit.credits} 學分】"
    lines = [header, f"能力單元名稱：{unit.title}", f"主要職能：{unit.function_area}"]
    lines.append("適用崗位：" + "；".join(f"{role.title}（{'核心' if ref.core else '職能'}）" for role, ref in listing))
    for outcome in unit.outcomes:
        role_title = outcome.role_id.removeprefix(HK_ID_PREFIX)
        lines.append(f"學習成果（{role_title}）：{outcome.learning_outcome}")
    guidelines = dict.fromkeys(g for o in unit.outcomes for g in o.assessment_guidelines)
    lines.append("評核指引：" + "；".join(guidelines))
    roles = tuple(role.id for role, _ in listing)
    return make_chunk(
        "\n".join(lines), [unit.code, *roles, path.id], section="hk_unit", title=unit.title,
        level=unit.qf_level, roles=roles, **base,
    )
