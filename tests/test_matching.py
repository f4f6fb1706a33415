import pytest

from retrieval.matching import career_path, coverage, items_of, ladder, ladders, related_pairs, similarity, unit_gap


@pytest.fixture(scope="module")
def three_paths(corpus, fixtures_dir):
    """The seeds plus two more HK career paths: one with two rungs, one whose rank titles are not in the vocabulary."""
    from corpus import Corpus, parse_file

    extra = tuple(parse_file(fixtures_dir / name) for name in ("hk_compensation.txt", "hk_learning_development.txt"))
    return Corpus(corpus.documents + extra)


def test_similarity_is_wording_overlap():
    assert similarity("績效管理", "績效管理") == 1.0
    assert similarity("績效管理", "天氣預報") == 0.0


def test_ladder_runs_from_assistant_to_director(corpus):
    assert [r.rank for r in ladder(corpus, "HK:人才管理經理")] == ["助理", "主任", "經理", "總監"]


def test_each_role_and_each_path_id_gives_its_own_ladder(three_paths):
    for path in three_paths.career_paths:
        expected = [r.id for r in path.ladder]
        assert [r.id for r in ladder(three_paths, path.id)] == expected
        for role in path.roles:
            assert [r.id for r in ladder(three_paths, role.id)] == expected
            assert career_path(three_paths, role.id) is path
    titles = [r.title for r in ladder(three_paths, "HK:學習發展顧問")]
    assert titles == ["學習發展專員", "學習發展顧問", "學習發展首席顧問"]  # QF levels 4, 5, 6; no rank word decides
    assert [r.title for r in ladder(three_paths, "HK:薪酬福利")] == ["薪酬福利主任", "薪酬福利經理"]
    assert ladders(three_paths) == {p.id: list(p.ladder) for p in three_paths.career_paths}
    assert ladder(three_paths, "BHR1212-002v3") == [] and ladder(three_paths, "HK:no such role") == []


def test_no_code_names_a_path_only_when_there_is_one(corpus, three_paths):
    assert ladder(corpus) == list(corpus.career_paths[0].ladder)
    assert ladder(three_paths) == [] and career_path(three_paths, None) is None  # which one is the caller's to say


def test_unit_gap_on_a_second_path(three_paths):
    consultant, chief = three_paths.role("HK:學習發展顧問"), three_paths.role("HK:學習發展首席顧問")
    missing, shared = unit_gap(consultant, chief)
    assert missing == ["109301L6", "109302L6", "109303L6"]
    assert shared == [c for c in chief.unit_codes if c in consultant.unit_codes] and shared


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


def test_the_next_rung_up_or_down_a_role_s_ladder(corpus):
    from retrieval import matching

    rungs = matching.ladder(corpus, corpus.career_paths[0].roles[0].id)
    assert matching.next_rung(corpus, rungs[0].id, 1) is rungs[1]
    assert matching.next_rung(corpus, rungs[1].id, -1) is rungs[0]
    assert matching.next_rung(corpus, rungs[-1].id, 1) is None and matching.next_rung(corpus, rungs[0].id, -1) is None
    assert matching.next_rung(corpus, corpus.standards[0].code, 1) is None  # a standard is no rung
