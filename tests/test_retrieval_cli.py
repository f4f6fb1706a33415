import json

import pytest

from retrieval.cli import main


@pytest.fixture
def data_env(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREER_DATA_DIR", str(tmp_path / "data"))  # sources and cache: conftest's test settings
    return tmp_path / "data"


def test_ingest_then_search(data_env, capsys):
    assert main(["ingest"]) == 0
    assert "170 chunks added, 0 unchanged, 0 removed" in capsys.readouterr().out
    assert main(["ingest"]) == 0
    assert "0 chunks added, 170 unchanged, 0 removed; 0 embedded" in capsys.readouterr().out

    assert main(["search", "訓練經理 T2.4", "--k", "3"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("1. BHR1212-002v3/T2.4")

    assert main(["search", "106998L5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["hits"][0]["codes"][0] == "106998L5" and data["codes_missing"] == []

    assert main(["search", "BHR9999-999v1 的任務"]) == 0
    assert "not found in the corpus: BHR9999-999v1" in capsys.readouterr().out


def test_search_without_an_index_says_what_to_run(data_env, capsys):
    assert main(["search", "x"]) == 2
    assert "python -m retrieval ingest" in capsys.readouterr().err


def test_ask_once_and_interactively(data_env, capsys, monkeypatch):
    assert main(["ask", "訓練經理需要哪些技能？"]) == 0
    out = capsys.readouterr().out
    assert "BHR1212-002v3/S01" in out and "[composer]" in out
    assert main(["ask", "106999L9 是什麼", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["abstained"] is True and data["citations"] == []
    lines = iter(["訓練經理的工作產出有哪些？", "那技能呢？", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    assert main(["ask"]) == 0
    out = capsys.readouterr().out
    assert "BHR1212-002v3/O1.2.1" in out and "BHR1212-002v3/S07" in out  # the follow-up kept its subject


def test_move_reads_the_records_of_the_build_not_the_sources(data_env, seeds_dir, tmp_path, monkeypatch, capsys):
    import shutil

    sources = tmp_path / "sources"
    shutil.copytree(seeds_dir, sources)
    monkeypatch.setenv("CAREER_SOURCES_DIR", str(sources))
    move = ["move", "HK:人才管理主任", "HK:人才管理經理", "--json", "--no-embed"]

    assert main(move) == 0  # no build yet: the sources are read, and stderr says what to run
    captured = capsys.readouterr()
    assert "no index built yet: run `python -m retrieval ingest`" in captured.err
    before = json.loads(captured.out)

    assert main(["ingest"]) == 0
    capsys.readouterr()
    hk = next(p for p in sources.iterdir() if "職業資歷說明" in p.read_text(encoding="utf-8"))
    hk.unlink()  # the records now exist only in the build
    assert main(move) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == before
    assert "sources changed since the last build: rebuild" in captured.err and hk.name in captured.err
    assert "no index built yet" not in captured.err
