from corpus.tw_unit import parse_unit


def test_career_development_unit_matches_the_published_unit(corpus):
    u = corpus.document("BHR5R0061v2")
    assert (u.name, u.domain, u.level) == ("協調職涯發展", "企業經營管理 / 人力資源管理", 5)
    assert [len(g.indicators) for g in u.task_groups] == [5, 6, 6]
    assert [g.name for g in u.task_groups] == ["分析職涯發展需求", "設計職涯發展策略", "執行、管理職涯發展方案"]
    assert (len(u.knowledge), len(u.skills)) == (8, 7)
    a = u.assessment
    assert (len(a.evidence), len(a.context), len(a.methods)) == (3, 3, 5)
    assert len(u.definitions) + len(u.notes) == 2
    assert u.update_record == ("2022 年修訂職能內容。",)


def test_list_markup_becomes_clean_items(corpus):
    u = corpus.document("BHR5R0061v2")
    # the continuation list after a page break numbers its items "4." … "6."
    assert u.task_groups[2].indicators[3] == "按照法律、政策和程序，宣傳學習協助方案，以協助學習者。"
    assert u.knowledge[0] == "職涯發展和職涯管理概念"
    assert u.assessment.methods[2] == "實際演練演練涯諮詢和協商的過程。"
    assert all("<" not in text for g in u.task_groups for text in g.indicators)
    assert [(d.mark, d.term) for d in u.definitions] == [("1", "職涯發展策略"), ("2", "宣傳方法")]


def test_a_new_unit_parses_without_code_changes(fixtures_dir):
    path = fixtures_dir / "tw_unit_interview.txt"
    u = parse_unit(path.read_text(encoding="utf-8"), path.name)
    assert (u.code, u.name, u.level) == ("BHR4R0012v1", "執行招募面談", 4)
    assert [len(g.indicators) for g in u.task_groups] == [2, 2]
    assert u.task_groups[1].indicators[0] == "依面談流程提問並記錄應徵者回應【註1】。"
    assert (u.assessment.evidence, u.assessment.methods) == (("能完成一次結構化面談。",), ("角色扮演。", "檢視面談紀錄。"))
    assert u.definitions[0].term == "應徵者回應"
