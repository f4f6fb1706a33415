"""The writer of career ladders: the HK QF rungs of the path asked about (or of every path), the
rungs next to the role asked about, and the Taiwan standards by level."""

from __future__ import annotations

from corpus.load import Corpus
from corpus.records import Standard

from ... import matching
from ...lexical import english_name
from .base import Draft


class LadderWriter:
    """Writes the ladders the entities point to; returns the records the answer is about."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def write(self, d: Draft, entities: list[str]) -> list[str]:
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
                core, functional = len(rung.core_units), len(rung.functional_units)
                d.add(f"{n}. {d.q(rung.title)}" + d.t(f"（{rung.rank}）：資歷架構第 {q.qf_level} 級，{q.credits} 學分，"
                                                      f"{core + functional} 個能力單元（核心 {core}、職能 {functional}）",
                                                      f" ({english_name(rung.rank)}): QF level {q.qf_level}, "
                                                      f"{q.credits} credits, {core + functional} units ({core} core, "
                                                      f"{functional} functional)") + d.cite(rung.id) + here)
            focus += [rung.id for rung in rungs]
            if role:
                index = [r.id for r in rungs].index(role.id)
                if index + 1 < len(rungs):
                    upper = rungs[index + 1]
                    missing, _ = matching.unit_gap(role, upper)
                    d.add("")
                    d.add(d.t(f"往上一級是{upper.title}（資歷架構第 {upper.qualification.qf_level} 級）{d.cite(upper.id)}；"
                              f"它列出 {len(upper.units)} 個能力單元，其中 {len(missing)} 個不在{role.title}的單元之中。",
                              f"The next rung up is {d.q(upper.title)} (QF level {upper.qualification.qf_level})"
                              f"{d.cite(upper.id)}; it lists {len(upper.units)} units, {len(missing)} of which "
                              f"{d.q(role.title)} does not list."))
                if index > 0:
                    lower = rungs[index - 1]
                    d.add(d.t(f"往下一級是{lower.title}（資歷架構第 {lower.qualification.qf_level} 級）{d.cite(lower.id)}。",
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
