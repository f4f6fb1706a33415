"""The writer of comparisons: two records side by side with their related content, or one named
record against the other framework's units the question found."""

from __future__ import annotations

from corpus.load import Corpus
from corpus.records import HKRole

from ... import explore, matching
from ...search import SearchResult
from .base import Draft, display_name, pair_line


class CompareWriter:
    """Writes a comparison; returns the records the answer is about."""

    def __init__(self, corpus: Corpus, embed: matching.Embed | None = None) -> None:
        self.corpus = corpus
        self.embed = embed

    def write(self, d: Draft, documents: list[str], result: SearchResult) -> list[str] | None:
        """`documents`: one or two comparable records. None when one record has nothing to be compared
        with among the hits."""
        if len(documents) == 1:
            return self._with_hits(d, documents[0], result)
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
            d.add(pair_line(d, pair))
        return documents

    def _with_hits(self, d: Draft, code: str, result: SearchResult) -> list[str] | None:
        """One named record against what the question found in the other framework
        ("a TW unit and the QF units on succession planning")."""
        record = self.corpus.owner(code)
        framework = "HK" if isinstance(record, HKRole) else "TW"
        others = [h.chunk.code for h in result.hits if h.chunk.framework != framework and h.chunk.section == "hk_unit"]
        if not others:
            return None
        left = matching.items_of(self.corpus, code)
        right = [matching.hk_unit_item(self.corpus, c) for c in others]
        d.add(d.t(f"{display_name(self.corpus, code)}{d.cite(code)}與資歷架構中相關的能力單元（依內容比對，非官方對應）：",
                  f"{display_name(self.corpus, code)}{d.cite(code)} and related Hong Kong QF units (matched by content, "
                  "not an official equivalence):"))
        for other in others:
            unit = self.corpus.hk_unit(other)
            d.add(f"- {other} {d.q(unit.title)}" + d.t(f"（第 {unit.qf_level} 級，{unit.credits} 學分；{unit.function_area}）",
                                                      f" (QF level {unit.qf_level}, {unit.credits} credits)") + d.cite(other))
        pairs = matching.related_pairs(left, right, self.embed, threshold=0.3)
        if pairs:
            d.heading(d.t("相關內容", "Related content"))
            for pair in pairs[:8]:
                d.add(pair_line(d, pair))
        return [code, *others]

    def _profile(self, d: Draft, code: str) -> dict[str, str]:
        """One column of a comparison: the same profile the app's compare view shows."""
        p = explore.profile(self.corpus, code, explore.EN if d.en else explore.ZH)
        return {"name": d.q(p["name"]), "framework": p["framework_label"], "level": p["level_label"],
                "size": p["contents"]}
