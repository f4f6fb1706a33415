"""The matching gold and its scorer: the gold judges every target item, the metrics count pairs."""

from __future__ import annotations

import json

import pytest

from evals.matching.score import GoldItem, GoldMove, Predicted, load_gold, overall, score_move, score_sets
from retrieval import moves


def test_the_gold_judges_every_item_of_each_target_with_items_of_the_current_record(corpus):
    gold = load_gold()
    assert len(gold) >= 6
    kinds = {(moves.record(corpus, g.from_).framework, moves.record(corpus, g.to).framework) for g in gold}
    assert {("TW", "HK"), ("HK", "TW"), ("HK", "HK"), ("TW", "TW")} <= kinds
    assert any(moves.record(corpus, g.to).kind == "unit" for g in gold)
    for g in gold:
        target, current = moves.record(corpus, g.to), moves.record(corpus, g.from_)
        assert [i.target for i in g.items] == [i.key for i in target.items], g.id
        keys = {i.key for i in current.items}
        assert all(set(i.covered_by) <= keys for i in g.items), g.id


def test_pairs_are_scored_against_the_gold():
    gold = GoldMove("m", "A", "B", (GoldItem("t1", "same", ("c1",)), GoldItem("t2", "partial", ("c2", "c3")),
                                     GoldItem("t3", "none", ())))
    row = score_move(gold, [Predicted("t1", "same", ("c1",)), Predicted("t2", "partial", ("c2",)),
                            Predicted("t3", "partial", ("c9",))])
    assert (row["pairs"], row["correct_pairs"], row["gold_pairs"]) == (3, 2, 3)
    assert row["precision"] == round(2 / 3, 3) and row["recall"] == round(2 / 3, 3) and row["same_precision"] == 1.0
    assert row["wrong"] == [("t3", "c9")] and row["missed"] == [("t2", "c3")]
    assert overall([row])["precision"] == row["precision"]


def test_each_set_of_moves_is_scored_on_its_own_line():
    def gold(name, set_):
        return GoldMove(name, "A", "B", (GoldItem("t1", "partial", ("c1",)),), set_)

    moves_ = (gold("m1", "original"), gold("m2", "new2"), gold("m3", "new2"))
    rows = score_sets(moves_, [[Predicted("t1", "partial", ("c1",))], [Predicted("t1", "none", ())],
                               [Predicted("t1", "partial", ("c2",))]])
    by_id = {r["id"]: r for r in rows}
    assert [r["id"] for r in rows][3:] == ["overall (original)", "overall (new2)", "overall"]
    assert by_id["overall (original)"]["recall"] == 1.0
    assert (by_id["overall (new2)"]["recall"], by_id["overall (new2)"]["precision"]) == (0.0, 0.0)
    assert by_id["overall"]["gold_pairs"] == 3 and by_id["overall"]["correct_pairs"] == 1
    assert any(g.set == "new2" for g in load_gold())  # the gold holds moves judged after the tuning


def test_a_bad_gold_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    item = {"target": "t", "strength": "same", "covered_by": []}
    path.write_text(json.dumps({"id": "m", "from": "A", "to": "B", "items": [item]}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="gold.jsonl:1"):
        load_gold(path)
