"""evals/load.py: the sessions answer from the build the app serves, never from sources parsed again."""

from __future__ import annotations

import shutil

import pytest

from evals import load
from retrieval.factory import ingest
from retrieval.settings import Settings


@pytest.fixture
def settings(tmp_path, seeds_dir):
    sources = tmp_path / "sources"
    shutil.copytree(seeds_dir, sources)
    return Settings.from_env(data_dir=tmp_path / "data", sources_dir=sources)


def test_without_a_build_one_is_made_privately_and_the_run_says_so(settings, tmp_path, embedder, corpus, capsys):
    workdir = tmp_path / "work"
    workdir.mkdir()
    knowledge, _, cache, opened = load.open_knowledge(settings, workdir, embedder)
    cache.close()
    assert "no index built yet: run `python -m retrieval ingest`" in capsys.readouterr().err
    assert opened.startswith("private build")
    assert not settings.index_dir.exists()  # nothing written to the data folder
    assert {d.code for d in knowledge.corpus.documents} == {d.code for d in corpus.documents}
    assert knowledge.retriever.index.corpus is knowledge.corpus  # the records of the build it searches


def test_the_current_build_and_its_records_are_served(settings, tmp_path, embedder, corpus, capsys):
    ingest(settings, embedder)
    hk = next(p for p in settings.sources_dir.iterdir() if "職業資歷說明" in p.read_text(encoding="utf-8"))
    hk.unlink()  # from here on the HK records exist only in the build
    cache_before = settings.cache_path.read_bytes()
    workdir = tmp_path / "work"
    workdir.mkdir()
    knowledge, _, cache, opened = load.open_knowledge(settings, workdir, embedder)
    err = capsys.readouterr().err
    assert "no index built yet" not in err and "sources changed since the last build" in err
    assert opened.startswith("build ") and str(settings.index_dir) in opened
    assert {d.code for d in knowledge.corpus.documents} == {d.code for d in corpus.documents}
    client = load.InProcessClient(knowledge)
    scenario = next(s for s in load.SCENARIOS if knowledge.corpus.role(s.focus))
    assert load.check_answer(client.ask(scenario.turns[0]), scenario, 0, None) is None
    cache.close()
    assert settings.cache_path.read_bytes() == cache_before  # query vectors went to the private copy
