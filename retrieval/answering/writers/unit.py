"""The writer of a Taiwan competency unit's sections: its tasks and behaviour indicators,
knowledge and skills, assessment design or notes."""

from __future__ import annotations

from corpus.records import CompetencyUnit

from .base import Draft


class UnitWriter:
    """Writes the section of a competency unit the request asks for (`intent`)."""

    def write(self, d: Draft, u: CompetencyUnit, intent: str) -> None:
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
