import pytest

from corpus.ranks import RANKS_PATH, ladder_order, load_ranks, parse_ranks, rank_of


def test_rank_words_come_from_the_vocabulary_file():
    words = load_ranks()
    assert RANKS_PATH.name == "ranks.tsv" and RANKS_PATH.parent.name == "vocabulary"
    # every rank named in the file, in Chinese and in English, resolves to itself
    for rank in words.ranks:
        assert words.canonical(rank.name) == rank.name
        assert all(words.canonical(w) == rank.name for w in rank.words + rank.english)
        assert all(words.canonical(w.upper()) == rank.name for w in rank.english)
    assert words.canonical("no such rank") is None


def test_a_title_is_read_by_its_longest_known_ending():
    words = parse_ranks("甲\t員|專員\tclerk\n乙\t高級專員\tsenior\n")
    assert words.ending("學習發展高級專員") == "乙" and words.ending("學習發展專員") == "甲"
    assert rank_of("學習發展高級專員", "", words) == "乙"
    # no known ending: the 工作崗位 names the rank, or is the rank as printed
    assert rank_of("學習發展顧問", "專員", words) == "甲"
    assert rank_of("學習發展顧問", "顧問", words) == "顧問"
    assert words.english("甲") == "clerk" and words.english("顧問") == ""


def test_a_bad_line_names_the_file_and_line(tmp_path):
    with pytest.raises(ValueError, match=r"ranks.tsv:2: expected 3 tab-separated cells"):
        parse_ranks("# comment\n助理\tassistant\n", "ranks.tsv")


@pytest.mark.parametrize("levels, rungs", [
    ([6, 5, 4, 3], [4, 3, 2, 1]),  # listed top-down
    ([3, 4, 5], [1, 2, 3]),  # bottom-up
    ([4, 6, 5], [1, 3, 2]),  # in no order: the QF levels decide
    ([5, 5, 4], [3, 2, 1]),  # a tie in a top-down list: the first listed is higher
    ([4, 5, 5], [1, 2, 3]),  # a tie in a bottom-up list: the last listed is higher
    ([None, None], [1, 2]),  # no levels: the document's order
])
def test_rungs_come_from_qf_levels_then_document_order(levels, rungs):
    assert ladder_order(levels) == rungs
