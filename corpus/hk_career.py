"""Parser for Hong Kong QF career-path documents (職業資歷說明).

One file holds several roles, each under a heading `…的職業資歷說明`. A role has
labelled fields (a label cell, then an HTML value) and four tables: its units,
soft skills, the qualification's learning outcomes per unit, and example
courses. Table cells are classified by content (a unit code, a number, HTML)
because the extraction sometimes shifts a row by an empty cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .codes import HK_UNIT_CODE, hk_id, is_hk_unit_code
from .ranks import ladder_order, rank_of
from .records import (
    CareerPath,
    Course,
    HKRole,
    HKUnit,
    NoteSection,
    Qualification,
    SoftSkill,
    UnitOutcome,
    UnitRef,
)
from .text import first_int, html_blocks, html_items, join_fragments, split_cells, strip_bullet, strip_tags, tidy

ROLE_HEADING = re.compile(r"^#{1,4}\s*(.+?)的職業資歷說明\s*$")
MARKER = "職業資歷說明"

_FIELDS = {
    "專業領域": "specialism",
    "工作崗位": "post",
    "典型的職銜": "typical_titles",
    "主要目的和職責": "purpose",
    "一般要求": "general_requirements",
    "資歷名銜": "qualification_title",
    "資歷級別": "qualification_level",
    "資歷學分(僅供參考)": "qualification_credits",
    "資歷學分": "qualification_credits",
    "資歷錄取要求": "entry_requirements",
    "資歷培訓目標": "training_objective",
    "學習成果陳述": "outcome_statement",
    "關鍵或可取的在職學習": "on_the_job_learning",
}
_SEPARATOR = re.compile(r"^[-\s\t]+$")
_NUMBERED = re.compile(r"^(\d+)\s*[.．、]\s*(.*)$")
_HEADING = re.compile(r"^(?:#{1,6}\s*(.+?)|\*\*(.+?)\*\*)\s*$")
_SENTENCE_MARK = re.compile(r"[。：:；;，,！!？?]")
_CREDITS_NOTE = re.compile(r"[（(]\s*(.*?)\s*[)）]")


def looks_like_career_path(text: str) -> bool:
    return any(ROLE_HEADING.match(line) for line in text.splitlines()) and bool(
        re.search(HK_UNIT_CODE, text)
    )


@dataclass
class _Outcome:
    code: str
    title: str
    function_area: str
    text: str
    guidelines: list[str] = field(default_factory=list)


@dataclass
class _RoleDraft:
    """What one role's section says, before units are shared across roles."""

    title: str
    fields: dict[str, str] = field(default_factory=dict)
    units: list[tuple[UnitRef, str, int, int]] = field(default_factory=list)  # ref, title, level, credits
    soft_skills: list[SoftSkill] = field(default_factory=list)
    outcomes: list[_Outcome] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    guidance: list[str] = field(default_factory=list)  # prose of section 乙 (qualification)
    notes: list[list] = field(default_factory=list)  # other prose: [heading, topic, text]
    _pending: list[list] = field(default_factory=list)  # notes whose table is not known yet
    _last_table: str = ""  # the last table under the current heading

    def add_note(self, heading: str, text: str) -> None:
        note = [heading, "", text]
        self.notes.append(note)
        self._pending.append(note)

    def table_opens(self, kind: str) -> None:
        """Prose just before a table introduces it."""
        for note in self._pending:
            note[1] = kind
        self._pending, self._last_table = [], kind

    def heading_starts(self) -> None:
        """Prose after a table and before the next heading is that table's footnote."""
        for note in self._pending:
            note[1] = self._last_table
        self._pending, self._last_table = [], ""

    def note_sections(self) -> tuple[NoteSection, ...]:
        self.heading_starts()
        sections: list[tuple[str, str, list[str]]] = []
        for heading, topic, text in self.notes:
            if not sections or sections[-1][:2] != (heading, topic):
                sections.append((heading, topic, []))
            sections[-1][2].append(text)
        return tuple(NoteSection(heading, tuple(items), topic) for heading, topic, items in sections)


