import pytest

from corpus.tw_standard import parse_standard

GROUND_TRUTH = {
    # code: versions, duties, tasks, indicators, output entries, distinct output codes, K, S, A, level
    "BHR3333-004v2": (2, 3, 10, 25, 5, 5, 16, 13, 5, 3),
    "BHR1212-001v2": (0, 6, 19, 28, 16, 14, 32, 28, 5, 4),
    "BHR1212-002v3": (3, 3, 8, 29, 8, 8, 9, 7, 5, 5),
}


@pytest.mark.parametrize("code", GROUND_TRUTH)
def test_counts_match_the_published_standard(corpus, code):
    standard = corpus.document(code)
    c = standard.counts()
    got = (
        c["versions"], c["duties"], c["tasks"], c["indicators"], c["outputs"], c["output_codes"],
        c["knowledge"], c["skills"], c["attitudes"], standard.level,
    )
    assert got == GROUND_TRUTH[code]


def test_employment_services_header_fields(corpus):
    s = corpus.document("BHR3333-004v2")
    assert s.name == "就業服務人員"
    assert (s.category.name, s.category.code) == ("企業經營管理 / 人力資源管理", "BHR")
    assert (s.occupation.name, s.occupation.code) == ("職業介紹人及承包人", "3333")
    assert (s.industry.name, s.industry.code) == ("支援服務業 / 人力仲介及供應業", "N78")
    assert s.description.startswith("提供就業資訊及協助求職者規劃就業計畫")
    assert [(v.code, v.status) for v in s.versions] == [("BHR3333-004v2", "最新版本"), ("BHR3333-004", "歷史版本")]
    assert s.versions[1].name == "就業安置人員"


def test_task_levels_and_outputs(corpus):
    s = corpus.document("BHR3333-004v2")
    levels = {t.code: t.level for t in s.tasks}
    assert {code for code, level in levels.items() if level == 4} == {"T2.3", "T3.3"}
    t33 = next(t for t in s.tasks if t.code == "T3.3")
    assert [(o.code, o.text) for o in t33.outputs] == [("O3.3.1", "轉介評估表"), ("O3.3.2", "轉介同意書")]
    assert t33.indicators[0].text.startswith("評估求職者就業狀況或需求")
    assert "【註1】" in t33.indicators[0].text and "<sup>" not in t33.indicators[0].text


def test_cells_split_by_a_page_break_are_rejoined(corpus):
    s = corpus.document("BHR1212-002v3")
    t12 = next(t for t in s.tasks if t.code == "T1.2")
    assert t12.name == "依據職能建立學習模組"
    assert [(o.code, o.text) for o in t12.outputs] == [("O1.2.1", "職能學習地圖")]
    assert [p.code for p in t12.indicators] == ["P1.2.1", "P1.2.2"]
    assert t12.knowledge_codes == ("K01", "K02", "K03", "K04")
    e = corpus.document("BHR3333-004v2")
    p123 = next(p for t in e.tasks for p in t.indicators if p.code == "P1.2.3")
    assert p123.text.endswith("工作狀況與遭遇狀況等)。")
    f = corpus.document("BHR1212-001v2")
    k19 = next(k for k in f.knowledge if k.code == "K19")
    assert k19.text.endswith("品質管控") and not k19.other_texts


def test_spaces_inside_names_are_removed(corpus):
    s = corpus.document("BHR1212-001v2")
    assert s.duties[0].name == "進行內外部分析"
    p231 = next(p for t in s.tasks for p in t.indicators if p.code == "P2.3.1")
    assert "內外部可用的資源，包含" in p231.text


def test_source_typos_are_kept_and_reported(corpus):
    f = corpus.document("BHR1212-001v2")
    assert "SS28" in {s.code for s in f.skills}
    assert any("SS28" in w for w in f.warnings)
    t42 = next(t for t in f.tasks if t.code == "T4.2")
    assert [o.code for o in t42.outputs] == ["O4.1.1", "O4.1.2"]
    assert any("O4.1.1" in w and "T4.2" in w for w in f.warnings)

    e = corpus.document("BHR3333-004v2")
    k03 = next(k for k in e.knowledge if k.code == "K03")
    assert k03.text == "就業市場趨勢" and k03.other_texts == ("諮詢倫理與保密原則",)
    assert any(w.startswith("K03 ") for w in e.warnings)
    t31 = next(t for t in e.tasks if t.code == "T3.1")
    assert ("K03", "諮詢倫理與保密原則") in [(k.code, k.text) for k in t31.knowledge]


def test_the_clean_standard_has_no_warnings(corpus):
    assert corpus.document("BHR1212-002v3").warnings == ()


def test_attitudes_entry_requirements_and_definitions(corpus):
    s = corpus.document("BHR1212-002v3")
    assert [(a.code, a.text) for a in s.attitudes][:2] == [("A01", "自我管理"), ("A02", "壓力容忍")]
    assert s.attitudes[1].definition.startswith("冷靜且有效地應對")
    assert s.entry_requirements == ("大專以上，企業管理、人力資源、勞工關係相關系所畢業，且具2年以上相關工作經驗;或5年以上相關領域工作經驗。",)
    assert [(d.mark, d.term) for d in s.definitions] == [("1", "利益關係人"), ("2", "評量工具")]
    f = corpus.document("BHR1212-001v2")
    assert f.entry_requirements == ("具訓練規劃與評量相關培訓證明", "培訓相關工作 5 年以上或者具培訓主管經驗 1 年以上")
    assert "提案書" in [d.term for d in f.definitions]
    assert s.name_note == "此基準相關職業包含：訓練主管、資深教育訓練師"


def test_canonical_item_codes(corpus):
    s = corpus.document("BHR1212-002v3")
    codes = s.item_codes()
    for code in ("BHR1212-002v3", "BHR1212-002v3/T2.4", "BHR1212-002v3/P2.4.1", "BHR1212-002v3/O1.2.1",
                 "BHR1212-002v3/K03", "BHR1212-002v3/S01", "BHR1212-002v3/A02"):
        assert code in codes
    assert "BHR1212-002v3/K10" not in codes


def test_a_new_standard_parses_without_code_changes(fixtures_dir):
    path = fixtures_dir / "tw_standard_marketing.txt"
    s = parse_standard(path.read_text(encoding="utf-8"), path.name)
    assert (s.code, s.name, s.level) == ("BMK2431-002v2", "行銷企劃人員", 4)
    assert s.name_note == "此基準相關職業包含：品牌企劃、數位行銷專員"
    assert [t.code for t in s.tasks] == ["T1.1", "T1.2", "T2.1", "T2.2"]
    t11 = s.tasks[0]
    assert t11.name == "蒐集市場資訊"
    assert [p.text for p in t11.indicators] == ["依據行銷目標，蒐集產業與競爭者資訊。", "整理消費者回饋並歸納需求。"]
    assert t11.knowledge_codes == ("K01", "K02", "K03")
    assert s.tasks[3].level == 5
    assert [a.text for a in s.attitudes] == ["創新", "顧客導向"]
    assert len(s.entry_requirements) == 2
    assert s.definitions[0].term == "目標客群"
    assert s.warnings == ()


def test_a_standard_without_a_task_table_is_rejected():
    with pytest.raises(ValueError, match="task table"):
        parse_standard("職能基準代碼\tBHR1212-009v1\n", "x.txt")
