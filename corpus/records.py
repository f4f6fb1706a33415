"""Typed records parsed from the competency standards.

Every record carries the canonical code it can be cited by. Records are frozen
so that chunks, answers and exports can share them without defensive copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Union

from .codes import hk_id
from .validity import parse_version_date

TW_STANDARD = "tw_standard"
TW_UNIT = "tw_unit"
HK_CAREER_PATH = "hk_career_path"



@dataclass(frozen=True)
class CodedText:
    """An item printed with its local code, e.g. K03, S01, O1.2.1, P2.4.1."""

    code: str
    text: str


@dataclass(frozen=True)
class CompetencyItem:
    """A knowledge, skill or attitude item of a standard.

    `other_texts` keeps the other names a code was printed with when the
    source gives one code two names (a source typo we keep and warn about).
    """

    code: str
    text: str
    definition: str = ""
    other_texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Definition:
    """A 【註N】 note: a term the standard defines."""

    mark: str
    term: str
    text: str


@dataclass(frozen=True)
class NoteSection:
    """A heading of 說明與補充事項 with its items (heading may be empty).

    `topic` names the table a note introduces or footnotes, where the document prints it beside one
    (HK: "units", "soft_skills", "outcomes", "courses"); empty for free-standing notes.
    """

    heading: str
    items: tuple[str, ...]
    topic: str = ""


@dataclass(frozen=True)
class VersionEntry:
    version: str
    code: str
    name: str
    status: str
    note: str
    date: str


@dataclass(frozen=True)
class NamedCode:
    name: str
    code: str


@dataclass(frozen=True)
class Task:
    code: str
    name: str
    level: int | None
    outputs: tuple[CodedText, ...]
    indicators: tuple[CodedText, ...]
    knowledge: tuple[CodedText, ...]
    skills: tuple[CodedText, ...]

    @property
    def knowledge_codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.knowledge)

    @property
    def skill_codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.skills)


@dataclass(frozen=True)
class Duty:
    code: str
    name: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Standard:
    """A Taiwan iCAP 職能基準 (occupational competency standard)."""

    source: str
    code: str
    name: str
    name_note: str
    versions: tuple[VersionEntry, ...]
    category: NamedCode
    occupation: NamedCode
    industry: NamedCode
    description: str
    level: int | None
    duties: tuple[Duty, ...]
    knowledge: tuple[CompetencyItem, ...]
    skills: tuple[CompetencyItem, ...]
    attitudes: tuple[CompetencyItem, ...]
    entry_requirements: tuple[str, ...]
    definitions: tuple[Definition, ...]
    notes: tuple[NoteSection, ...]
    warnings: tuple[str, ...] = ()
    kind: str = field(default=TW_STANDARD, init=False)

    @property
    def id(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return self.name

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(task for duty in self.duties for task in duty.tasks)

    def task(self, local_code: str) -> Task | None:
        """The task a local code names (`T2.4`), or None (a duty code, an indicator, a typo)."""
        return next((task for task in self.tasks if task.code == local_code), None)

    def qualify(self, local_code: str) -> str:
        """`T2.4` -> `BHR1212-002v3/T2.4`."""
        return f"{self.code}/{local_code}"

    @property
    def last_updated(self) -> date | None:
        """The latest date in the version table; None when the standard prints no dated version."""
        return max((d for d in (parse_version_date(v.date) for v in self.versions) if d), default=None)

    @property
    def historical_codes(self) -> tuple[str, ...]:
        """The codes of earlier versions its version table lists (BHR3333-004, BHR1212-002v1), as printed."""
        return tuple(dict.fromkeys(v.code for v in self.versions if v.code and v.code != self.code))

    def item_codes(self) -> tuple[str, ...]:
        """Every canonical code inside this standard, parent first."""
        codes = [self.code]
        for duty in self.duties:
            codes.append(self.qualify(duty.code))
            for task in duty.tasks:
                codes.append(self.qualify(task.code))
                codes += [self.qualify(i.code) for i in task.indicators + task.outputs]
        for item in self.knowledge + self.skills + self.attitudes:
            codes.append(self.qualify(item.code))
        return tuple(dict.fromkeys(codes))

    def counts(self) -> dict[str, int]:
        tasks = self.tasks
        outputs = [o for t in tasks for o in t.outputs]
        return {
            "versions": len(self.versions),
            "duties": len(self.duties),
            "tasks": len(tasks),
            "indicators": sum(len(t.indicators) for t in tasks),
            "outputs": len(outputs),
            "output_codes": len({o.code for o in outputs}),
            "knowledge": len(self.knowledge),
            "skills": len(self.skills),
            "attitudes": len(self.attitudes),
            "entry_requirements": len(self.entry_requirements),
            "definitions": len(self.definitions),
        }


@dataclass(frozen=True)
class TaskGroup:
    """一、二、三 … of a competency unit, with its behaviour indicators."""

    number: int
    name: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    evidence: tuple[str, ...]
    context: tuple[str, ...]
    methods: tuple[str, ...]


@dataclass(frozen=True)
class CompetencyUnit:
    """A Taiwan iCAP 職能單元 (reusable competency unit)."""

    source: str
    code: str
    name: str
    domain: str
    level: int | None
    task_groups: tuple[TaskGroup, ...]
    knowledge: tuple[str, ...]
    skills: tuple[str, ...]
    assessment: Assessment
    definitions: tuple[Definition, ...]
    notes: tuple[str, ...]
    update_record: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    kind: str = field(default=TW_UNIT, init=False)

    @property
    def id(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return self.name

    def item_codes(self) -> tuple[str, ...]:
        return (self.code,)

    def counts(self) -> dict[str, int]:
        return {
            "task_groups": len(self.task_groups),
            "indicators": sum(len(g.indicators) for g in self.task_groups),
            "knowledge": len(self.knowledge),
            "skills": len(self.skills),
            "assessment_evidence": len(self.assessment.evidence),
            "assessment_context": len(self.assessment.context),
            "assessment_methods": len(self.assessment.methods),
            "notes": len(self.definitions) + len(self.notes),
        }


@dataclass(frozen=True)
class UnitRef:
    """A unit as one role lists it: core or functional, in a function area."""

    code: str
    core: bool
    function_area: str
    number: int


@dataclass(frozen=True)
class UnitOutcome:
    """What one role's qualification says of a unit."""

    role_id: str
    learning_outcome: str
    assessment_guidelines: tuple[str, ...]


