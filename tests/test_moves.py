"""Career moves over the real seed records: classed items, entry checks, next steps, abilities and fits."""

from __future__ import annotations

import json

import numpy as np
import pytest

from retrieval import explore, moves
from retrieval.moves import NONE, PARTIAL, SAME

TRAINING_MANAGER, EMPLOYMENT, TRAINING_PROJECT = "BHR1212-002v3", "BHR3333-004v2", "BHR1212-001v2"
ASSISTANT, OFFICER, MANAGER = "HK:人才管理助理", "HK:人才管理主任", "HK:人才管理經理"
CAREER_UNIT = "BHR5R0061v2"
MOVES = [(EMPLOYMENT, TRAINING_MANAGER), (TRAINING_PROJECT, TRAINING_MANAGER), (TRAINING_MANAGER, MANAGER),
         (OFFICER, TRAINING_MANAGER), (ASSISTANT, OFFICER), (EMPLOYMENT, CAREER_UNIT), (CAREER_UNIT, OFFICER)]


@pytest.mark.parametrize("from_id,to_id", MOVES)
def test_every_target_item_is_classed_once_and_covered_by_the_current_record(corpus, fake_embed, from_id, to_id):
    found = moves.move(corpus, from_id, to_id, embed=fake_embed)
    target, current = moves.record(corpus, to_id), moves.record(corpus, from_id)
    assert [m.key for m in found.items] == [i.key for i in target.items]
    current_keys = {i.key for i in current.items}
    for m in found.items:
        assert m.strength in (SAME, PARTIAL, NONE) and m.reason
        assert (m.strength == NONE) == (not m.covered_by)
        assert {c.key for c in m.covered_by} <= current_keys
        assert len(m.covered_by) <= moves.MAX_COVERING
    assert found.from_.id == from_id and found.to.id == to_id


def test_works_without_an_embedder(corpus):
    lexical = moves.move(corpus, OFFICER, TRAINING_MANAGER)
    assert lexical.covered and lexical.missing


def test_hk_roles_of_one_ladder_share_units_by_code(corpus):
    found = moves.move(corpus, ASSISTANT, OFFICER)
    same = [m for m in found.items if m.strength == SAME]
    shared = set(corpus.role(ASSISTANT).unit_codes) & set(corpus.role(OFFICER).unit_codes)
    assert {m.target for m in same} == shared
    assert all(m.basis == moves.BY_CODE and m.covered_by[0].code == m.target for m in same)
    # Two different unit codes are two units: at most partial, however alike.
    assert all(m.strength != SAME for m in found.items if m.target not in shared)


def test_the_pairs_issue_11_found_misleading_are_not_presented(corpus):
    found = moves.move(corpus, EMPLOYMENT, TRAINING_MANAGER)
    covering = {m.target: {c.code for c in m.covered_by} for m in found.items}
    assert f"{EMPLOYMENT}/S12" not in covering[f"{TRAINING_MANAGER}/S01"]  # 組織規劃 ← 求職活動規劃
    assert f"{EMPLOYMENT}/S11" not in covering[f"{TRAINING_MANAGER}/S06"]  # 簡報技巧 ← 說服技巧
    assert f"{EMPLOYMENT}/S01" not in covering[f"{TRAINING_MANAGER}/S05"]  # 判斷能力 ← 表達能力
    assert f"{EMPLOYMENT}/K06" not in covering[f"{TRAINING_MANAGER}/K09"]  # 訓練成效評估 ← 職涯評估方法
    assert found.strength_of(f"{TRAINING_MANAGER}/S02") == SAME  # 溝通協調能力 in both


def test_an_hk_officer_is_not_told_that_training_and_performance_are_new(corpus):
    found = moves.move(corpus, OFFICER, TRAINING_MANAGER)
    assert found.strength_of(f"{TRAINING_MANAGER}/K03") != NONE  # 訓練與發展
    assert found.strength_of(f"{TRAINING_MANAGER}/K06") != NONE  # 績效管理
    k03 = next(m for m in found.items if m.target == f"{TRAINING_MANAGER}/K03")
    assert "107010L4" in {c.code for c in k03.covered_by}  # 籌備並進行員工學習及發展課程


def test_unknown_ids_are_refused_with_the_id(corpus):
    with pytest.raises(moves.UnknownRecord, match="BHR9999-999v9"):
        moves.move(corpus, "BHR9999-999v9", TRAINING_MANAGER)
    with pytest.raises(KeyError):
        moves.move(corpus, TRAINING_MANAGER, "HK:不存在的崗位")


def test_entry_requirements_are_the_targets_and_checked_only_where_checkable(corpus):
    entry = moves.move(corpus, EMPLOYMENT, TRAINING_MANAGER).entry
    assert [r.text for r in entry.requirements] == list(corpus.document(TRAINING_MANAGER).entry_requirements)
    [long_enough] = moves.check_entry(entry, education="大學", years=6)
    assert long_enough.status == moves.MET  # the 5-year alternative needs no degree
    [degree_only] = moves.check_entry(entry, education="大學", years=3)
    assert degree_only.status == moves.CANNOT_TELL and "相關系所" in degree_only.reason  # the field is not checkable
    [too_short] = moves.check_entry(entry, education="高中", years=1)
    assert too_short.status == moves.NOT_MET
    [unknown] = moves.check_entry(entry)
    assert unknown.status == moves.CANNOT_TELL


