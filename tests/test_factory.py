import shutil

from retrieval.factory import LiveKnowledge, build_knowledge, index_status, ingest
from retrieval.settings import Settings

from .conftest import SEEDS_DIR


def test_knowledge_is_opened_from_the_build_and_follows_a_swap(tmp_path, embedder, cache_path, fixtures_dir,
                                                                monkeypatch):
    sources = tmp_path / "sources"
    shutil.copytree(SEEDS_DIR, sources)
    settings = Settings(data_dir=tmp_path / "data", sources_dir=sources, embedding_cache=cache_path)
    ingest(settings, embedder)

    def parse(*args, **kwargs):
        raise AssertionError("a source was parsed at start")

    with monkeypatch.context() as patched:
        patched.setattr("corpus.load.parse_file", parse)
        knowledge = build_knowledge(settings, embedder, ensure_index=False)
        live = LiveKnowledge(settings, embedder, interval=0)
        first = live.get()
    assert knowledge.corpus.document("BHR1212-002v3") and knowledge.retriever.index.status.reason == "current"
    assert first is live.get()  # one Knowledge per build

    (sources / "marketing.txt").write_bytes((fixtures_dir / "tw_standard_marketing.txt").read_bytes())
    assert index_status(settings).added == ("marketing.txt",)
    assert knowledge.retriever.index.status.stale is False  # what was checked at open; index_status is live
    ingest(settings, embedder)
    assert not index_status(settings).stale
    after = live.get()
    assert after is not first and after.corpus.document("BMK2431-002v2")
    assert after.retriever.search("行銷企劃人員的工作任務", k=3).hits[0].chunk.doc_code == "BMK2431-002v2"
