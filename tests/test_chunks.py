from retrieval.chunks import Chunk, build_chunks


def test_every_chunk_reads_on_its_own_and_cites_only_corpus_codes(corpus):
    chunks = build_chunks(corpus)
    codes = corpus.codes()
    for chunk in chunks:
        assert chunk.text.startswith("【"), chunk.text[:40]
        own = chunk.code.removeprefix("HK:").split("/")
        assert all(part in chunk.text for part in own), chunk.code
        assert set(chunk.codes) <= codes, set(chunk.codes) - codes
        assert chunk.framework in ("TW", "HK")


def test_one_chunk_per_meaningful_record(corpus):
    chunks = build_chunks(corpus)
    tasks = [c for c in chunks if c.section == "task" and c.doc_kind == "tw_standard"]
    assert len(tasks) == 10 + 19 + 8
    hk_units = [c for c in chunks if c.section == "hk_unit"]
    assert len(hk_units) == 83
    sections = {c.section for c in chunks if c.doc_code == "HK:人才管理" and c.roles == ("HK:人才管理經理",)}
    assert {"role_overview", "role_core_units", "role_functional_units", "qualification", "courses",
            "soft_skills"} <= sections
    unit_sections = [c.section for c in chunks if c.doc_code == "BHR5R0061v2"]
    assert unit_sections.count("task") == 3 and "assessment" in unit_sections


def test_task_chunk_carries_its_parents_and_items(corpus):
    chunks = build_chunks(corpus)
    task = next(c for c in chunks if c.code == "BHR1212-002v3/T2.4")
    assert task.codes[:3] == ("BHR1212-002v3/T2.4", "BHR1212-002v3", "BHR1212-002v3/T2")
    assert {"BHR1212-002v3/P2.4.1", "BHR1212-002v3/O2.4.1", "BHR1212-002v3/K07"} <= set(task.codes)
    assert "訓練經理" in task.text.splitlines()[0] and "評估學習策略" in task.text
    assert task.level == 5 and task.framework == "TW"


def test_role_unit_list_carries_role_and_unit_codes(corpus):
    chunks = build_chunks(corpus)
    core = next(c for c in chunks if c.section == "role_core_units" and c.roles == ("HK:人才管理主任",))
    assert core.codes[0] == "HK:人才管理主任"
    assert "107035L4" in core.codes and "107004L4" not in core.codes  # 107004L4 is functional
    unit = next(c for c in chunks if c.code == "107091L4")
    assert set(unit.roles) == {"HK:人才管理主任", "HK:人才管理助理"}
    assert "學習成果（人才管理助理）" in unit.text and "評核指引" in unit.text


def test_ids_are_stable_and_follow_content(corpus):
    first = [c.id for c in build_chunks(corpus)]
    second = [c.id for c in build_chunks(corpus)]
    assert first == second and len(set(first)) == len(first)
    chunk = build_chunks(corpus)[0]
    assert Chunk.from_json(chunk.to_json()) == chunk