def test_years_asked_in_a_post_are_not_met_by_years_in_any_work(corpus):
    """培訓專案主管人員: "培訓相關工作 5 年以上或者具培訓主管經驗 1 年以上" — two years of some work may or may not
    have been spent as a training supervisor; under a year cannot have been; six years in all may or may not have
    been five in training work."""
    entry = moves.entry_of(corpus, "BHR1212-001v2")
    years_row = next(r for r in entry.requirements if "主管經驗" in r.text)
    [two] = [c for c in moves.check_entry(moves.Entry(entry.record, (years_row,)), years=2)]
    assert two.status == moves.CANNOT_TELL
    [half] = [c for c in moves.check_entry(moves.Entry(entry.record, (years_row,)), years=0.5)]
    assert half.status == moves.NOT_MET
    [six] = [c for c in moves.check_entry(moves.Entry(entry.record, (years_row,)), years=6)]
    assert six.status == moves.CANNOT_TELL  # six years of some work are not five in training work, told


def test_hk_entry_holds_qualification_and_general_requirements(corpus):
    role = corpus.role(MANAGER)
    entry = moves.entry_of(corpus, MANAGER)
    sources = [r.source for r in entry.requirements]
    assert sources.count("qualification_entry") == len(role.qualification.entry_requirements)
    assert sources.count("general_requirements") == len(role.general_requirements)
    checks = {c.requirement.text: c for c in moves.check_entry(entry, education="副學士", years=4)}
    degree = next(c for t, c in checks.items() if "大學學位" in t)
    assert degree.status == moves.NOT_MET  # an associate degree is below a university degree
    language = next(c for t, c in checks.items() if "溝通" in t)
    assert language.status == moves.CANNOT_TELL


def test_education_levels_read_the_longest_term():
    assert moves.education_level("副學士").id == "associate"
    assert moves.education_level("碩士畢業").id == "master"
    assert moves.education_level("會開堆高機") is None


def test_hk_next_steps_are_the_missing_units_and_the_target_courses(corpus):
    found = moves.move(corpus, OFFICER, MANAGER)
    units = [s for s in found.next_steps if s.kind == "unit"]
    assert [s.code for s in units] == [m.target for m in found.items if m.strength != SAME]
    assert all(s.level and s.credits for s in units)
    courses = [s for s in found.next_steps if s.kind == "course"]
    assert len(courses) == len(corpus.role(MANAGER).courses)


def test_tw_next_steps_name_each_item_once_with_the_tasks_asking_for_it(corpus):
    found = moves.move(corpus, EMPLOYMENT, TRAINING_MANAGER)
    codes = [s.code for s in found.next_steps]
    assert len(codes) == len(set(codes))
    same = {m.target for m in found.items if m.strength == SAME}
    assert not same & set(codes)  # what is already held is not a step
    standard = corpus.document(TRAINING_MANAGER)
    k01 = next(s for s in found.next_steps if s.code == standard.qualify("K01"))
    asking = {standard.qualify(t.code) for t in standard.tasks if "K01" in t.knowledge_codes}
    assert set(k01.for_items) == asking
    assert {s.kind for s in found.next_steps} <= {"knowledge", "skill", "output"}


def test_unit_target_next_steps_are_its_open_groups_and_items(corpus):
    found = moves.move(corpus, EMPLOYMENT, CAREER_UNIT)
    assert {s.kind for s in found.next_steps} <= {"task_group", "knowledge", "skill"}
    assert len(found.next_steps) == sum(1 for m in found.items if m.strength != SAME)


def test_json_has_exactly_the_documented_shape(corpus):
    data = json.loads(json.dumps(moves.move(corpus, OFFICER, TRAINING_MANAGER).to_dict(), ensure_ascii=False))
    assert set(data) == {"from", "to", "items", "entry", "next_steps"}
    for item in data["items"]:
        assert set(item) == {"target", "target_text", "strength", "covered_by", "reason"}
        assert all(set(c) == {"code", "text"} for c in item["covered_by"])


def test_claimed_abilities_are_matched_honestly(corpus):
    found = moves.match_abilities(corpus, TRAINING_MANAGER, ["会做简报", "會用 Excel 做統計", "會開堆高機"])
    presenting, statistics, forklift = found
    assert presenting.strength == SAME and presenting.matched[0].code == f"{TRAINING_MANAGER}/S06"
    assert statistics.strength == PARTIAL and f"{TRAINING_MANAGER}/S04" in {m.code for m in statistics.matched}
    assert forklift.strength == NONE and not forklift.matched and "nothing" in forklift.reason


def test_fits_rank_records_of_both_frameworks_by_coverage(corpus):
    fits = moves.rank_fits(corpus, ["喜歡帶課", "做訓練評估", "做過人資"], top=10)
    assert fits and [f.score for f in fits] == sorted((f.score for f in fits), reverse=True)
    assert fits[0].record.id == TRAINING_MANAGER
    assert {f.record.framework for f in fits} == {moves.TW, moves.HK}
    assert all(0 < f.score <= 1 and f.covered for f in fits)
    assert moves.rank_fits(corpus, []) == ()


def test_vocabulary_recognises_one_concept_in_both_wordings():
    assert moves.concepts_in("員工培訓需要分析") & moves.concepts_in("訓練需求分析")
    assert "performance_management" in moves.concepts_in("工作表現管理") & moves.concepts_in("績效管理")
    assert moves.concepts_in("training needs analysis") & moves.concepts_in("培訓需要分析")


def test_a_gapped_term_leaves_the_words_in_its_gap_to_their_own_concept():
    # 培育*部屬 (developing subordinates) spans 考核部屬 (appraising them): both are named.
    assert {"talent_development", "performance_management"} <= moves.concepts_in("培育與考核部屬")
    assert moves.concepts_in("有關組織培訓整體運作方針") == {"training_policy"}  # 培訓 inside 培訓*方針 is not T&D


