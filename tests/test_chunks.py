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
    sections = [c.section for c in chunks if c.doc_code == "HK:人才管理" and c.roles == ("HK:人才管理經理",)
                and c.section != "hk_unit"]
    assert sorted(sections) == sorted(["role_overview", "role_core_units", "role_functional_units", "qualification",
                                       "courses", "soft_skills"])
    # 37 TW tasks, 18 other TW standard chunks, 7 for the unit, 1 ladder + 6 per HK role, 83 HK units
    assert len(chunks) == 37 + 3 * 6 + 7 + 1 + 4 * 6 + 83
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


def test_notes_headings_versions_and_prose_reach_chunks_with_their_codes(corpus):
    chunks = build_chunks(corpus)
    overview = next(c for c in chunks if c.code == "BHR3333-004v2" and c.section == "overview")
    assert "已被《BHR3333-004v2》取代" in overview.text  # the version table's 更新說明
    notes = next(c for c in chunks if c.code == "BHR1212-001v2" and c.section == "notes")
    assert "下列為本職能基準相關之名詞定義：" in notes.text and "基準更新紀錄：" in notes.text
    # an HK table's introduction and footnote go with the table, cited by the role
    officer = {c.section: c for c in chunks if c.roles == ("HK:人才管理主任",) and c.section != "hk_unit"}
    assert officer["soft_skills"].codes == ("HK:人才管理主任", "HK:人才管理") and "O*NET" in officer["soft_skills"].text
    assert "https://www.hkqr.gov.hk" in officer["courses"].text
    assert "能力單元順序排列" in officer["role_core_units"].text
    qualification = next(c for c in chunks if c.section == "qualification" and c.roles == ("HK:人才管理主任",))
    assert "74（基於能力單元配置）" in qualification.text and "這九個能力單元" in qualification.text
    overview = next(c for c in chunks if c.section == "role_overview" and c.roles == ("HK:人才管理主任",))
    assert "職業資歷階梯之目的" in overview.text and "《能力標準說明》（第一版）" in overview.text[320:]


def test_a_note_beside_no_table_gets_a_notes_chunk_of_its_role(fixtures_dir):
    from corpus.hk_career import parse_career_path
    from corpus.load import Corpus

    text = (fixtures_dir / "hk_compensation.txt").read_text(encoding="utf-8")
    text = text.replace("## 乙. 資歷說明及能力單元配對", "### 備註\n\n此職位的要求可按機構規模調整。\n\n## 乙. 資歷說明及能力單元配對", 1)
    text = "# 薪酬福利\n\n免責聲明\n本文件只供參考。\n" + text
    chunks = build_chunks(Corpus((parse_career_path(text, "hk_compensation.txt"),)))
    notes = next(c for c in chunks if c.section == "role_notes")
    assert notes.codes == ("HK:薪酬福利經理", "HK:薪酬福利") and "此職位的要求可按機構規模調整。" in notes.text
    preface = next(c for c in chunks if c.section == "notes")
    assert preface.codes == ("HK:薪酬福利",) and "本文件只供參考。" in preface.text


def test_hk_headers_name_the_framework_from_the_labels_file(corpus, fixtures_dir, monkeypatch):
    from corpus import Corpus, parse_file
    from retrieval import chunks, explore

    learning = parse_file(fixtures_dir / "hk_learning_development.txt")
    both = Corpus(corpus.documents + (learning,))
    shown = explore.label("fw.HK", explore.ZH)
    original = build_chunks(both)
    hk = [c for c in original if c.framework == "HK"]
    assert {c.doc_code for c in hk} == {p.id for p in both.career_paths}
    assert all(c.text.startswith(f"【{shown} ") for c in hk)

    with monkeypatch.context() as patch:
        patch.setitem(explore.LABELS, "fw.HK", ("某資歷架構", "Some QF"))
        chunks.framework_name.cache_clear()
        try:
            renamed = build_chunks(both)
        finally:
            chunks.framework_name.cache_clear()
    assert [c.framework for c in renamed] == [c.framework for c in original]
    for before, after in zip(original, renamed):
        if after.framework == "HK":
            assert after.text == before.text.replace(f"【{shown} ", "【某資歷架構 ", 1) != before.text
        else:
            assert after.text == before.text
