"""The writers of Hong Kong QF records: a role's sections (units, soft skills, qualification,
entry, courses) and a unit of competency with the roles that list it."""

from __future__ import annotations

from corpus.load import Corpus
from corpus.records import HKRole, HKUnit

from ...lexical import english_name
from .base import Draft


class RoleWriter:
    """Writes an HK role's sections, the courses of every role, and an HK unit of competency."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def write(self, d: Draft, role: HKRole, intent: str) -> None:
        q = role.qualification
        name = d.q(role.title)
        rank = d.t(role.rank, english_name(role.rank))
        path = self.corpus.path_of(role.id)
        d.add(d.t(f"{name}是「{path.title}」中的{role.rank}級崗位（工作崗位：{role.post}），"
                  f"對應資歷架構第 {q.qf_level} 級、{q.credits} 學分{d.cite(role.id)}。",
                  f"{name} ({role.id}) is the {rank} rung (工作崗位 {d.q(role.post)}) of the Hong Kong QF career path, "
                  f"with a qualification at QF level {q.qf_level} (資歷架構第 {q.qf_level} 級) and {q.credits} credits"
                  f"{d.cite(role.id)}."))
        if intent in ("units", "skills", "knowledge", "indicators", "assessment"):
            if intent == "assessment":
                d.add(d.t("各能力單元的評核指引見該單元；以下為此崗位的能力單元：",
                          "Each unit carries its own assessment guidelines (評核指引); the role's units are:"))
            self._role_units(d, role)
            if intent == "skills":
                self._soft_skills(d, role)
            return
        if intent in ("qualification", "progression"):
            self._qualification(d, role, progression=True)
            return
        if intent == "entry":
            d.heading(d.t("一般要求", "General requirements (一般要求)"))
            for requirement in role.general_requirements:
                d.add(f"- {d.q(requirement)}{d.cite(role.id)}")
            self._qualification(d, role, progression=False)
            return
        if intent == "courses":
            self.courses(d, role)
            return
        if intent == "soft_skills":
            self._soft_skills(d, role)
            return
        d.add(d.t(f"典型的職銜：{role.typical_titles}", f"Typical titles: {d.q(role.typical_titles)}") + d.cite(role.id))
        purpose = "".join(p for p in role.purpose if "職業資歷階梯之目的" not in p)
        d.add(d.t(f"主要目的和職責：{purpose}", f"Purpose and duties: {d.q(purpose)}") + d.cite(role.id))
        d.heading(d.t("一般要求", "General requirements (一般要求)"))
        for requirement in role.general_requirements:
            d.add(f"- {d.q(requirement)}")
        d.heading(d.t("關鍵或可取的在職學習", "Key on-the-job learning (關鍵或可取的在職學習)"))
        for item in role.on_the_job_learning:
            d.add(f"- {d.q(item)}")
        d.add("")
        d.add(d.t(f"此崗位共有 {len(role.units)} 個能力單元（核心 {len(role.core_units)} 個、職能 {len(role.functional_units)} 個）；"
                  f"資歷名銜：{q.title}。",
                  f"It lists {len(role.units)} units of competency ({len(role.core_units)} core, "
                  f"{len(role.functional_units)} functional); qualification: {d.q(q.title)}."))

    def courses(self, d: Draft, role: HKRole, provider: str = "") -> None:
        courses = [c for c in role.courses if provider in c.provider] if provider else list(role.courses)
        d.heading(d.t(f"{role.title}：市面上相關的進修課程（資歷名冊例子）",
                      f"{d.q(role.title)}: example courses on the Qualifications Register"))
        for course in courses:
            d.add(f"{course.number}. {d.q(course.programme)}" + d.t(
                f"（{course.qualification_title}；級別 {course.level}；{course.provider}）",
                f" — {d.q(course.qualification_title)}, level {course.level}, {d.q(course.provider)}") + d.cite(role.id))
        if not provider:
            d.heading(d.t("關鍵或可取的在職學習", "Key on-the-job learning (關鍵或可取的在職學習)"))
            for item in role.on_the_job_learning:
                d.add(f"- {d.q(item)}")

    def all_courses(self, d: Draft, provider: str = "") -> list[str]:
        """Courses of every role, narrowed to a provider when the question names one."""
        roles = [r for r in sorted(self.corpus.roles, key=lambda r: r.rank_order)
                 if not provider or any(provider in c.provider for c in r.courses)]
        if provider:
            d.add(d.t(f"{provider}在各崗位的課程例子：", f"Courses by {d.q(provider)} listed for each role:"))
        for role in roles:
            self.courses(d, role, provider)
        return [r.id for r in roles]

    def _role_units(self, d: Draft, role: HKRole) -> None:
        total = sum(self.corpus.hk_unit(c).credits for c in role.unit_codes)
        d.add(d.t(f"{role.title}共列出 {len(role.units)} 個能力單元，合共 {total} 學分：",
                  f"{d.q(role.title)} lists {len(role.units)} units of competency, {total} credits in all:"))
        for core, zh, en in ((True, "核心能力單元", "Core units (核心)"), (False, "職能能力單元", "Functional units (職能)")):
            refs = [r for r in role.units if r.core == core]
            credits = sum(self.corpus.hk_unit(r.code).credits for r in refs)
            d.heading(d.t(f"{zh}（{len(refs)} 個，共 {credits} 學分）", f"{en}: {len(refs)} units, {credits} credits"))
            for ref in refs:
                unit = self.corpus.hk_unit(ref.code)
                d.add(f"- {unit.code} {d.q(unit.title)}" + d.t(f"（第 {unit.qf_level} 級，{unit.credits} 學分）",
                                                                f" (QF level {unit.qf_level}, {unit.credits} credits)")
                      + d.cite(unit.code))

    def _soft_skills(self, d: Draft, role: HKRole) -> None:
        d.heading(d.t("附加能力要求（軟實力）", "Soft skills (附加能力要求)"))
        for skill in role.soft_skills:
            d.add(f"- {d.q(skill.name)}：{d.q(skill.proficiency)}" + d.t(
                f"（{skill.proficiency_definition}）", f" — {d.q(skill.proficiency_definition)}") + d.cite(role.id))

    def _qualification(self, d: Draft, role: HKRole, progression: bool) -> None:
        q = role.qualification
        d.heading(d.t("資歷說明", "Qualification (資歷說明)"))
        d.add(d.t(f"- 資歷名銜：{q.title}", f"- Title: {d.q(q.title)}") + d.cite(role.id))
        d.add(d.t(f"- 資歷級別：資歷架構第 {q.qf_level} 級", f"- QF level: {q.qf_level}") + d.cite(role.id))
        d.add(d.t(f"- 資歷學分：{q.credits}（能力單元學分之和）", f"- Credits: {q.credits} (the sum of its units' credits)")
              + d.cite(role.id))
        d.add(d.t("- 資歷錄取要求：", "- Entry requirements: ") + d.t(" 或 ", " or ").join(map(d.q, q.entry_requirements))
              + d.cite(role.id))
        d.add(d.t(f"- 資歷培訓目標：{q.training_objective}", f"- Training objective: {d.q(q.training_objective)}")
              + d.cite(role.id))
        for note in q.guidance:
            d.add(f"- {d.q(note)}{d.cite(role.id)}")
        if progression:
            d.heading(d.t("學習成果陳述", "Progression (學習成果陳述)"))
            d.add(d.t("教育途徑：", "Education progression: ") + " ".join(map(d.q, q.education_progression)))
            d.add(d.t("就業途徑：", "Employment progression: ") + " ".join(map(d.q, q.employment_progression)))

    def unit(self, d: Draft, unit: HKUnit) -> None:
        listing = self.corpus.listing(unit.code)
        d.add(d.t(f"能力單元 {unit.code}「{unit.title}」：資歷架構第 {unit.qf_level} 級，{unit.credits} 學分，"
                  f"主要職能為{unit.function_area}{d.cite(unit.code)}。",
                  f"Unit of competency {unit.code} {d.q(unit.title)}: QF level {unit.qf_level}, {unit.credits} credits, "
                  f"function area {d.q(unit.function_area)}{d.cite(unit.code)}."))
        for role, ref in listing:
            kind = d.t("核心", "core") if ref.core else d.t("職能", "functional")
            d.add(d.t(f"- 列於{role.title}（{kind}）", f"- Listed by {d.q(role.title)} ({kind})") + d.cite(role.id))
        for outcome in unit.outcomes:
            title = outcome.role_id.removeprefix("HK:")
            d.heading(d.t(f"學習成果（{title}）", f"Learning outcome ({d.q(title)})"))
            d.add(d.q(outcome.learning_outcome) + d.cite(unit.code))
            d.add(d.t("評核指引：", "Assessment guidelines (評核指引):"))
            for guideline in outcome.assessment_guidelines:
                d.add(f"- {d.q(guideline)}")