def test_a_knowledge_item_named_as_a_topic_and_what_is_done_with_it_is_about_that_topic(corpus):
    # 評估 (evaluating) and 與 (and) only say what is done with the topic; 策略 (a strategy) says something else.
    assert moves._topic_coverage("人才培育與發展") >= moves.SAME_COVERAGE
    assert moves._topic_coverage("訓練成效評估") >= moves.SAME_COVERAGE
    assert moves._topic_coverage("職涯發展策略和計畫的範圍") < moves.SAME_COVERAGE
    # So the work of developing subordinates covers a part of knowing talent development.
    found = moves.move(corpus, TRAINING_PROJECT, TRAINING_MANAGER)
    talent = next(m for m in found.items if m.target == f"{TRAINING_MANAGER}/K07")  # 人才培育與發展
    assert talent.strength == PARTIAL
    assert any(c.local.startswith("T") for c in talent.covered_by)


def test_a_communication_skill_is_not_the_work_of_communicating(corpus):
    found = moves.move(corpus, EMPLOYMENT, ASSISTANT)
    record = moves.record(corpus, EMPLOYMENT)
    skills = {i.key for i in record.items if i.kind in (moves.SKILL, moves.KNOWLEDGE)
              and moves.concepts_in(i.name) <= moves.act_concepts()}
    assert skills  # 溝通協調能力 and the like
    communicating = [m for m in found.items if "communication" in moves.concepts_in(m.target_text)]
    assert communicating
    assert not any({c.key for c in m.covered_by} & skills for m in communicating)
    # A knowledge item still covers a piece of work through the topic it is about (laws for a unit on ordinances).
    assert any(m.basis == moves.BY_SHARED and "law_regulation" in m.concepts for m in found.items)
    assert {"communication", "counselling"} <= moves.act_concepts()
    assert "law_regulation" not in moves.act_concepts()


def test_vocabulary_names_strategic_plans_breaches_and_learning_theory():
    assert "org_strategy" in moves.concepts_in("組織的策略目標") & moves.concepts_in("執行機構的策略性計劃")
    assert "law_regulation" in moves.concepts_in("監察違規的個案")
    assert "learning_theory" in moves.concepts_in("成人學習理論") & moves.concepts_in("運用學習理論和教學設計原則")
    assert "training_design" in moves._parents()["learning_theory"]  # a part of designing learning, not all of it


def test_vocabulary_names_competencies_and_succession_plans(corpus):
    # 職能 (competencies) is what a competency-based learning module is built on, not a word of no concept: a
    # module built on competencies is not an officer's course (107010L4) nor a manager's L&D course (107009L5).
    assert {"competency_framework", "training_design"} <= moves.concepts_in("依據職能建立學習模組")
    assert moves.concepts_in("職能發展計畫") == {"development_plan"}  # the longer term still wins
    officer_to_manager = {m.target: m for m in moves.move(corpus, OFFICER, TRAINING_MANAGER).items}
    assert "107010L4" not in {c.code for c in officer_to_manager[f"{TRAINING_MANAGER}/T1.2"].covered_by}
    manager = {m.target: m for m in moves.move(corpus, TRAINING_MANAGER, MANAGER).items}
    assert f"{TRAINING_MANAGER}/T1.2" not in {c.code for c in manager["107009L5"].covered_by}
    # 接班人計畫 is all succession planning, so a manager's unit on successors covers a part of knowing it.
    assert moves.concepts_in("接班人計畫") == {"succession"} and moves._topic_coverage("接班人計畫") == 1.0
    career = {m.target_text: m for m in moves.move(corpus, MANAGER, CAREER_UNIT).items}
    assert "106998L5" in {c.code for c in career["K8 接班人計畫"].covered_by}  # 甄選有潛能的繼任人…


def test_a_narrower_topic_covers_a_topic_not_a_strategy_for_it(corpus):
    found = {m.target_text: m for m in moves.move(corpus, EMPLOYMENT, CAREER_UNIT).items}
    career_assessment = f"{EMPLOYMENT}/K06"  # 職涯評估方法
    concepts = found["K1 職涯發展和職涯管理概念"]
    assert concepts.strength == PARTIAL and career_assessment in {c.code for c in concepts.covered_by}
    for strategy in ("K2 職涯發展策略和計畫的範圍", "K6 職涯管理策略", "S6 職涯發展策略規劃能力"):
        assert career_assessment not in {c.code for c in found[strategy].covered_by}, strategy


def test_a_skill_listed_among_others_covers_a_target_it_names_in_full(corpus):
    found = {m.target: m for m in moves.move(corpus, TRAINING_PROJECT, TRAINING_MANAGER).items}
    communication = found[f"{TRAINING_MANAGER}/S02"]  # 溝通協調能力
    assert f"{TRAINING_PROJECT}/S13" in {c.code for c in communication.covered_by}  # 溝通和協商技能:與客戶溝通…
    # A task is not a list: a common word in its name does not make it cover the skill.
    assert not any(c.local.startswith("T") for c in communication.covered_by)


def test_a_piece_of_work_covers_a_part_of_the_competency_its_name_names(corpus):
    found = {m.target: m for m in moves.move(corpus, OFFICER, TRAINING_MANAGER).items}
    communication = found[f"{TRAINING_MANAGER}/S02"]  # 溝通協調能力
    assert communication.strength == PARTIAL
    assert "107022L4" in {c.code for c in communication.covered_by}  # 針對人力資源政策及程序，與員工保持溝通
    # Doing the work is never the same as the knowledge or skill, and a strategy for a topic is not the topic.
    career = {m.target_text: m for m in moves.move(corpus, MANAGER, CAREER_UNIT).items}
    assert career["K1 職涯發展和職涯管理概念"].strength == PARTIAL
    for strategy in ("K2 職涯發展策略和計畫的範圍", "K6 職涯管理策略"):
        assert career[strategy].strength == NONE, strategy