def parse_career_path(text: str, source: str) -> CareerPath:
    warnings: list[str] = []
    preface, sections = _role_sections(text)
    drafts = [_parse_role(title, lines, warnings) for title, lines in sections]
    if not drafts:
        raise ValueError("no role heading ('## <role title>的職業資歷說明') found")
    units = _shared_units(drafts, source, warnings)
    roles = tuple(_build_role(d, source, units, warnings) for d in drafts)
    rungs = ladder_order([r.qualification.qf_level for r in roles])
    roles = tuple(replace(role, rung=rung) for role, rung in zip(roles, rungs))
    return CareerPath(
        source=source,
        name=_path_name(roles),
        roles=roles,
        units=tuple(units.values()),
        warnings=tuple(dict.fromkeys(warnings)),
        notes=_preface_notes(preface),
    )


def _role_sections(text: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The lines before the first role heading, and each role's title with its lines."""
    preface: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        match = ROLE_HEADING.match(line.strip())
        if match:
            sections.append((tidy(match.group(1)), []))
        elif sections:
            sections[-1][1].append(line)
        else:
            preface.append(line)
    return preface, sections


def _heading(line: str, text: str) -> str | None:
    """A markdown heading, a bold line, or a short line without sentence punctuation (`工作能力要求`)."""
    match = _HEADING.match(line.strip())
    if match:
        return tidy(match.group(1) or match.group(2))
    if len(text) <= 20 and not _SENTENCE_MARK.search(text):
        return text
    return None


def _preface_notes(lines: list[str]) -> tuple[NoteSection, ...]:
    draft = _RoleDraft("")
    heading = ""
    for line in lines:
        text = tidy(" ".join(split_cells(line)))
        if not text or _SEPARATOR.match(line):
            continue
        if _heading(line, text):
            heading = _heading(line, text)
        else:
            draft.add_note(heading, text)
    return draft.note_sections()


def _label(cell: str) -> str | None:
    return _FIELDS.get(re.sub(r"\s+", "", tidy(cell)))


def _table_kind(cells: list[str]) -> str | None:
    joined = " ".join(cells)
    if "類型" in cells and "編號" in cells:
        return "units"
    if cells and cells[0].startswith("能力名稱"):
        return "soft_skills"
    if "學習成果" in cells and "評核指引" in joined:
        return "outcomes"
    if "進修課程名稱" in cells:
        return "courses"
    return None


def _parse_role(title: str, lines: list[str], warnings: list[str]) -> _RoleDraft:
    draft = _RoleDraft(title)
    table = None
    current_field = None
    unit_state = {"core": None, "area": ""}
    section = ""
    note_heading = ""
    for line in lines:
        if not line.strip() or _SEPARATOR.match(line):
            continue
        heading = re.match(r"^#{1,4}\s*([甲乙丙])[.．]", line.strip())
        if heading:
            section, table, current_field = heading.group(1), None, None
            note_heading = tidy(line.strip().lstrip("#"))
            draft.heading_starts()
            continue
        cells = split_cells(line)
        tidy_cells = [tidy(c) for c in cells]
        kind = _table_kind(tidy_cells)
        if kind:
            table, current_field = kind, None
            draft.table_opens(kind)
            continue
        if table and "\t" in line and _add_table_row(table, cells, tidy_cells, draft, unit_state, warnings):
            continue
        table = None
        label = _label(cells[0])
        if label:
            current_field = label
            draft.fields[label] = " ".join(cells[1:]).strip()
        elif current_field and not tidy_cells[0] and "\t" in line:
            draft.fields[current_field] += " " + " ".join(cells[1:])
        else:
            current_field = None
            text = " ".join(c for c in tidy_cells if c)
            if not text:
                continue
            if _heading(line, text):
                note_heading = _heading(line, text)
                if _HEADING.match(line.strip()):  # a plain short line (`工作能力要求`) titles the next table
                    draft.heading_starts()
            elif section == "乙":
                draft.guidance.append(text)
            else:
                draft.add_note(note_heading, text)
    return draft


def _add_table_row(table, cells, tidy_cells, draft: _RoleDraft, unit_state, warnings) -> bool:
    """Add one row to the open table; False when the line is not a row of it."""
    if table == "units":
        return _add_unit_row(tidy_cells, draft, unit_state, warnings)
    if table == "outcomes":
        return _add_outcome_row(cells, tidy_cells, draft)
    numbered = _NUMBERED.match(tidy_cells[0])
    if not numbered:
        return False
    if table == "soft_skills":
        name, description = _name_and_gloss(numbered.group(2))
        rest = [c for c in tidy_cells[1:] if c] + ["", ""]
        draft.soft_skills.append(SoftSkill(name, description, rest[0], rest[1]))
    elif table == "courses":
        rest = tidy_cells[1:] + ["", "", ""]
        draft.courses.append(
            Course(int(numbered.group(1)), numbered.group(2), rest[0], first_int(rest[1]), rest[2])
        )
    return True


def _add_unit_row(cells: list[str], draft: _RoleDraft, state, warnings) -> bool:
    code_at = next((i for i, c in enumerate(cells) if is_hk_unit_code(c)), None)
    if code_at is None:
        return False
    numbers = [first_int(c) for c in cells[code_at + 1 :] if c]
    level, credits = (numbers + [None, None])[:2]
    number, title = 0, ""
    for cell in cells[:code_at]:
        numbered = _NUMBERED.match(cell)
        if cell in ("核心", "職能"):
            state["core"] = cell == "核心"
        elif numbered:
            number, title = int(numbered.group(1)), numbered.group(2)
        elif cell:
            state["area"] = cell
    if state["core"] is None or level is None or credits is None:
        warnings.append(f"{draft.title}: unit {cells[code_at]} row lacks its type, level or credits")
        return True
    ref = UnitRef(cells[code_at], state["core"], state["area"], number)
    draft.units.append((ref, title, level, credits))
    return True


def _add_outcome_row(cells: list[str], tidy_cells: list[str], draft: _RoleDraft) -> bool:
    code_at = next((i for i, c in enumerate(tidy_cells) if is_hk_unit_code(c)), None)
    guideline_cells = [c for c in cells if "<li" in c]
    guidelines = [strip_bullet(g) for cell in guideline_cells for g in html_items(cell)]
    texts = [(i, c) for i, c in enumerate(tidy_cells) if c and cells[i] not in guideline_cells]
    if code_at is None:
        if not draft.outcomes:
            return False
        last = draft.outcomes[-1]
        for _, text in texts:  # the tail of an outcome that a page break split
            last.text = join_fragments(last.text, text)
        last.guidelines += guidelines
        return True
    before_code = [(i, c) for i, c in texts if i < code_at]
    numbered = [c for _, c in before_code if _NUMBERED.match(c)]
    others = [c for _, c in before_code if not _NUMBERED.match(c)]
    title = others[-1] if others else ""
    area = others[-2] if len(others) > 1 else (draft.outcomes[-1].function_area if draft.outcomes else "")
    outcome_text = _NUMBERED.match(numbered[0]).group(2) if numbered else ""
    draft.outcomes.append(_Outcome(tidy_cells[code_at], title, area, outcome_text, guidelines))
    return True


def _name_and_gloss(text: str) -> tuple[str, str]:
    """`主動學習 (指了解…)` -> ("主動學習", "了解…")."""
    match = re.match(r"^(.*?)\s*[（(]\s*指?(.*)[)）]\s*$", text)
    return (match.group(1).strip(), match.group(2).strip()) if match else (text, "")


def _shared_units(drafts: list[_RoleDraft], source: str, warnings: list[str]) -> dict[str, HKUnit]:
    """One unit record per code, holding each listing role's learning outcome."""
    units: dict[str, HKUnit] = {}
    for draft in drafts:
        role_id = hk_id(draft.title)
        outcomes = {o.code: o for o in draft.outcomes}
        for ref, title, level, credits in draft.units:
            outcome = outcomes.get(ref.code)
            if outcome is None:
                warnings.append(f"{draft.title}: unit {ref.code} has no learning outcome row")
            role_outcome = UnitOutcome(
                role_id, outcome.text if outcome else "", tuple(outcome.guidelines) if outcome else ()
            )
            known = units.get(ref.code)
            if known is None:
                units[ref.code] = HKUnit(source, ref.code, title, level, credits, ref.function_area, (role_outcome,))
                continue
            if (known.title, known.qf_level, known.credits) != (title, level, credits):
                warnings.append(f"unit {ref.code} is listed with different title, level or credits by two roles")
            units[ref.code] = HKUnit(
                source, known.code, known.title, known.qf_level, known.credits, known.function_area,
                known.outcomes + (role_outcome,),
            )
        for code in outcomes.keys() - {ref.code for ref, *_ in draft.units}:
            warnings.append(f"{draft.title}: learning outcome for {code}, which the role's unit table does not list")
    return units


def _build_role(draft: _RoleDraft, source: str, units: dict[str, HKUnit], warnings: list[str]) -> HKRole:
    f = draft.fields
    specialism_blocks = html_blocks(f.get("specialism", ""))
    paragraphs = [b.text for b in specialism_blocks if b.kind == "p"]
    post = tidy(f.get("post", ""))
    rank = rank_of(draft.title, post)  # the words are data (vocabulary/ranks.tsv); the ladder is the document's
    qualification = Qualification(
        title=tidy(f.get("qualification_title", "")),
        qf_level=first_int(tidy(f.get("qualification_level", ""))),
        credits=first_int(tidy(f.get("qualification_credits", ""))),
        credits_note=_credits_note(f.get("qualification_credits", "")),
        entry_requirements=tuple(
            tidy(part) for part in re.split(r"\s+或\s+", strip_tags(f.get("entry_requirements", ""))) if tidy(part)
        ),
        training_objective=tidy(f.get("training_objective", "")),
        guidance=tuple(draft.guidance),
        **_progression(f.get("outcome_statement", "")),
    )
    unit_credits = sum(units[ref.code].credits for ref, *_ in draft.units)
    if qualification.credits is not None and qualification.credits != unit_credits:
        warnings.append(
            f"{draft.title}: qualification credits {qualification.credits} differ from the sum of its units' "
            f"credits {unit_credits}"
        )
    for label in ("post", "qualification_title", "qualification_level"):
        if not f.get(label):
            warnings.append(f"{draft.title}: field {label} is missing")
    return HKRole(
        source=source,
        title=draft.title,
        rank=rank,
        post=post,
        specialism=paragraphs[0] if paragraphs else "",
        specialism_activities=tuple(strip_bullet(b.text) for b in specialism_blocks if b.kind == "li"),
        typical_titles=tidy(f.get("typical_titles", "")),
        purpose=html_items(f.get("purpose", "")),
        general_requirements=html_items(f.get("general_requirements", "")),
        units=tuple(ref for ref, *_ in draft.units),
        soft_skills=tuple(draft.soft_skills),
        qualification=qualification,
        on_the_job_learning=html_items(f.get("on_the_job_learning", "")),
        courses=tuple(draft.courses),
        specialism_notes=tuple(paragraphs[1:]),
        notes=draft.note_sections(),
    )


def _credits_note(value: str) -> str:
    """`175 (基於能力單元配置)` -> `基於能力單元配置`."""
    match = _CREDITS_NOTE.search(tidy(value))
    return match.group(1) if match else ""


def _progression(value: str) -> dict[str, tuple[str, ...]]:
    """教育途徑 / 就業途徑 paragraphs, each followed by its list items."""
    found: dict[str, list[str]] = {"education_progression": [], "employment_progression": []}
    current = None
    for block in html_blocks(value):
        if block.kind == "p":
            current = "education_progression" if "教育" in block.text else "employment_progression" if "就業" in block.text else None
        elif current:
            found[current].append(strip_bullet(block.text))
    return {key: tuple(items) for key, items in found.items()}


def _path_name(roles: tuple[HKRole, ...]) -> str:
    """人才管理總監, 人才管理經理, … -> 人才管理."""
    stems = [r.title[: -len(r.rank)] if r.title.endswith(r.rank) else r.title for r in roles]
    prefix = stems[0]
    for stem in stems[1:]:
        while not stem.startswith(prefix):
            prefix = prefix[:-1]
    return prefix or roles[0].specialism or roles[0].title