@dataclass(frozen=True)
class HKUnit:
    """A Hong Kong QF unit of competency (能力單元), shared by the roles listing it."""

    source: str
    code: str
    title: str
    qf_level: int
    credits: int
    function_area: str
    outcomes: tuple[UnitOutcome, ...]

    @property
    def id(self) -> str:
        return self.code

    def outcome_for(self, role_id: str) -> UnitOutcome | None:
        return next((o for o in self.outcomes if o.role_id == role_id), None)


@dataclass(frozen=True)
class SoftSkill:
    name: str
    description: str
    proficiency: str
    proficiency_definition: str


@dataclass(frozen=True)
class Qualification:
    title: str
    qf_level: int | None
    credits: int | None
    entry_requirements: tuple[str, ...]
    training_objective: str
    education_progression: tuple[str, ...]
    employment_progression: tuple[str, ...]
    guidance: tuple[str, ...] = ()  # the section's prose, e.g. the 60% rule for a competency-based course
    credits_note: str = ""  # what the credits cell says beside the number, e.g. 基於能力單元配置


@dataclass(frozen=True)
class Course:
    number: int
    qualification_title: str
    programme: str
    level: int | None
    provider: str


@dataclass(frozen=True)
class HKRole:
    """One rung of an HK career-path document (職業資歷說明)."""

    source: str
    title: str
    rank: str
    post: str
    specialism: str
    specialism_activities: tuple[str, ...]
    typical_titles: str
    purpose: tuple[str, ...]
    general_requirements: tuple[str, ...]
    units: tuple[UnitRef, ...]
    soft_skills: tuple[SoftSkill, ...]
    qualification: Qualification
    on_the_job_learning: tuple[str, ...]
    courses: tuple[Course, ...]
    # The specialism cell's paragraphs after its name, e.g. the reference the activities are taken from.
    specialism_notes: tuple[str, ...] = ()
    # The role's prose outside fields and tables (a table's introduction or footnote, where to find the
    # full course list), under the heading they are printed under and with the table they go with;
    # section 乙's prose is qualification.guidance.
    notes: tuple[NoteSection, ...] = ()
    # Where the role sits on its path's ladder, 1 = the bottom rung: read from the document (the QF level
    # of the role's qualification, then the order the document lists its roles), never from rank words.
    rung: int = 0

    @property
    def id(self) -> str:
        return hk_id(self.title)

    @property
    def rank_order(self) -> int:
        """The rung (1 = bottom): sorting roles by it gives their ladder."""
        return self.rung

    @property
    def core_units(self) -> tuple[UnitRef, ...]:
        return tuple(u for u in self.units if u.core)

    @property
    def functional_units(self) -> tuple[UnitRef, ...]:
        return tuple(u for u in self.units if not u.core)

    @property
    def unit_codes(self) -> tuple[str, ...]:
        return tuple(u.code for u in self.units)


@dataclass(frozen=True)
class CareerPath:
    """An HK QF career-path document: several roles and the units they list."""

    source: str
    name: str
    roles: tuple[HKRole, ...]
    units: tuple[HKUnit, ...]
    warnings: tuple[str, ...] = ()
    kind: str = field(default=HK_CAREER_PATH, init=False)
    notes: tuple[NoteSection, ...] = ()  # prose printed before the first role (a preface, a disclaimer)

    @property
    def id(self) -> str:
        return hk_id(self.name)

    @property
    def code(self) -> str:
        return self.id

    @property
    def title(self) -> str:
        return f"{self.name}職業資歷階梯"

    def unit(self, code: str) -> HKUnit | None:
        return next((u for u in self.units if u.code == code), None)

    @property
    def ladder(self) -> tuple[HKRole, ...]:
        """The roles from the bottom rung up, as the document orders them (see HKRole.rung)."""
        return tuple(sorted(self.roles, key=lambda r: r.rung))

    def role(self, role_id: str) -> HKRole | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def item_codes(self) -> tuple[str, ...]:
        return (self.id,) + tuple(r.id for r in self.roles) + tuple(u.code for u in self.units)

    def counts(self) -> dict[str, object]:
        ladder = sorted(self.roles, key=lambda r: -r.rank_order)
        return {
            "roles": len(self.roles),
            "units_per_role": {r.title: len(r.units) for r in ladder},
            "core_per_role": {r.title: len(r.core_units) for r in ladder},
            "distinct_units": len(self.units),
            "qualification_levels": {r.title: r.qualification.qf_level for r in ladder},
            "qualification_credits": {r.title: r.qualification.credits for r in ladder},
            "soft_skills_per_role": {r.title: len(r.soft_skills) for r in ladder},
            "courses_per_role": {r.title: len(r.courses) for r in ladder},
        }


Document = Union[Standard, CompetencyUnit, CareerPath]