def test_a_skill_that_is_one_of_the_competencies_a_target_lists_covers_a_part_of_it(corpus):
    found = {m.target_text: m for m in moves.move(corpus, EMPLOYMENT, CAREER_UNIT).items}
    consulting = found["S1 諮詢及協商能力"]
    assert consulting.strength == PARTIAL
    assert {f"{EMPLOYMENT}/S10", f"{EMPLOYMENT}/S11"} <= {c.code for c in consulting.covered_by}  # 引導啟發, 說服
    # A strategy for career guidance is not a list of competencies: guiding skills alone do not cover it.
    assert f"{EMPLOYMENT}/S10" not in {c.code for c in found["K5 職涯指引和諮詢策略"].covered_by}


def test_an_hk_unit_is_read_by_its_learning_outcome_not_by_examples_in_its_guidelines(corpus):
    officer = {i.code: i for i in moves.record(corpus, OFFICER).items}
    unit = officer["107010L4"]  # 籌備並進行員工學習及發展課程
    assert unit.outcome == corpus.hk_unit("107010L4").outcome_for(OFFICER).learning_outcome
    assert unit.detail[0] == unit.outcome and len(unit.detail) > 1  # the guidelines stay in its text
    # 106911L5 (HR strategy with stakeholders) names core values only in a guideline: the officer's culture unit
    # 106917L4 does not cover it.
    found = moves.move(corpus, OFFICER, MANAGER)
    assert "106917L4" not in {c.code for m in found.items if m.target == "106911L5" for c in m.covered_by}


def test_two_pieces_of_work_doing_one_act_on_what_the_target_is_about_are_a_partial_cover(corpus):
    found = {m.target: m for m in moves.move(corpus, OFFICER, MANAGER).items}
    # 106998L5 helps successors draw up individual development plans; the officer's 107004L4 builds them.
    successors = found["106998L5"]
    assert successors.strength == PARTIAL and "107004L4" in {c.code for c in successors.covered_by}
    assert "development_plan" in successors.concepts
    # The concept must be what the target's name is about and telling: a talent review (106994L5) and a development
    # plan share only the broad talent development, which says too little.
    manager = {i.code: i for i in moves.record(corpus, MANAGER).items}
    officer = {i.code: i for i in moves.record(corpus, OFFICER).items}
    weights = moves.corpus_weights(corpus)
    assert not moves._done_alike(moves._profile(manager["106994L5"]), moves._profile(officer["107004L4"]), weights)
    for code, unit in manager.items():
        done = moves._done_alike(moves._profile(unit), moves._profile(officer["107004L4"]), weights)
        assert done <= moves._profile(unit).name_concepts, code


def test_a_part_named_beside_its_whole_elaborates_it(corpus):
    # 為栽培對象建構其個人發展計劃: the development plan is a part of the talent development 栽培對象 names, not a
    # second topic, so the unit covers a part of knowing training and development.
    hit, used, _ = moves._hits(frozenset({"training_development"}),
                               moves.concepts_in("為栽培對象建構其個人發展計劃，提供協助"))
    assert hit == {"training_development"} and used == {"talent_development", "development_plan"}
    found = {m.target: m for m in moves.move(corpus, OFFICER, TRAINING_MANAGER).items}
    assert "107004L4" in {c.code for c in found[f"{TRAINING_MANAGER}/K03"].covered_by}  # 訓練與發展


def test_a_competency_listed_with_others_is_demanded_in_part_by_work_naming_it(corpus):
    found = {m.target_text: m for m in moves.move(corpus, MANAGER, CAREER_UNIT).items}
    consulting = found["S1 諮詢及協商能力"]  # counselling and negotiation: two competencies
    assert consulting.strength == PARTIAL and "107100L5" in {c.code for c in consulting.covered_by}  # 輔導管理人員…
    assert consulting.basis == moves.BY_PART
    # A skill that is one competency still needs all of it named: 簡報能力 is not covered by what coaches managers.
    assert "107100L5" not in {c.code for c in found["S4 簡報能力"].covered_by}


def test_work_that_names_a_broader_concept_and_states_the_part_demands_knowing_the_part(corpus):
    manager = {i.key: i for i in moves.record(corpus, TRAINING_MANAGER).items}
    unit = {i.key: i for i in moves.record(corpus, CAREER_UNIT).items}
    theory = moves._profile(unit[f"{CAREER_UNIT}#K7"])  # 成人學習理論, a part of designing learning
    # 發展學習策略架構 applies learning theory (運用學習理論…) in an indicator: it demands knowing it.
    assert moves._demands_part(theory, moves._profile(manager[f"{TRAINING_MANAGER}/T2.2"]))
    # 分析學習策略考量要素 names learning strategy too but never states learning theory: not evidence of it.
    assert not moves._demands_part(theory, moves._profile(manager[f"{TRAINING_MANAGER}/T2.1"]))
    found = {m.key: m for m in moves.move(corpus, TRAINING_MANAGER, CAREER_UNIT).items}
    assert [c.key for c in found[f"{CAREER_UNIT}#K7"].covered_by] == [f"{TRAINING_MANAGER}/T2.2"]


def test_two_pieces_of_work_running_programmes_of_one_family_are_a_partial_cover(corpus):
    manager = {i.code: moves._profile(i) for i in moves.record(corpus, MANAGER).items}
    officer = {i.code: moves._profile(i) for i in moves.record(corpus, OFFICER).items}
    courses = officer["107010L4"]  # 籌備並進行員工學習及發展課程
    # Leadership training and other activities (107005L5) and successors' development programmes (106999L5) are
    # run as running L&D courses is: one family (training and development), one act.
    # The family is named as closely as it can be: successors' development programmes and L&D courses are both
    # training design.
    assert moves._runs_alike(manager["107005L5"], courses) == {"training_development"}
    assert moves._runs_alike(manager["106999L5"], courses) == {"training_design"}
    # Reviewing development plans runs no programme; a health-education activity is another family.
    assert not moves._runs_alike(manager["107011L5"], courses)
    assert not moves._runs_alike(officer["107104L4"], courses)
    found = {m.target: m for m in moves.move(corpus, OFFICER, MANAGER).items}
    assert "107010L4" in {c.code for c in found["106999L5"].covered_by}


