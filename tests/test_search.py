import pytest

from retrieval.search import Filters, reciprocal_rank_fusion


def test_rrf_rewards_agreement_and_is_order_stable():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a", "d"]])
    assert [i for i, _ in fused][:2] in (["a", "b"], ["b", "a"])
    assert dict(fused)["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert [i for i, _ in fused][2:] == ["c", "d"]
    assert reciprocal_rank_fusion([]) == []


def top_codes(result, n=5):
    return [hit.chunk.code for hit in result.hits[:n]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("怎麼做就業轉介", "BHR3333-004v2/T3.3"),
        ("就业转介怎么做", "BHR3333-004v2/T3.3"),
        ("誰負責編列年度預算", "BHR1212-001v2/T2.2"),
        ("How do I become a training manager? entry requirements", "BHR1212-002v3"),
        ("succession planning unit for managers", "106998L5"),
        ("職能學習地圖", "BHR1212-002v3/T1.2"),
        ("協調職涯發展的評量方法", "BHR5R0061v2"),
    ],
)
def test_descriptions_find_their_record_in_the_top_five(retriever, query, expected):
    assert expected in top_codes(retriever.search(query, k=5))


@pytest.mark.parametrize(
    "query, first",
    [
        ("106998L5", "106998L5"),
        ("BHR1212-002v3", "BHR1212-002v3"),
        ("訓練經理 T2.4 是什麼", "BHR1212-002v3/T2.4"),
        ("BHR3333-004", "BHR3333-004v2"),
        ("HK:人才管理主任", "HK:人才管理主任"),
    ],
)
def test_a_named_code_comes_first(retriever, query, first):
    result = retriever.search(query, k=5)
    assert result.hits[0].chunk.code == first and result.hits[0].pinned


def test_an_unknown_code_is_reported_not_matched(retriever):
    result = retriever.search("106999L9 是什麼單元", k=5)
    assert result.hits == () and result.codes.missing == ("106999L9",)


def test_filters_apply_to_fused_hits(retriever):
    hk = retriever.search("培訓課程", k=10, filters=Filters(framework="HK"))
    assert hk.hits and all(h.chunk.framework == "HK" for h in hk.hits)
    level = retriever.search("工作任務", k=10, filters=Filters(framework="TW", min_level=5, max_level=5))
    assert level.hits and all(h.chunk.level == 5 for h in level.hits)
    role = retriever.search("能力單元", k=10, filters=Filters(role="HK:人才管理助理"))
    assert role.hits and all("HK:人才管理助理" in h.chunk.roles for h in role.hits)


@pytest.mark.parametrize("mode", ["dense", "lexical"])
def test_single_modes_work(retriever, mode):
    result = retriever.search("就業轉介", k=5, mode=mode)
    assert "BHR3333-004v2/T3.3" in top_codes(result)
    assert set(result.timings_ms) >= {mode, "total"}
