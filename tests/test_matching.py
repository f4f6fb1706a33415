from retrieval.matching import coverage, items_of, ladder, related_pairs, similarity, unit_gap


def test_similarity_is_wording_overlap():
    assert similarity("績效管理", "績效管理") == 1.0
    assert similarity("績效管理", "天氣預報") == 0.0


def test_ladder_runs_from_assistant_to_director(corpus):
    assert [r.rank for r in ladder(corpus, "HK:人才管理經理")] == ["助理", "主任", "經理", "總監"]


def test_unit_gap_between_adjacent_rungs(corpus):
    missing, shared = unit_gap(corpus.role("HK:人才管理助理"), corpus.role("HK:人才管理主任"))
    assert shared == ["107091L4"] and len(missing) == 17
    missing, shared = unit_gap(corpus.role("HK:人才管理主任"), corpus.role("HK:人才管理經理"))
    assert shared == [] and len(missing) == 25


def test_items_carry_canonical_codes(corpus):
    codes = {i.code for i in items_of(corpus, "BHR1212-002v3")}
    assert {"BHR1212-002v3/T2.4", "BHR1212-002v3/K09", "BHR1212-002v3/S07", "BHR1212-002v3/A05"} <= codes
    assert {i.code for i in items_of(corpus, "HK:人才管理主任")} == set(corpus.role("HK:人才管理主任").unit_codes)
    assert {i.code for i in items_of(corpus, "BHR5R0061v2")} == {"BHR5R0061v2"}


def test_related_content_between_two_standards(corpus):
    pairs = related_pairs(items_of(corpus, "BHR1212-001v2"), items_of(corpus, "BHR1212-002v3"))
    best = {(p.left.code, p.right.code) for p in pairs[:3]}
    assert ("BHR1212-001v2/S21", "BHR1212-002v3/K06") in best  # 績效管理 in both
    cover = coverage(items_of(corpus, "BHR1212-001v2"), items_of(corpus, "BHR1212-002v3"))
    assert cover.covered and cover.new
    assert len(cover.covered) + len(cover.new) == len(items_of(corpus, "BHR1212-002v3"))