def test_career_development_and_training_programmes_are_one_family_of_human_resource_development(corpus):
    manager = {i.code: moves._profile(i) for i in moves.record(corpus, MANAGER).items}
    unit = {i.key: moves._profile(i) for i in moves.record(corpus, CAREER_UNIT).items}
    # Human resource development holds training and development and career development (neither is part of the
    # other): running career-development programmes and running leadership training or successors' development
    # programmes are one family of work.
    assert moves._families({"career_development"}, {"talent_development"}) == {"hrd"}
    assert moves._families({"training_design"}, {"talent_development"}) == {"training_development"}
    programmes = unit[f"{CAREER_UNIT}#3"]  # 執行、管理職涯發展方案
    assert moves._runs_alike(programmes, manager["106999L5"]) == {"hrd"}
    # The skill of running career-development programmes is had in part by running such programmes too; designing
    # L&D courses (訂立員工學習及發展課程) shares no act with running them.
    skill = unit[f"{CAREER_UNIT}#S7"]  # 職涯發展方案執行及管理能力
    assert moves._runs_alike(skill, manager["107005L5"]) == {"hrd"}
    assert not moves._runs_alike(skill, manager["107009L5"])
    # Work that runs programmes goes with work that designs them, as running goes with designing anywhere: designing
    # L&D courses is a part of running career-development programmes (the skill's act is the skill; work's is not).
    assert moves._runs_alike(programmes, manager["107009L5"]) == {"hrd"}
    found = {m.key: m for m in moves.move(corpus, MANAGER, CAREER_UNIT).items}
    for key in (f"{CAREER_UNIT}#3", f"{CAREER_UNIT}#S7"):
        assert {"106999L5", "107005L5"} <= {c.code for c in found[key].covered_by}
        assert found[key].strength == PARTIAL
    # 提出…解決方案 proposes solutions: 方案 in 解決方案 names no programme (the `none` row of hr_work_kinds.tsv), so an
    # analysing unit is not read as running one, whatever its act.
    gaps = manager["106922L5"]  # 確定能力差距，並提出改進機構績效的解決方案
    assert not moves._runs_alike(programmes, moves._Profile(gaps.item, gaps.wording, gaps.name_concepts,
                                                            gaps.name_coverage, gaps.bigrams, frozenset({"deliver"})))
    # A part of neither is no cover: a health-education activity runs a programme of another family.
    assert not moves._runs_alike(programmes, moves._profile(
        next(i for i in moves.record(corpus, OFFICER).items if i.code == "107104L4")))


def test_talent_reviews_and_competency_gaps_are_parts_of_what_they_serve(corpus):
    # A talent review (人才複檢) is one practice of talent management, not all of it: a review unit and a unit building
    # nominees' individual development plans are two parts of talent development, not one topic.
    assert moves.concepts_in("進行人才複檢") == {"talent_review"}
    assert moves._parents()["talent_review"] == {"talent_development"}
    found = {m.target: m for m in moves.move(corpus, OFFICER, MANAGER).items}
    assert "107004L4" not in {c.code for c in found["106994L5"].covered_by}
    # A competency gap (能力差距, a skills audit) is what a training needs analysis finds: analysing an organisation's
    # capability gaps covers a part of analysing career-development needs.
    assert "training_needs" in moves._parents()["competency_gap"]
    found = {m.key: m for m in moves.move(corpus, MANAGER, CAREER_UNIT).items}
    assert "106922L5" in {c.code for c in found[f"{CAREER_UNIT}#1"].covered_by}


def test_keeping_hr_records_is_a_part_of_hr_data(corpus):
    # Records (紀錄, 存檔) are HR data: keeping L&D records up to date and filing change histories are parts of providing
    # management with accurate, current HR metrics (107052L4), not of unrelated work.
    assert "hr_data" in moves._parents()["records"]
    found = {m.target: m for m in moves.move(corpus, ASSISTANT, OFFICER).items}
    assert {"107013L3", "107030L2"} <= {c.code for c in found["107052L4"].covered_by}
    assert found["107052L4"].strength == PARTIAL
    # A record kept along the way is still no topic: communicating with staff is not covered by record keeping.
    assert "107030L2" not in {c.code for c in found["107062L4"].covered_by}


def test_work_nothing_else_covers_names_the_best_aligned_work_only(corpus):
    manager = {i.key: moves._profile(i) for i in moves.record(corpus, TRAINING_MANAGER).items}
    project = [moves._profile(i) for i in moves.record(corpus, TRAINING_PROJECT).items]
    employment = [moves._profile(i) for i in moves.record(corpus, EMPLOYMENT).items]
    weights = moves.corpus_weights(corpus)
    # 發展學習策略架構 analyses learners' needs (學習需求); 評估專案承接可行性 analyses a client's training needs.
    # With texts that read alike, that one current task is named; the lines' concept is the reason.
    alike = np.full(len(project), 0.9)
    found = moves._best_aligned(manager[f"{TRAINING_MANAGER}/T2.2"], project, alike, weights)
    assert [c.key for _, c in found] == [f"{TRAINING_PROJECT}/T3.2"]
    assert found[0][0].strength == PARTIAL and found[0][0].concepts == ("training_needs",)
    # Texts that read apart are not aligned, whatever they name.
    assert not moves._best_aligned(manager[f"{TRAINING_MANAGER}/T2.2"], project, np.full(len(project), 0.5), weights)
    # Recording is an act, not a topic: two lines that both record something (評估學習策略 records its review,
    # 就業成效追蹤 its closing notes) are not about one thing.
    assert "records" in moves.act_concepts()
    assert not moves._best_aligned(manager[f"{TRAINING_MANAGER}/T2.4"], employment, np.full(len(employment), 0.9),
                                   weights)
    # Knowledge is never aligned this way.
    assert not moves._best_aligned(manager[f"{TRAINING_MANAGER}/K03"], project, alike, weights)


