"""The synthetic corpus generator (evals/synthetic.py) writes documents the real parsers read as planned."""

import re

import pytest

from corpus.load import detect_kind, load_corpus
from evals import synthetic
from retrieval.chunks import build_chunks

from .conftest import SEEDS_DIR


@pytest.fixture(scope="module")
def generated(tmp_path_factory, corpus):
    folder = tmp_path_factory.mktemp("synthetic")
    plans = synthetic.generate(folder, standards=15, career_paths=4, seed=7, seeds=corpus)
    return folder, plans


def test_every_generated_file_parses_with_the_planned_counts(generated):
    folder, plans = generated
    corpus = load_corpus(folder)
    assert corpus.problems == ()
    assert len(corpus.documents) == len(plans) == 19
    assert synthetic.verify(folder, corpus) == []
    assert all(not d.warnings for d in corpus.documents)


def test_chunk_count_is_as_planned(generated):
    folder, plans = generated
    chunks = build_chunks(load_corpus(folder))
    assert len(chunks) == sum(p.chunks for p in plans)
    assert len({c.id for c in chunks}) == len(chunks)
    for plan in plans:
        if plan.kind == "tw_standard":
            assert plan.chunks == synthetic.TW_FIXED_CHUNKS + plan.counts["tasks"]
        else:
            assert plan.chunks == 1 + 6 * plan.counts["roles"] + plan.counts["distinct_units"]


def test_the_formats_are_the_seeds_formats(generated):
    folder, plans = generated
    texts = {p.file: (folder / p.file).read_text(encoding="utf-8") for p in plans}
    assert {detect_kind(t) for t in texts.values()} == {"tw_standard", "hk_career_path"}
    tw = [t for f, t in texts.items() if f.startswith("syn_tw")]
    hk = [t for f, t in texts.items() if f.startswith("syn_hk")]
    # page breaks repeat the table header; rows are tab-separated; notes are marked 【註N】
    assert all(t.count("職能內涵 (K=knowledge 知識)") >= 1 for t in tw)
    assert any(t.count("職能內涵 (K=knowledge 知識)") >= 2 for t in tw)
    assert all("【註" in t and "\t" in t for t in tw)
    assert any("<sup>【註" in t for t in tw) and any("^{【註" in t for t in tw)
    assert all("<ul" in t and "<li>" in t and "的職業資歷說明" in t for t in hk)
    assert any(t.count("學習成果\t評核指引") > sum(1 for _ in re.finditer("的職業資歷說明", t)) for t in hk)


def test_codes_are_fresh_and_never_collide_with_the_seeds(generated, tmp_path):
    folder, plans = generated
    seeds = load_corpus(SEEDS_DIR)
    both = load_corpus(paths=sorted(SEEDS_DIR.iterdir()) + sorted(p for p in folder.iterdir() if p.suffix == ".txt"))
    assert both.problems == ()
    assert not (seeds.codes() & load_corpus(folder).codes())
    assert all(re.fullmatch(r"BS[A-Z]\d{4}-\d{3}v[12]", p.code) for p in plans if p.kind == "tw_standard")
    units = [u.code for d in load_corpus(folder).career_paths for u in d.units]
    assert units and all(re.fullmatch(r"2\d{5}L\d", u) for u in units)


def test_generation_is_deterministic_with_the_seed(generated, tmp_path, corpus):
    folder, plans = generated
    again = synthetic.generate(tmp_path / "again", standards=15, career_paths=4, seed=7, seeds=corpus)
    assert [(p.file, p.code, p.chunks) for p in again] == [(p.file, p.code, p.chunks) for p in plans]
    assert all((folder / p.file).read_bytes() == (tmp_path / "again" / p.file).read_bytes() for p in plans)
    other = synthetic.generate(tmp_path / "other", standards=15, career_paths=4, seed=8, seeds=corpus)
    assert [(p.name) for p in other] != [p.name for p in plans]


def test_vocabulary_is_varied(generated):
    folder, _ = generated
    corpus = load_corpus(folder)
    indicators = [i.text for s in corpus.standards for t in s.tasks for i in t.indicators]
    assert len(set(indicators)) > 0.8 * len(indicators)
    assert len({s.name for s in corpus.standards}) == len(corpus.standards)


@pytest.mark.parametrize("total", [9, 57, 830, 2000])
def test_a_chunk_total_is_met_exactly(total, tmp_path, corpus):
    tasks, shapes = synthetic.plan_for_chunks(total, seed=total)
    assert sum(synthetic.tw_chunks(t) for t in tasks) + sum(synthetic.hk_shape_chunks(s) for s in shapes) == total
    assert all(synthetic.TW_MIN_TASKS <= t <= synthetic.TW_MAX_TASKS for t in tasks)
    if total == 830:
        plans = synthetic.generate_chunks(tmp_path, total, seed=1, seeds=corpus)
        assert synthetic.verify(tmp_path) == []
        assert len(build_chunks(load_corpus(tmp_path))) == total
        assert any(p.kind == "hk_career_path" for p in plans)


def test_the_command_line_verifies(tmp_path, capsys):
    assert synthetic.main(["--out", str(tmp_path), "--standards", "3", "--career-paths", "1", "--verify",
                           "--seeds", str(SEEDS_DIR)]) == 0
    assert "verified" in capsys.readouterr().out
