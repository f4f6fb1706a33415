import pytest

from corpus.hk_career import parse_career_path


def by_rank(path):
    return {r.rank: r for r in path.roles}


def test_talent_management_ladder_matches_the_published_document(corpus):
    (path,) = corpus.career_paths
    roles = by_rank(path)
    order = ("總監", "經理", "主任", "助理")
    assert [len(roles[r].units) for r in order] == [30, 25, 18, 11]
    assert [len(roles[r].core_units) for r in order] == [16, 12, 9, 7]
    assert len(path.units) == 83
    assert [roles[r].qualification.qf_level for r in order] == [6, 5, 4, 3]
    assert [roles[r].qualification.credits for r in order] == [175, 128, 74, 35]
    assert [len(roles[r].soft_skills) for r in order] == [5, 5, 5, 5]
    assert [len(roles[r].courses) for r in order] == [10, 10, 10, 8]
    for role in path.roles:
        assert role.qualification.credits == sum(path.unit(code).credits for code in role.unit_codes)
    assert path.warnings == ()


def test_a_unit_listed_by_two_roles_is_one_record(corpus):
    (path,) = corpus.career_paths
    unit = path.unit("107091L4")
    assert (unit.title, unit.qf_level, unit.credits) == ("搜尋聰明而具創意的方式，以促進員工溝通", 4, 4)
    assert {o.role_id for o in unit.outcomes} == {"HK:人才管理主任", "HK:人才管理助理"}
    roles = by_rank(path)
    core = {u.code: u.core for u in roles["助理"].units}
    functional = {u.code: u.core for u in roles["主任"].units}
    assert core["107091L4"] is True and functional["107091L4"] is False


def test_role_fields(corpus):
    (path,) = corpus.career_paths
    manager = path.role("HK:人才管理經理")
    assert (manager.rank, manager.post, manager.specialism) == ("經理", "經理", "優秀人才管理")
    assert by_rank(path)["總監"].post == "領袖"
    assert "人才管理經理" in manager.typical_titles
    assert len(manager.specialism_activities) == 5 and not manager.specialism_activities[0].startswith("•")
    assert manager.general_requirements[0] == "了解各種學習及發展的方法和技術"
    q = manager.qualification
    assert q.title.endswith("高等證書")
    assert q.entry_requirements == (
        "學術 / 專業階梯: 已達大學最低入學要求或同等水平。",
        "職業資歷階梯: 完成資歷架構認可的第 4 級相關學科資歷。",
    )
    assert q.education_progression[0] == "完成此資歷的進修人士，可就讀人力資源界別的資歷架構第 6 級資歷培訓。"
    assert len(q.employment_progression) == 2
    soft = manager.soft_skills[3]
    assert (soft.name, soft.proficiency) == ("解決複雜性問題", "高級水平")
    assert soft.description.startswith("辨別複雜性問題")
    course = manager.courses[3]
    assert (course.qualification_title, course.level, course.provider) == ("工商管理學士 (榮譽)", 5, "香港浸會大學")
    assert manager.on_the_job_learning[-1] == "附加認證（例如 CIPD、SPHR）會是一項優勢"


def test_units_carry_level_credits_area_and_outcomes(corpus):
    (path,) = corpus.career_paths
    unit = path.unit("106918L6")
    assert (unit.qf_level, unit.credits, unit.function_area) == (6, 5, "機構願景、使命、核心價值及文化")
    # an outcome that a page break split in two, with guidelines on both pages
    unit = path.unit("107005L5")
    outcome = unit.outcome_for("HK:人才管理經理")
    assert outcome.learning_outcome.endswith("（例如網上課程、實時影音和文字交流、互動白板、投票、測驗)")
    assert len(outcome.assessment_guidelines) == 3
    # a row shifted by an empty cell still finds its area
    ref = next(u for u in path.role("HK:人才管理經理").units if u.code == "106921L5")
    assert (ref.function_area, ref.core, ref.number) == ("組織發展", True, 4)


def test_a_new_career_path_parses_without_code_changes(fixtures_dir):
    path_file = fixtures_dir / "hk_compensation.txt"
    path = parse_career_path(path_file.read_text(encoding="utf-8"), path_file.name)
    assert path.name == "薪酬福利"
    assert [r.id for r in path.roles] == ["HK:薪酬福利經理", "HK:薪酬福利主任"]
    assert len(path.units) == 5
    assert {o.role_id for o in path.unit("108020L4").outcomes} == {"HK:薪酬福利經理", "HK:薪酬福利主任"}
    manager = path.roles[0]
    assert manager.qualification.credits == 18 and manager.qualification.qf_level == 5
    outcome = path.unit("108002L5").outcome_for("HK:薪酬福利經理")
    assert outcome.learning_outcome == "為不同職級設計薪酬結構及調整機制"
    assert len(outcome.assessment_guidelines) == 2
    assert path.warnings == ()