def test_work_that_communicates_along_the_way_is_not_about_communication(corpus):
    assistant = {i.code: moves._profile(i) for i in moves.record(corpus, ASSISTANT).items}
    employment = {i.key: moves._profile(i) for i in moves.record(corpus, EMPLOYMENT).items}
    officer = {i.code: moves._profile(i) for i in moves.record(corpus, OFFICER).items}
    weights = moves.corpus_weights(corpus)
    staff = assistant["107091L4"]  # 搜尋聰明而具創意的方式，以促進員工溝通
    # 就業媒合 talks with job seekers in an indicator: however alike the texts read, that is not staff communication.
    assert moves._evidence(staff, employment[f"{EMPLOYMENT}/T3.2"], 0.95, weights) is None
    # A unit about keeping staff communication effective names the topic itself and still covers a part of it.
    assert moves._evidence(staff, officer["107062L4"], 0.95, weights).strength == PARTIAL


def test_two_hk_units_on_one_topic_are_one_competency_whatever_each_does_with_it(corpus):
    manager = {i.code: moves._profile(i) for i in moves.record(corpus, MANAGER).items}
    officer = {i.code: moves._profile(i) for i in moves.record(corpus, OFFICER).items}
    training = {i.key: moves._profile(i) for i in moves.record(corpus, TRAINING_MANAGER).items}
    # 開發工作表現評核工具 designs, 監察工作表現反饋的溝通過程 monitors: both are performance management.
    assert moves._one_topic_units(manager["107016L5"], officer["107017L4"])
    found = {m.target: m for m in moves.move(corpus, OFFICER, MANAGER).items}
    assert "107017L4" in {c.code for c in found["107016L5"].covered_by}
    # A unit with another topic beside it is not the same topic; tasks keep their acts apart (設計 / 評估學習策略).
    assert not moves._one_topic_units(manager["107055L4"], officer["107022L4"])
    assert not moves._one_topic_units(training[f"{TRAINING_MANAGER}/T2.3"], training[f"{TRAINING_MANAGER}/T2.4"])


def test_a_name_is_about_what_it_names_before_the_parts_it_lists(corpus):
    # 專案管理方法，包含：…風險評估與管控…: a project-management method; risk is one of the parts it lists.
    methods = "專案執行所需的專案管理方法，包含：時程管控、成本管控、風險評估與管控、品質管控"
    assert moves._head(methods) == "專案執行所需的專案管理方法"
    assert moves._head("求職策略（如自我行銷、人脈經營等）") == "求職策略"
    assert moves._head("溝通協調能力") == "溝通協調能力"
    project = {i.key: i for i in moves.record(corpus, TRAINING_PROJECT).items}
    assert moves._profile(project[f"{TRAINING_PROJECT}/K19"]).name_concepts == {"project_management"}
    # So the method list is no cover of an HK unit acting on people risk (進行減輕或減少人員風險的必要行動).
    found = {m.target: m for m in moves.move(corpus, TRAINING_PROJECT, OFFICER).items}
    assert f"{TRAINING_PROJECT}/K19" not in {c.code for c in found["107077L4"].covered_by}


def test_work_on_a_concept_is_partly_done_by_work_on_the_broader_one(corpus):
    manager = {i.code: moves._profile(i) for i in moves.record(corpus, MANAGER).items}
    officer = {i.code: moves._profile(i) for i in moves.record(corpus, OFFICER).items}
    weights = moves.corpus_weights(corpus)
    # 複檢員工發展計劃 (staff development plans, a training plan) is a part of development plans, which
    # 為栽培對象建構其個人發展計劃 builds: the broader version of the work, a partial cover.
    assert moves._broader_work(manager["107011L5"], officer["107004L4"], weights) == {"development_plan"}
    evidence = moves._evidence(manager["107011L5"], officer["107004L4"], 0.9, weights)
    assert evidence.strength == PARTIAL and evidence.basis == moves.BY_PART
    found = {m.target: m for m in moves.move(corpus, OFFICER, MANAGER).items}
    assert "107004L4" in {c.code for c in found["107011L5"].covered_by}
    # A target naming several concepts (工作表現差距, 發展需要, 事業發展) is not covered in part by the broader version of
    # one of them; and the narrower work is no broader version of the broader one.
    assert not moves._broader_work(manager["107019L5"], officer["107004L4"], weights)
    assert not moves._broader_work(officer["107004L4"], manager["107011L5"], weights)
    assert not moves._broader_work(manager["107009L5"], officer["107010L4"], weights)  # both training design


def test_work_whose_act_is_communicating_demands_communication(corpus):
    # 向持分者闡述…補償計劃 explains, 推廣機構願景 promotes: both communicate, so both demand the career unit's
    # 溝通協調能力 in part; a unit that acts otherwise does not (訂立員工學習及發展課程 designs courses).
    assert moves._act_named(moves.actions_in("向持分者闡述已採取的補償計劃")) == {"communication"}
    assert moves.actions_in("推廣機構願景、使命、核心價值和行為期望") == {"communicate"}
    found = {m.target_text: m for m in moves.move(corpus, MANAGER, CAREER_UNIT).items}
    communication = found["S2 溝通協調能力"]
    assert {"106976L5", "106916L5"} <= {c.code for c in communication.covered_by}
    assert communication.strength == PARTIAL
    assert "107009L5" not in {c.code for c in communication.covered_by}


