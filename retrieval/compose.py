"""The grounded composer: the default engine, no model needed.

It answers from the parsed records, leading with the direct answer and then
the supporting items, each followed by the canonical code it comes from. It
writes Traditional Chinese (converted to Simplified for a Simplified question)
or English framing that quotes the Chinese source terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.load import Corpus
from corpus.records import CareerPath, CompetencyUnit, HKRole, HKUnit, Standard

from . import explore, matching
from .search import SearchResult
from .lexical import english_name, normalise
from .answering.language import Request
from .answering.writers import Writing

MAX_LIST = 40


class Draft(Writing):
    """An answer being written from whole-record sections, with the zh/en sentence pairs of the composer."""

    def t(self, zh: str, en: str) -> str:
        return en if self.en else zh

    def heading(self, text: str) -> None:
        if self.lines:
            self.lines.append("")
        self.lines.append(f"**{text}**")


@dataclass(frozen=True)
class Composition:
    text: str
    citations: tuple[str, ...]
    focus: tuple[str, ...]
    intent: str


class Composer:
    """Writes the answer for a request from the records its entities and hits point to."""

    def __init__(self, corpus: Corpus, embed: matching.Embed | None = None) -> None:
        self.corpus = corpus
        self.embed = embed

    # --- entry point ---------------------------------------------------------------

    def compose(self, request: Request, result: SearchResult) -> Composition:
        draft = Draft(request.lang)
        entities = self._entities(request, result)
        documents = self._documents(entities)
        intent = request.intent
        if intent == "gap" and len(documents) < 2 and not (documents and self.corpus.role(documents[0])):
            # one record and no situation: answer what it asks of a newcomer
            intent = next((i for i in request.intents if i not in ("gap", "ladder")), "entry")
        if intent == "gap":
            focus = self._gap(draft, request, entities)
        elif intent == "compare" and (len(documents) >= 2 or documents):
            focus = self._compare(draft, documents[:2], result)
        elif intent == "ladder":
            focus = self._ladder(draft, request, entities)
        elif intent == "courses" and not any(self.corpus.role(e) for e in entities):
            focus = self._all_courses(draft, request)
        else:
            focus = self._single(draft, intent, entities[0] if entities else None, request, result)
        for note in result.codes.notes:
            draft.add("")
            draft.add(self._note(draft, note))
        return Composition("\n".join(draft.lines).strip(), tuple(draft.cited), tuple(focus), intent)

    def _note(self, draft: Draft, note: str) -> str:
        match = re.match(r"(\S+) 為歷史版本，現行版本為 (\S+)", note)
        if draft.en and match:
            return f"Note: {match.group(1)} is a historical version; the current version is {match.group(2)}."
        return f"註：{note}。"

    def _entities(self, request: Request, result: SearchResult) -> list[str]:
        """Named records first (the plan resolved them); otherwise the record of the top hit."""
        return list(request.entities) or [hit.chunk.code for hit in result.hits[:1]]

    def _documents(self, entities: list[str]) -> list[str]:
        """Entities reduced to comparable records (a TW standard or unit, an HK role)."""
        out = []
        for code in entities:
            base = code.split("/", 1)[0]
            record = self.corpus.owner(base)
            if isinstance(record, (Standard, CompetencyUnit, HKRole)) and base not in out:
                out.append(base)
        return out

    # --- one record -------------------------------------------------------------------

    def _single(self, draft: Draft, intent: str, entity: str | None, request: Request | None = None,
                result: SearchResult | None = None) -> list[str]:
        if entity is None:
            return []
        base, _, item = entity.partition("/")
        record = self.corpus.owner(base)
        if isinstance(record, Standard):
            self._standard(draft, record, intent, item)
        elif isinstance(record, CompetencyUnit):
            self._unit(draft, record, intent)
        elif isinstance(record, HKRole):
            self._role(draft, record, intent)
        elif isinstance(record, HKUnit):
            self._hk_unit(draft, record)
        elif isinstance(record, CareerPath):
            return self._ladder(draft, None, [record.id])
        return [entity if item else base]

    # TW standard ..........................................................................

    def _standard(self, d: Draft, s: Standard, intent: str, item: str) -> None:
        name = d.q(s.name)
        if item and intent == "outputs" and item.startswith("T") and "." in item:
            task = next(t for t in s.tasks if t.code == item)
            d.add(d.t(f"{d.q(s.name)}工作任務 {task.code}「{task.name}」{d.cite(s.qualify(task.code))}的工作產出：",
                      f"Outputs of task {task.code} {d.q(task.name)}{d.cite(s.qualify(task.code))} in {d.q(s.name)}:"))
            for output in task.outputs or ():
                d.add(f"- {output.code} {d.q(output.text)}{d.cite(s.qualify(output.code))}")
            if not task.outputs:
                d.add(d.t("此任務未列出工作產出。", "This task lists no outputs."))
            return
        if item:
            if self._standard_item(d, s, item):
                return
        if intent in ("tasks", "indicators"):
            d.add(d.t(f"{name}職能基準{d.cite(s.code)}共有 {len(s.duties)} 項主要職責、{len(s.tasks)} 項工作任務：",
                      f"The standard {name}{d.cite(s.code)} sets {len(s.duties)} main duties with {len(s.tasks)} tasks:"))
            for duty in s.duties:
                d.heading(f"{duty.code} {d.q(duty.name)}{d.cite(s.qualify(duty.code))}")
                for task in duty.tasks:
                    self._task_lines(d, s, task, full=intent == "indicators" or len(s.tasks) <= 10)
            return
        if intent == "outputs":
            outputs = [(t, o) for t in s.tasks for o in t.outputs]
            d.add(d.t(f"{name}{d.cite(s.code)}的工作產出共 {len(outputs)} 項：",
                      f"{name}{d.cite(s.code)} lists {len(outputs)} work outputs (工作產出):"))
            for task, output in outputs:
                d.add(f"- {output.code} {d.q(output.text)}{d.cite(s.qualify(output.code))}"
                      + d.t(f"：來自工作任務 {task.code} {task.name}", f" — from task {task.code} {d.q(task.name)}"))
            if not outputs:
                d.add(d.t("此職能基準未列出工作產出。", "This standard lists no work outputs."))
            return
        if intent in ("knowledge", "skills", "attitudes"):
            self._competency_list(d, s, intent)
            return
        if intent == "entry":
            d.add(d.t(f"擔任{name}{d.cite(s.code)}的建議學歷／經歷／能力條件：",
                      f"Suggested education, experience or abilities for {name}{d.cite(s.code)}:"))
            for requirement in s.entry_requirements or (d.t("此職能基準未列出建議條件。", "None listed."),):
                d.add(f"- {d.q(requirement)}")
            d.add(d.t(f"此職能基準的基準級別為 {s.level}。", f"The standard is at level {s.level} (基準級別)."))
            return
        if intent == "definitions":
            d.add(d.t(f"{name}{d.cite(s.code)}說明與補充事項中的名詞定義：", f"Definitions in the notes of {name}{d.cite(s.code)}:"))
            for definition in s.definitions:
                mark = f"【註{definition.mark}】" if definition.mark else ""
                d.add(f"- {mark}{d.q(definition.term)}：{d.q(definition.text)}")
            if not s.definitions:
                d.add(d.t("此職能基準沒有名詞定義。", "It defines no terms."))
            return
        if intent in ("qualification", "assessment"):
            d.add(d.t(f"{name}{d.cite(s.code)}是台灣職能基準，沒有資歷架構級別或評量設計；其基準級別為 {s.level}。",
                      f"{name}{d.cite(s.code)} is a Taiwan competency standard: it has no QF level or assessment design; "
                      f"its standard level (基準級別) is {s.level}."))
        self._standard_overview(d, s)

    def _standard_overview(self, d: Draft, s: Standard) -> None:
        name = d.q(s.name)
        d.add(d.t(f"{name}（{s.code}）是台灣 iCAP 職能基準，基準級別 {s.level}{d.cite(s.code)}。",
                  f"{name} ({s.code}) is a Taiwan iCAP occupational competency standard (職能基準) at level {s.level}"
                  f"{d.cite(s.code)}."))
        d.add(d.t(f"工作描述：{s.description}", f"Job description (工作描述): {d.q(s.description)}"))
        if s.name_note:
            d.add(d.t(f"說明：{s.name_note}", f"Note: {d.q(s.name_note)}"))
        d.add(d.t(f"職類別：{s.category.name}（{s.category.code}）；職業別：{s.occupation.name}（{s.occupation.code}）；"
                  f"行業別：{s.industry.name}（{s.industry.code}）",
                  f"Category {d.q(s.category.name)} ({s.category.code}); occupation {d.q(s.occupation.name)} "
                  f"({s.occupation.code}); industry {d.q(s.industry.name)} ({s.industry.code})"))
        d.heading(d.t("主要職責", "Main duties (主要職責)"))
        for duty in s.duties:
            tasks = "、".join(f"{t.code} {t.name}" for t in duty.tasks)
            d.add(f"- {duty.code} {d.q(duty.name)}{d.cite(s.qualify(duty.code))}：{tasks}")
        d.add(d.t(f"另有知識 {len(s.knowledge)} 項、技能 {len(s.skills)} 項、態度 {len(s.attitudes)} 項。",
                  f"It also lists {len(s.knowledge)} knowledge, {len(s.skills)} skill and {len(s.attitudes)} attitude items."))
        if s.versions:
            current = next((v for v in s.versions if v.code == s.code), None)
            if current:
                d.add(d.t(f"版本：{current.version}（{current.status}，{current.date}）；共 {len(s.versions)} 個版本。",
                          f"Version {current.version} ({d.q(current.status)}, {current.date}); {len(s.versions)} versions in all."))

    def _task_lines(self, d: Draft, s: Standard, task, full: bool) -> None:
        d.add(f"- {task.code} {d.q(task.name)}" + d.t(f"（職能級別 {task.level}）", f" (level {task.level})")
              + d.cite(s.qualify(task.code)))
        if full:
            for indicator in task.indicators:
                d.add(f"  - {indicator.code} {d.q(indicator.text)}{d.cite(s.qualify(indicator.code))}")
            for output in task.outputs:
                d.add(f"  - {d.t('工作產出', 'Output')} {output.code} {d.q(output.text)}{d.cite(s.qualify(output.code))}")

    def _standard_item(self, d: Draft, s: Standard, item: str) -> bool:
        for duty in s.duties:
            if duty.code == item:
                d.add(d.t(f"{s.qualify(item)} 是{d.q(s.name)}的主要職責「{duty.name}」{d.cite(s.qualify(item))}，含工作任務：",
                          f"{s.qualify(item)} is the main duty {d.q(duty.name)} of {d.q(s.name)}{d.cite(s.qualify(item))}, with tasks:"))
                for task in duty.tasks:
                    self._task_lines(d, s, task, full=False)
                return True
            for task in duty.tasks:
                if task.code == item:
                    self._task_detail(d, s, duty, task)
                    return True
                for indicator in task.indicators + task.outputs:
                    if indicator.code == item:
                        kind = d.t("行為指標", "behaviour indicator") if item.startswith("P") else d.t("工作產出", "work output")
                        d.add(d.t(f"{s.qualify(item)} 是{d.q(s.name)}工作任務 {task.code} {task.name} 的{kind}：",
                                  f"{s.qualify(item)} is a {kind} of task {task.code} {d.q(task.name)} in {d.q(s.name)}:"))
                        d.add(f"- {indicator.code} {d.q(indicator.text)}{d.cite(s.qualify(item))}")
                        d.add("")
                        self._task_detail(d, s, duty, task)
                        return True
        letter = item[:1]
        pool = {"K": s.knowledge, "S": s.skills, "A": s.attitudes}.get(letter, ())
        found = next((i for i in pool if i.code == item), None)
        if found is None:
            return False
        kind = {"K": d.t("知識", "knowledge"), "S": d.t("技能", "skill"), "A": d.t("態度", "attitude")}[letter]
        text = d.q(found.text) + (f"：{d.q(found.definition)}" if found.definition else "")
        d.add(d.t(f"{s.qualify(item)} 是{d.q(s.name)}的{kind}項目：{text}{d.cite(s.qualify(item))}",
                  f"{s.qualify(item)} is a {kind} item of {d.q(s.name)}: {text}{d.cite(s.qualify(item))}"))
        if found.other_texts:
            d.add(d.t(f"注意：原文中同一代碼另載為「{'、'.join(found.other_texts)}」（原始資料之誤植，照錄）。",
                      f"Note: the source also prints this code as {'、'.join(map(d.q, found.other_texts))} "
                      "(a typo in the source, kept as printed)."))
        users = [t for t in s.tasks if item in (t.knowledge_codes + t.skill_codes)]
        if users:
            d.add(d.t("列於工作任務：", "Listed on tasks: ") + "、".join(
                f"{t.code} {t.name}{d.cite(s.qualify(t.code))}" for t in users))
        return True

    def _task_detail(self, d: Draft, s: Standard, duty, task) -> None:
        d.add(d.t(f"{d.q(s.name)}{d.cite(s.code)}的工作任務 {task.code}「{task.name}」{d.cite(s.qualify(task.code))}"
                  f"屬於主要職責 {duty.code} {duty.name}，職能級別 {task.level}。",
                  f"Task {task.code} {d.q(task.name)}{d.cite(s.qualify(task.code))} of {d.q(s.name)}{d.cite(s.code)} "
                  f"belongs to duty {duty.code} {d.q(duty.name)}, at competency level {task.level}."))
        d.heading(d.t("行為指標", "Behaviour indicators (行為指標)"))
        for indicator in task.indicators:
            d.add(f"- {indicator.code} {d.q(indicator.text)}{d.cite(s.qualify(indicator.code))}")
        if task.outputs:
            d.heading(d.t("工作產出", "Work outputs (工作產出)"))
            for output in task.outputs:
                d.add(f"- {output.code} {d.q(output.text)}{d.cite(s.qualify(output.code))}")
        if task.knowledge:
            d.heading(d.t("知識", "Knowledge (知識)"))
            d.add("；".join(f"{k.code} {d.q(k.text)}{d.cite(s.qualify(k.code))}" for k in task.knowledge))
        if task.skills:
            d.heading(d.t("技能", "Skills (技能)"))
            d.add("；".join(f"{k.code} {d.q(k.text)}{d.cite(s.qualify(k.code))}" for k in task.skills))

    def _competency_list(self, d: Draft, s: Standard, intent: str) -> None:
        items, zh, en = {
            "knowledge": (s.knowledge, "知識（K）", "knowledge items (知識, K)"),
            "skills": (s.skills, "技能（S）", "skills (技能, S)"),
            "attitudes": (s.attitudes, "態度（A）", "attitudes (態度, A)"),
        }[intent]
        d.add(d.t(f"{d.q(s.name)}{d.cite(s.code)}列出 {len(items)} 項{zh}：",
                  f"{d.q(s.name)}{d.cite(s.code)} lists {len(items)} {en}:"))
        for item in items:
            text = d.q(item.text) + (f"：{d.q(item.definition)}" if item.definition else "")
            d.add(f"- {item.code} {text}{d.cite(s.qualify(item.code))}")
        if any(i.other_texts for i in items):
            d.add(d.t("註：原文中部分代碼在不同任務列有不同名稱（原始資料之誤植，照錄第一個名稱）。",
                      "Note: the source prints some codes with two names on different tasks; the first is shown."))

    # TW unit ................................................................................

    def _unit(self, d: Draft, u: CompetencyUnit, intent: str) -> None:
        name = d.q(u.name)
        d.add(d.t(f"{name}（{u.code}）是台灣 iCAP 職能單元，職能單元級別 {u.level}，領域類別：{u.domain}{d.cite(u.code)}。",
                  f"{name} ({u.code}) is a Taiwan iCAP competency unit (職能單元) at level {u.level}, domain "
                  f"{d.q(u.domain)}{d.cite(u.code)}."))
        if intent == "assessment":
            a = u.assessment
            for zh, en, items in (("評量證據", "Evidence", a.evidence), ("評量情境與資源", "Context and resources", a.context),
                                  ("評量方法", "Methods", a.methods)):
                d.heading(d.t(zh, f"{en} ({zh})"))
                for i, text in enumerate(items, 1):
                    d.add(f"{i}. {d.q(text)}{d.cite(u.code)}")
            return
        if intent in ("knowledge", "skills"):
            items = u.knowledge if intent == "knowledge" else u.skills
            label = d.t("知識（K）", "Knowledge (知識)") if intent == "knowledge" else d.t("技能（S）", "Skills (技能)")
            d.heading(label)
            for i, text in enumerate(items, 1):
                d.add(f"{i}. {d.q(text)}{d.cite(u.code)}")
            return
        if intent == "definitions":
            d.heading(d.t("說明與補充事項", "Notes (說明與補充事項)"))
            for definition in u.definitions:
                d.add(f"- 【註{definition.mark}】{d.q(definition.term)}：{d.q(definition.text)}{d.cite(u.code)}")
            return
        d.heading(d.t("工作任務與行為指標", "Tasks and behaviour indicators (工作任務與行為指標)"))
        for group in u.task_groups:
            d.add(f"{group.number}. {d.q(group.name)}{d.cite(u.code)}")
            for text in group.indicators:
                d.add(f"   - {d.q(text)}")
        if intent not in ("tasks", "indicators"):
            d.heading(d.t("職能內涵", "Competencies (職能內涵)"))
            d.add(d.t("知識：", "Knowledge: ") + "；".join(map(d.q, u.knowledge)) + d.cite(u.code))
            d.add(d.t("技能：", "Skills: ") + "；".join(map(d.q, u.skills)) + d.cite(u.code))
            d.add(d.t(f"評量設計：評量證據 {len(u.assessment.evidence)} 項、情境與資源 {len(u.assessment.context)} 項、"
                      f"評量方法 {len(u.assessment.methods)} 項。",
                      f"Assessment design: {len(u.assessment.evidence)} evidence items, {len(u.assessment.context)} context "
                      f"items, {len(u.assessment.methods)} methods."))

    # HK role and unit .......................................................................

    def _role(self, d: Draft, role: HKRole, intent: str) -> None:
        q = role.qualification
        name = d.q(role.title)
        rank = d.t(role.rank, english_name(role.rank))
        path = self.corpus.path_of(role.id)
        d.add(d.t(f"{name}是「{path.title}」中的{role.rank}級崗位（工作崗位：{role.post}），"
                  f"對應資歷級別第 {q.qf_level} 級、{q.credits} 學分{d.cite(role.id)}。",
                  f"{name} ({role.id}) is the {rank} rung (工作崗位 {d.q(role.post)}) of the Hong Kong QF career path, "
                  f"with a qualification at QF level {q.qf_level} and {q.credits} credits{d.cite(role.id)}."))
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
            self._courses(d, role)
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

    def _courses(self, d: Draft, role: HKRole, provider: str = "") -> None:
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

    def _all_courses(self, d: Draft, request: Request) -> list[str]:
        """Courses of every role, narrowed to a provider when the question names one."""
        question = normalise(request.question)
        providers = {c.provider for r in self.corpus.roles for c in r.courses}
        named = sorted((p for p in providers if p.lower() in question or p.split("（")[0].lower() in question),
                       key=len)
        stems = {p.split("（")[0] for p in named}
        provider = min(stems, key=len) if stems else ""
        roles = [r for r in sorted(self.corpus.roles, key=lambda r: r.rank_order)
                 if not provider or any(provider in c.provider for c in r.courses)]
        if provider:
            d.add(d.t(f"{provider}在各崗位的課程例子：", f"Courses by {d.q(provider)} listed for each role:"))
        for role in roles:
            self._courses(d, role, provider)
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

    def _hk_unit(self, d: Draft, unit: HKUnit) -> None:
        listing = [(r, ref) for r in self.corpus.roles for ref in r.units if ref.code == unit.code]
        d.add(d.t(f"能力單元 {unit.code}「{unit.title}」：資歷級別第 {unit.qf_level} 級，{unit.credits} 學分，"
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

    # --- several records ------------------------------------------------------------

    def _ladder(self, d: Draft, request: Request | None, entities: list[str]) -> list[str]:
        role = next((self.corpus.role(e) for e in entities if self.corpus.role(e)), None)
        standards = [self.corpus.owner(e.split("/")[0]) for e in entities]
        standards = [s for s in standards if isinstance(s, Standard)]
        named = role.id if role else next((e for e in entities if matching.career_path(self.corpus, e)), None)
        # the path asked about, else every path: which one is meant is never a list position
        ladders = [matching.ladder(self.corpus, named)] if named else list(matching.ladders(self.corpus).values())
        focus: list[str] = []
        for rungs in ladders if (role or not standards) else ():
            if not rungs:
                continue
            path = self.corpus.path_of(rungs[0].id)
            if focus:
                d.add("")
            d.add(d.t(f"「{path.title}」（由低至高）：",
                      f"The Hong Kong QF career ladder for {d.q(path.name)}, from the bottom rung up:"))
            for n, rung in enumerate(rungs, 1):
                q = rung.qualification
                here = d.t("　← 目前詢問的崗位", "  ← the role asked about") if role and rung.id == role.id else ""
                d.add(f"{n}. {d.q(rung.title)}" + d.t(f"（{rung.rank}）：資歷級別第 {q.qf_level} 級，{q.credits} 學分",
                                                      f" ({english_name(rung.rank)}): QF level {q.qf_level}, "
                                                      f"{q.credits} credits") + d.cite(rung.id) + here)
            focus += [rung.id for rung in rungs]
            if role:
                index = [r.id for r in rungs].index(role.id)
                if index + 1 < len(rungs):
                    upper = rungs[index + 1]
                    missing, _ = matching.unit_gap(role, upper)
                    d.add("")
                    d.add(d.t(f"往上一級是{upper.title}（資歷級別第 {upper.qualification.qf_level} 級）{d.cite(upper.id)}；"
                              f"它列出 {len(upper.units)} 個能力單元，其中 {len(missing)} 個不在{role.title}的單元之中。",
                              f"The next rung up is {d.q(upper.title)} (QF level {upper.qualification.qf_level})"
                              f"{d.cite(upper.id)}; it lists {len(upper.units)} units, {len(missing)} of which "
                              f"{d.q(role.title)} does not list."))
                if index > 0:
                    lower = rungs[index - 1]
                    d.add(d.t(f"往下一級是{lower.title}（資歷級別第 {lower.qualification.qf_level} 級）{d.cite(lower.id)}。",
                              f"The rung below is {d.q(lower.title)} (QF level {lower.qualification.qf_level})"
                              f"{d.cite(lower.id)}."))
                d.add(d.t("教育途徑：", "Education progression: ") + " ".join(
                    map(d.q, role.qualification.education_progression[:1])) + d.cite(role.id))
        tw = sorted(self.corpus.standards, key=lambda s: (s.level or 0, s.code))
        if standards or not focus:
            if d.lines:
                d.add("")
            d.add(d.t("台灣職能基準依基準級別排列（級別愈高，工作愈複雜、自主性愈高）：",
                      "Taiwan competency standards by level (higher is more complex and autonomous):"))
            for s in tw:
                here = d.t("　← 目前詢問的職業", "  ← the occupation asked about") if s in standards else ""
                d.add(f"- {d.t('級別', 'Level')} {s.level}：{d.q(s.name)}{d.cite(s.code)}{here}")
            d.add(d.t("註：職能基準級別與資歷架構（QF）級別是不同的量尺，不能直接等同。",
                      "Note: Taiwan standard levels and Hong Kong QF levels are different scales and are not equivalent."))
            focus += [s.code for s in standards]
        return focus

    def _gap(self, d: Draft, request: Request, entities: list[str]) -> list[str]:
        documents = self._documents(entities)
        if len(documents) == 1:
            role = self.corpus.role(documents[0])
            if role:  # the gap from the rung below
                rungs = matching.ladder(self.corpus, role.id)
                index = [r.id for r in rungs].index(role.id)
                if index > 0:
                    documents = [rungs[index - 1].id, role.id]
        if len(documents) < 2:
            return self._single(d, "entry", documents[0] if documents else None)
        current, target = documents[0], documents[1]
        current_role, target_role = self.corpus.role(current), self.corpus.role(target)
        if current_role and target_role:
            if target_role.rank_order < current_role.rank_order:
                current_role, target_role = target_role, current_role
            self._unit_gap(d, current_role, target_role)
            return [current_role.id, target_role.id]
        self._content_gap(d, current, target)
        return [current, target]

    def _unit_gap(self, d: Draft, current: HKRole, target: HKRole) -> None:
        missing, shared = matching.unit_gap(current, target)
        credits = sum(self.corpus.hk_unit(c).credits for c in missing)
        d.add(d.t(f"由{current.title}{d.cite(current.id)}（資歷級別第 {current.qualification.qf_level} 級）到"
                  f"{target.title}{d.cite(target.id)}（資歷級別第 {target.qualification.qf_level} 級），"
                  f"需要補足 {len(missing)} 個能力單元，共 {credits} 學分；兩者共有 {len(shared)} 個單元。",
                  f"From {d.q(current.title)}{d.cite(current.id)} (QF level {current.qualification.qf_level}) to "
                  f"{d.q(target.title)}{d.cite(target.id)} (QF level {target.qualification.qf_level}) there are "
                  f"{len(missing)} units to gain, {credits} credits in all; the two roles share {len(shared)} units."))
        for core, zh, en in ((True, "核心", "Core"), (False, "職能", "Functional")):
            codes = [c for c in missing if next(r for r in target.units if r.code == c).core == core]
            if not codes:
                continue
            d.heading(d.t(f"要補足的{zh}能力單元（{len(codes)} 個）", f"{en} units to gain ({len(codes)})"))
            for code in codes[:MAX_LIST]:
                unit = self.corpus.hk_unit(code)
                d.add(f"- {code} {d.q(unit.title)}" + d.t(f"（第 {unit.qf_level} 級，{unit.credits} 學分）",
                                                         f" (QF level {unit.qf_level}, {unit.credits} credits)") + d.cite(code))
        q = target.qualification
        d.heading(d.t("目標崗位的資歷", "The target role's qualification"))
        d.add(d.t(f"{q.title}：資歷架構第 {q.qf_level} 級，{q.credits} 學分；錄取要求：",
                  f"{d.q(q.title)}: QF level {q.qf_level}, {q.credits} credits; entry: ")
              + d.t(" 或 ", " or ").join(map(d.q, q.entry_requirements)) + d.cite(target.id))
        if target.courses:
            d.add(d.t("可考慮的課程例子：", "Example courses: ") + "；".join(
                f"{d.q(c.programme)}（{d.q(c.provider)}）" for c in target.courses[:3]) + d.cite(target.id))

    def _content_gap(self, d: Draft, current: str, target: str) -> None:
        left, right = matching.items_of(self.corpus, current), matching.items_of(self.corpus, target)
        names = {code: self._display(code) for code in (current, target)}
        cover = matching.coverage(left, right, self.embed)
        d.add(d.t(f"由{names[current]}{d.cite(current)}轉到{names[target]}{d.cite(target)}：兩者的代碼各自獨立，"
                  f"以下依內容比對（相關內容，非官方對應）。{names[target]}的 {len(right)} 項任務與知識技能中，"
                  f"{len(cover.covered)} 項與現職內容相關，{len(cover.new)} 項是新的。",
                  f"From {names[current]}{d.cite(current)} to {names[target]}{d.cite(target)}: their codes are local to "
                  f"each record, so they are matched by content (related, not an official equivalence). Of the target's "
                  f"{len(right)} tasks, knowledge and skill items, {len(cover.covered)} relate to the current one and "
                  f"{len(cover.new)} are new."))
        d.heading(d.t("已有相關基礎", "Already covered (related content)"))
        for pair in cover.covered[:12]:
            d.add(f"- {d.q(pair.left.label)}{d.cite(pair.left.code)} ↔ {d.q(pair.right.label)}{d.cite(pair.right.code)}")
        d.heading(d.t("需要新學的項目", "New to learn"))
        for item in cover.new[:MAX_LIST]:
            d.add(f"- {d.q(item.label)}{d.cite(item.code)}")

    def _compare(self, d: Draft, documents: list[str], result: SearchResult) -> list[str]:
        if len(documents) == 1:
            return self._compare_with_hits(d, documents[0], result)
        left_code, right_code = documents
        rows = [self._profile(d, code) for code in documents]
        d.add(d.t(f"{rows[0]['name']} 與 {rows[1]['name']} 的比較（依各自的官方文件；相關內容僅供參考，非官方對應）：",
                  f"{rows[0]['name']} compared with {rows[1]['name']}, each from its own official document "
                  "(related content is indicative, not an official equivalence):"))
        d.add("")
        d.add(d.t("| 項目 | ", "| | ") + f"{rows[0]['name']} | {rows[1]['name']} |")
        d.add("|---|---|---|")
        for key, zh, en in (("framework", "架構", "Framework"), ("level", "級別", "Level"), ("size", "內容", "Contents")):
            d.add(f"| {d.t(zh, en)} | {rows[0][key]} | {rows[1][key]} |")
        d.add(d.t("| 代碼 | ", "| Code | ") + f"{left_code}{d.cite(left_code)} | {right_code}{d.cite(right_code)} |")
        if rows[0]["framework"] != rows[1]["framework"]:
            d.add(d.t("註：職能基準級別與資歷架構（QF）級別是不同的量尺。",
                      "Note: Taiwan standard levels and Hong Kong QF levels are different scales."))
        pairs = matching.related_pairs(matching.items_of(self.corpus, left_code),
                                       matching.items_of(self.corpus, right_code), self.embed, threshold=0.3)
        d.heading(d.t("相關內容（依內容比對）", "Related content (matched by content)"))
        if not pairs:
            d.add(d.t("兩者沒有明顯相關的項目。", "No clearly related items were found."))
        for pair in pairs[:8]:
            d.add(f"- {d.q(pair.left.label)}{d.cite(pair.left.code)} ↔ {d.q(pair.right.label)}{d.cite(pair.right.code)}")
        return documents

    def _compare_with_hits(self, d: Draft, code: str, result: SearchResult) -> list[str]:
        """One named record against what the question found in the other framework
        ("a TW unit and the QF units on succession planning")."""
        record = self.corpus.owner(code)
        framework = "HK" if isinstance(record, HKRole) else "TW"
        others = [h.chunk.code for h in result.hits if h.chunk.framework != framework and h.chunk.section == "hk_unit"]
        if not others:
            return self._single(d, "overview", code)
        left = matching.items_of(self.corpus, code)
        right = [matching.hk_unit_item(self.corpus, c) for c in others]
        d.add(d.t(f"{self._display(code)}{d.cite(code)}與資歷架構中相關的能力單元（依內容比對，非官方對應）：",
                  f"{self._display(code)}{d.cite(code)} and related Hong Kong QF units (matched by content, "
                  "not an official equivalence):"))
        for other in others:
            unit = self.corpus.hk_unit(other)
            d.add(f"- {other} {d.q(unit.title)}" + d.t(f"（第 {unit.qf_level} 級，{unit.credits} 學分；{unit.function_area}）",
                                                      f" (QF level {unit.qf_level}, {unit.credits} credits)") + d.cite(other))
        pairs = matching.related_pairs(left, right, self.embed, threshold=0.3)
        if pairs:
            d.heading(d.t("相關內容", "Related content"))
            for pair in pairs[:8]:
                d.add(f"- {d.q(pair.left.label)}{d.cite(pair.left.code)} ↔ {d.q(pair.right.label)}{d.cite(pair.right.code)}")
        return [code, *others]

    def _display(self, code: str) -> str:
        record = self.corpus.owner(code)
        return f"「{getattr(record, 'name', None) or getattr(record, 'title', code)}」"

    def _profile(self, d: Draft, code: str) -> dict[str, str]:
        """One column of a comparison: the same profile the app's compare view shows."""
        p = explore.profile(self.corpus, code, explore.EN if d.en else explore.ZH)
        return {"name": d.q(p["name"]), "framework": p["framework_label"], "level": p["level_label"],
                "size": p["contents"]}
