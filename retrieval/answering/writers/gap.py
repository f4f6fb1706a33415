"""The writer of the gap between two records: the units an HK role lacks for a higher one, or
(between any other two) the target's items matched by content against the current one's."""

from __future__ import annotations

from corpus.load import Corpus
from corpus.records import HKRole

from ... import matching
from .base import MAX_LIST, Draft, display_name, pair_line


class GapWriter:
    """Writes what a move from one record to another asks."""

    def __init__(self, corpus: Corpus, embed: matching.Embed | None = None) -> None:
        self.corpus = corpus
        self.embed = embed

    def write(self, d: Draft, documents: list[str]) -> list[str] | None:
        """`documents`: the comparable records named, the current one first. One HK role alone is
        measured from the rung below it. None when there are not two records to measure between."""
        if len(documents) == 1:
            role = self.corpus.role(documents[0])
            if role:  # the gap from the rung below
                rungs = matching.ladder(self.corpus, role.id)
                index = [r.id for r in rungs].index(role.id)
                if index > 0:
                    documents = [rungs[index - 1].id, role.id]
        if len(documents) < 2:
            return None
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
        d.add(d.t(f"由{current.title}{d.cite(current.id)}（資歷架構第 {current.qualification.qf_level} 級）到"
                  f"{target.title}{d.cite(target.id)}（資歷架構第 {target.qualification.qf_level} 級），"
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
        names = {code: display_name(self.corpus, code) for code in (current, target)}
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
            d.add(pair_line(d, pair))
        d.heading(d.t("需要新學的項目", "New to learn"))
        for item in cover.new[:MAX_LIST]:
            d.add(f"- {d.q(item.label)}{d.cite(item.code)}")