def test_the_indexed_concept_scan_finds_what_trying_every_term_finds(corpus):
    def every_term(text):  # the scan without the index: each term of the vocabulary tried in turn
        text = moves._normalise(text)
        found, taken = set(), [False] * len(text)
        for cid, pattern in moves.load_concepts()[1]:
            for m in pattern.finditer(text):
                a, b = m.span(1) if pattern.groups else m.span()
                if not any(taken[a:b]):
                    found.add(cid)
                    taken[a:b] = [True] * (b - a)
        return frozenset(found), (sum(taken) / len(text) if text else 0.0)

    texts = [i.text for r in moves.records(corpus) for i in r.items] + ["培育與考核部屬", "HR data and training needs"]
    assert len(texts) > 200
    for text in texts:
        assert moves.scan_concepts(text) == every_term(text), text


def test_vocabulary_errors_name_the_file_and_line(tmp_path):
    bad = tmp_path / "concepts.tsv"
    bad.write_text("only-one-cell\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"concepts.tsv:1"):
        moves.load_concepts(bad)
    kinds = tmp_path / "kinds.tsv"
    kinds.write_text("# a comment\nprogramme\t方案\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"kinds.tsv:2"):
        moves._work_kinds(kinds)


# --- the views use move(): these fail when they diverge -----------------------------------------


@pytest.mark.parametrize("from_id,to_id", [(EMPLOYMENT, TRAINING_MANAGER), (TRAINING_MANAGER, MANAGER),
                                           (OFFICER, MANAGER)])
def test_gap_view_is_the_move(corpus, fake_embed, from_id, to_id):
    found = moves.move(corpus, from_id, to_id, embed=fake_embed)
    view = explore.gap(corpus, from_id, to_id, fake_embed)
    assert [(r["target_code"], r["strength"], [c["code"] for c in r["covered_by"]]) for r in view["covered"]] == \
        [(m.target, m.strength, [c.code for c in m.covered_by]) for m in found.covered]
    assert [n["code"] for n in view["new"]] == [m.target for m in found.missing]
    assert [s["code"] for s in view["steps"]] == [s.code for s in found.next_steps if s.kind != "course"]


def test_compare_view_is_the_move(corpus, fake_embed):
    found = moves.move(corpus, OFFICER, TRAINING_MANAGER, embed=fake_embed)
    view = explore.compare(corpus, OFFICER, TRAINING_MANAGER, fake_embed)
    assert [(r["right_code"], r["left_code"], r["strength"]) for r in view["related"]] == \
        [(m.target, m.covered_by[0].code, m.strength) for m in found.covered]


def test_self_check_steps_are_the_moves_next_steps(corpus):
    standard = corpus.document(TRAINING_MANAGER)
    ticked = {standard.qualify(p.code) for p in standard.tasks[0].indicators}
    check = explore.self_check(corpus, TRAINING_MANAGER, ticked)
    steps = moves.next_steps(corpus, TRAINING_MANAGER, explore.ticked_matches(corpus, TRAINING_MANAGER, ticked))
    assert [s["code"] for s in check["steps"] if s["kind"] != "entry"] == [s.code for s in steps]


# --- the command line ------------------------------------------------------------------------------


def test_cli_move_json(capsys):
    from retrieval.cli import main

    assert main(["move", OFFICER, TRAINING_MANAGER, "--json", "--no-embed"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from"]["id"] == OFFICER and data["to"]["id"] == TRAINING_MANAGER
    assert {i["strength"] for i in data["items"]} <= {SAME, PARTIAL, NONE}


def test_cli_move_text_and_unknown_ids(capsys):
    from retrieval.cli import main

    assert main(["move", EMPLOYMENT, TRAINING_MANAGER, "--no-embed"]) == 0
    out = capsys.readouterr().out
    assert "Covered" in out and "Missing" in out and "Next steps" in out and f"{TRAINING_MANAGER}/S02" in out
    assert main(["move", "BHR0000-000v0", TRAINING_MANAGER, "--no-embed"]) == 2
    assert "BHR0000-000v0" in capsys.readouterr().err


def test_next_steps_put_first_what_most_of_the_open_work_needs(corpus):
    standard = corpus.standards[0]
    steps = moves.move(corpus, corpus.standards[-1].code, standard.code).next_steps
    learned = [s for s in steps if s.kind in ("knowledge", "skill")]
    counts = [len(s.for_items) for s in learned]
    assert len(set(counts)) > 1 and counts == sorted(counts, reverse=True)


def test_a_part_the_target_names_beside_its_whole_elaborates_it(corpus):
    # 訂立並進行領袖能力培訓…: leadership (talent development) is a part of the training (training and development) the
    # name also names, so knowing training and development is most of what it says: a partial cover.
    found = {m.target: m for m in moves.move(corpus, TRAINING_MANAGER, MANAGER).items}
    leadership = found["107005L5"]
    assert f"{TRAINING_MANAGER}/K03" in {c.code for c in leadership.covered_by}  # 訓練與發展
    assert leadership.strength == PARTIAL
    # Only a whole the current item names itself: learning-strategy tasks name a part of training (training design),
    # and do not thereby say the leadership the unit is about.
    assert not {f"{TRAINING_MANAGER}/T2.2", f"{TRAINING_MANAGER}/T2.3"} & {c.code for c in leadership.covered_by}


def test_workplace_relations_law_is_law(corpus):
    # 職場關係法規 is legislation on workplace relations, read as law as 勞資相關法規 is, not as employee relations.
    assert moves.concepts_in("職場關係法規、職場關係法律和其他相關法律") == {"law_regulation"}
    found = {m.target: m for m in moves.move(corpus, TRAINING_PROJECT, OFFICER).items}
    for unit in ("107057L4", "107059L4"):  # compliance units
        assert f"{TRAINING_PROJECT}/K29" in {c.code for c in found[unit].covered_by}
        assert found[unit].strength == PARTIAL


def test_an_hk_unit_doing_the_same_with_a_part_of_what_the_target_names_covers_a_part_of_it(corpus):
    manager = {i.code: moves._profile(i) for i in moves.record(corpus, MANAGER).items}
    officer = {i.code: moves._profile(i) for i in moves.record(corpus, OFFICER).items}
    assistant = {i.code: moves._profile(i) for i in moves.record(corpus, ASSISTANT).items}
    policies = manager["107055L4"]  # 檢驗人力資源政策、程序及實務遵守法規的要求與否: HR policy and law, checked
    # 檢驗員工在人力資源方面遵守法規的理解: law only, checked too: a part of the target's topic, the same act.
    assert moves._within_unit(policies, officer["107057L4"])
    # One specific act in common is needed: keeping L&D records (no act stated) is no part of running L&D courses, and
    # monitoring performance feedback is not deploying predictive analytics (which states no act of the vocabulary).
    assert not moves._within_unit(officer["107010L4"], assistant["107013L3"])
    assert not moves._within_unit(manager["107051L5"], officer["107017L4"])
    found = {m.target: m for m in moves.move(corpus, OFFICER, MANAGER).items}
    assert {"107057L4", "107059L4"} <= {c.code for c in found["107055L4"].covered_by}
    assert found["107055L4"].strength == PARTIAL


def test_a_recruiters_interview_is_no_counselling_of_a_job_seeker(corpus):
    from retrieval import moves

    found = moves.move(corpus, "BHR3333-004v2", "BHR1212-001v2")
    interview = next(m for m in found.items if m.target.endswith("/S24"))  # 面談技能, listed on recruiting
    assert not interview.covered  # 引導啟發技巧 guides a job seeker; it is no recruitment interview


def test_years_in_a_line_of_work_a_rule_names_cannot_be_told_from_years_in_all(corpus):
    from retrieval import moves

    entry = moves.entry_of(corpus, "BHR3333-004v2")  # "…相關科系(所)畢業，或具 1 年以上就業服務相關經歷"
    checks = moves.check_entry(entry, None, 10)  # ten years running a bakery, say: not said to be employment services
    assert checks and all(c.status == moves.CANNOT_TELL for c in checks)
    generic = moves.check_entry(moves.entry_of(corpus, "BHR1212-002v3"), "大學", 6)  # "…或5年以上相關領域工作經驗"
    assert any(c.status == moves.MET for c in generic)


def test_dense_scores_are_read_against_the_record_pairs_usual_likeness(corpus):
    # HK units are written longer and otherwise than TW tasks, so every HK-TW pair reads less alike than two TW
    # standards' tasks: a floor asks how far above the two records' usual likeness a pair reads, not an absolute score.
    targets, currents = moves.record(corpus, TRAINING_MANAGER).items, moves.record(corpus, MANAGER).items
    t = next(n for n, i in enumerate(targets) if i.key == f"{TRAINING_MANAGER}/T2.3")
    c = next(n for n, i in enumerate(currents) if i.code == "107008L5")
    dense = np.full((len(targets), len(currents)), 0.88)
    dense[t, c] = 0.905  # below the detail floor as an absolute score, far above this pair's usual likeness
    calibrated = moves._calibrate(dense, targets, currents)
    assert dense[t, c] < moves.DENSE_SUPPORT <= calibrated[t, c]
    # Records that read more alike everywhere (the same pattern 0.03 higher) are read the same way.
    assert np.allclose(moves._calibrate(dense + 0.03, targets, currents), calibrated)
    # A handful of claimed abilities tells no usual likeness: their scores are kept as they are.
    abilities, _ = moves._ability_items(["會做簡報", "帶過新人訓練"])
    few = np.full((len(targets), len(abilities)), 0.9)
    assert np.array_equal(moves._calibrate(few, targets, abilities), few)


def test_a_student_of_a_field_named_has_not_yet_graduated_in_it(corpus):
    entry = moves.entry_of(corpus, EMPLOYMENT)  # "社會、企管、人資…相關科系(所)畢業，或具 1 年以上…經歷"
    [studying] = moves.check_entry(entry, education="人資系大三")
    assert studying.status == moves.CANNOT_TELL and studying.why == "studying"
    [graduated] = moves.check_entry(entry, education="人資系畢業")
    assert graduated.status == moves.MET and graduated.why == ""


def test_a_held_qualification_is_checked_against_the_qf_level_a_ladder_asks(corpus):
    entry = moves.entry_of(corpus, OFFICER)
    ladder = next(r for r in entry.requirements if r.source == "qualification_entry" and "第 3 級" in r.text)
    held_here = moves.Held("一個第 3 級文憑", 3, listed_here=True)
    checks = {c.requirement.text: c for c in moves.check_entry(entry, held=held_here)}
    assert checks[ladder.text].status == moves.MET  # the level, and a related subject by the document's own list
    elsewhere = moves.Held("別處的第 3 級文憑", 3, listed_here=False)
    checks = {c.requirement.text: c for c in moves.check_entry(entry, held=elsewhere)}
    assert checks[ladder.text].status == moves.CANNOT_TELL  # the level is met; whether the subject is related is not said
    lower = moves.Held("一個第 2 級證書", 2, listed_here=True)
    checks = {c.requirement.text: c for c in moves.check_entry(entry, held=lower)}
    assert checks[ladder.text].status == moves.NOT_MET


def test_the_hong_kong_school_leaving_exam_is_secondary_schooling():
    assert moves.education_level("DSE").id == moves.education_level("中學畢業").id == "secondary"