def test_prose_outside_fields_and_tables_is_kept_under_its_heading(corpus):
    (path,) = corpus.career_paths
    director = path.role("HK:人才管理總監")
    assert director.specialism_notes == ("參考香港人力資源管理界別《能力標準說明》（第一版），該職能的主要活動包括：",)
    notes = {n.heading: n.items for n in director.notes}
    assert list(notes) == ["甲. 職位描述和能力要求", "附加能力要求", "市面上相關的進修課程"]
    # each with the table it introduces or footnotes
    assert [n.topic for n in director.notes] == ["units", "soft_skills", "courses"]
    assert notes["附加能力要求"][1] == "* 能力名稱及描述皆以 O*NET 和受訪者及焦點小組參與者的意見來建議。"
    assert notes["市面上相關的進修課程"][-1] == "有關資歷名冊上資歷頒授課程的完整名單，請瀏覽 https://www.hkqr.gov.hk 。"
    # section 乙's prose: the disclaimer, the 60% rule and the footnote on the core units
    q = director.qualification
    assert len(q.guidance) == 3 and q.guidance[0].startswith("本節內容僅供參考")
    assert q.guidance[2].startswith("* 這十六個能力單元") and q.credits_note == "基於能力單元配置"
    # the assistant's soft-skill introduction is printed with trailing tabs and no markdown heading
    assistant = path.role("HK:人才管理助理")
    assert {n.heading for n in assistant.notes} == {"甲. 職位描述和能力要求", "附加能力要求", "市面上相關的進修課程"}
    assert path.notes == ()


def test_text_before_the_first_role_is_the_documents_notes(fixtures_dir):
    text = (fixtures_dir / "hk_compensation.txt").read_text(encoding="utf-8")
    preface = "# 薪酬福利職業資歷階梯\n\n免責聲明\n本文件只供參考，不構成任何法律意見。\n"
    path = parse_career_path(preface + text, "hk_compensation.txt")
    assert [(n.heading, n.items) for n in path.notes] == [("免責聲明", ("本文件只供參考，不構成任何法律意見。",))]
    assert [r.id for r in path.roles] == ["HK:薪酬福利經理", "HK:薪酬福利主任"]


# --- several paths, rank titles the code does not know ----------------------------------------------


@pytest.fixture(scope="module")
def three_paths(corpus, fixtures_dir):
    from corpus import Corpus, parse_file

    extra = tuple(parse_file(fixtures_dir / name) for name in ("hk_compensation.txt", "hk_learning_development.txt"))
    return Corpus(corpus.documents + extra)


def test_each_path_has_its_own_ladder_from_its_document(three_paths):
    ladders = {p.name: [(r.title, r.rank) for r in p.ladder] for p in three_paths.career_paths}
    assert ladders == {
        "人才管理": [("人才管理助理", "助理"), ("人才管理主任", "主任"), ("人才管理經理", "經理"), ("人才管理總監", "總監")],
        "薪酬福利": [("薪酬福利主任", "主任"), ("薪酬福利經理", "經理")],
        # listed 專員, 首席顧問, 顧問: the QF levels (4, 6, 5) order them; 顧問 is no rank word, so its
        # 工作崗位 as printed is its rank; 首席顧問's 工作崗位 領袖 names the top rank
        "學習發展": [("學習發展專員", "主任"), ("學習發展顧問", "顧問"), ("學習發展首席顧問", "總監")],
    }
    for path in three_paths.career_paths:
        levels = [r.qualification.qf_level for r in path.ladder]
        assert levels == sorted(levels) and [r.rung for r in path.ladder] == list(range(1, len(levels) + 1))


def test_roles_units_and_gaps_belong_to_their_own_path(three_paths):
    consultant = three_paths.role("HK:學習發展顧問")
    assert three_paths.path_of(consultant.id).name == "學習發展"
    assert three_paths.path_of("HK:薪酬福利主任").name == "薪酬福利"
    assert three_paths.path_of("HK:人才管理經理").name == "人才管理"
    # a gap between two rungs of the new path: the units the upper one lists that the lower one does not
    path = three_paths.path_of(consultant.id)
    lower, upper = path.ladder[1], path.ladder[2]
    assert (lower.title, upper.title) == ("學習發展顧問", "學習發展首席顧問")
    gap = [c for c in upper.unit_codes if c not in lower.unit_codes]
    assert gap == ["109301L6", "109302L6", "109303L6"]
    assert three_paths.hk_unit("109201L5").outcome_for(upper.id) and three_paths.hk_unit("109201L5").outcome_for(lower.id)
    assert all(three_paths.hk_unit(c) for p in three_paths.career_paths for r in p.roles for c in r.unit_codes)


def test_names_come_from_each_document(three_paths):
    assert [p.name for p in three_paths.career_paths] == ["人才管理", "薪酬福利", "學習發展"]
    assert {p.id for p in three_paths.career_paths} <= three_paths.codes()
    assert all(r.id in three_paths.codes() for p in three_paths.career_paths for r in p.roles)
