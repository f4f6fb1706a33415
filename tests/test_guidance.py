"""The user's own move, fit and eligibility in the chat: written from retrieval.moves, the function the
views and the brief use too."""

import pytest

from retrieval import moves
from retrieval.answer import Knowledge, answer


@pytest.fixture(scope="module")
def knowledge(retriever, corpus):
    return Knowledge(retriever, corpus)


def test_a_move_answer_shows_what_move_classes_as_covered_and_missing(knowledge, corpus):
    result = answer("我在就業服務站做了三年，想往訓練經理發展，要補哪些能力？", [], knowledge=knowledge)
    assert result.intent == "move" and result.focus == ("BHR3333-004v2", "BHR1212-002v3")
    found = moves.move(corpus, "BHR3333-004v2", "BHR1212-002v3")
    for match in found.items:
        if match.covered:  # the chat names the covering item beside every covered target item
            assert match.target in result.citations and match.covered_by[0].code in result.citations
    first_missing = next(m for m in found.items if not m.covered and m.kind == "task")
    assert first_missing.target in result.citations
    assert "「就業服務站」" in result.text  # the loosely described job is matched, and said so in the answer
    assert not any("就業服務站" in n for n in result.notices)  # once


@pytest.mark.parametrize("question", [
    "我做了三年就業服務，想轉訓練經理，要補什麼？",
    "我做了三年就业服务，想转训练经理，要补什么？",
    "I've worked in employment services for three years and want to become a training manager. What am I missing?",
])
def test_the_same_move_in_three_languages(knowledge, question):
    result = answer(question, [], knowledge=knowledge)
    assert result.intent == "move" and {"BHR3333-004v2", "BHR1212-002v3"} <= set(result.focus)


def test_a_follow_up_that_changes_only_the_target(knowledge):
    first = "我做了三年就業服務，想轉訓練經理，要補什麼？"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": answer(first, [], knowledge=knowledge).text}]
    follow = answer("那如果是培訓專案主管人員呢？", history, knowledge=knowledge)
    assert "BHR1212-001v2" in follow.focus


def test_eligibility_is_checked_against_what_the_user_said(knowledge):
    result = answer("我大學讀法律，做過兩年行政，可以應徵培訓專案主管嗎？", [], knowledge=knowledge)
    assert result.intent == "move" and "BHR1212-001v2" in result.citations
    assert "培訓相關工作 5 年以上" in result.text and "→" in result.text  # each requirement with its verdict


def test_hk_rungs_get_the_official_unit_gap(knowledge, corpus):
    result = answer("人才管理經理想升總監，要多學哪些能力單元？", [], knowledge=knowledge)
    director, manager = corpus.role("HK:人才管理總監"), corpus.role("HK:人才管理經理")
    missing = [c for c in director.unit_codes if c not in manager.unit_codes]
    assert f"{len(missing)} 個能力單元" in result.text


def test_which_roles_fit_names_records_with_the_items_that_match(knowledge):
    result = answer("我對職涯諮詢很有興趣，想在企業內幫員工規劃職涯路徑，有沒有對應的職能可以參考？", [], knowledge=knowledge)
    assert result.intent == "fit" and result.text.splitlines()[2].startswith("1. 協調職涯發展")
    assert "不同的量尺" in result.text  # never an official TW/QF level equivalence


def test_the_closest_records_in_another_framework_are_found_from_the_current_records_own_items(knowledge, corpus):
    from retrieval.answer import answer

    result = answer("HK talent management officer, 5 yrs. Moving to Taiwan: which iCAP standard is closest to my job?",
                    [], knowledge=knowledge)
    standards = {s.code for s in corpus.standards}
    assert not result.abstained and result.intent == "fit"
    assert {c.split("/", 1)[0] for c in result.citations} & standards  # the Taiwan side, not the HK role again



def test_abilities_claimed_against_one_record_leave_only_the_asked_kind_still_missing(knowledge, corpus):
    # "I already know X and Y, what else": the items of the kind asked, less those the claims match.
    result = answer("訓練經理要具備哪些知識？我目前只懂人資管理跟組織文化，還差什麼", [], knowledge=knowledge)
    standard = corpus.document("BHR1212-002v3")
    knowledge_codes = {standard.qualify(k.code) for k in standard.knowledge}
    culture = next(standard.qualify(k.code) for k in standard.knowledge if k.text == "組織文化")
    assert result.intent == "move" and culture in result.citations  # matched to the claim
    items = {c for c in result.citations if "/" in c}
    assert items == knowledge_codes  # each knowledge item is matched or still needed; nothing of other kinds
    assert result.text.count(culture) == 1  # matched to the claim, so not listed again as still needed


def test_eligibility_comes_first_and_a_field_of_study_is_checked(knowledge):
    result = answer("我本科人力资源管理专业，在上海做了3年培训专员，想应聘台湾的训练经理，学历和经验够吗？", [],
                    knowledge=knowledge)
    lines = [line for line in result.text.splitlines() if line.strip()]
    entry = next(i for i, line in enumerate(lines) if "大专以上" in line)
    gap = next(i for i, line in enumerate(lines) if line.startswith("你已具备"))
    assert entry < gap and "符合" in lines[entry]  # the entry check before the gap, and met by field and years


def test_which_of_two_named_jobs_fits_ranks_only_those_two(knowledge):
    result = answer("我很會上課、設計教案、出考卷，但很怕跑業務。訓練經理跟培訓專案主管哪個比較適合我？", [],
                    knowledge=knowledge)
    named = [line for line in result.text.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert result.intent == "fit" and len(named) == 2
    assert all("訓練經理" in line or "培訓專案主管人員" in line for line in named)


def test_the_units_a_rung_up_lists_are_named_when_units_are_asked(knowledge, corpus):
    result = answer("我做緊人才管理主任，想升經理，要補返啲咩能力單元？", [], knowledge=knowledge)
    manager, officer = corpus.role("HK:人才管理經理"), corpus.role("HK:人才管理主任")
    missing = [c for c in manager.unit_codes if c not in officer.unit_codes]
    assert missing and all(code in result.citations for code in missing)


def test_a_fit_names_the_job_titles_that_say_what_the_user_wants(knowledge):
    result = answer("做就服員5年了 想去香港做培訓那一塊 比較接近他們哪個職位？", [], knowledge=knowledge)
    assert "培訓主任" in result.text or "培訓助理" in result.text


def test_an_entry_level_job_sought_ranks_the_first_rungs(knowledge, corpus):
    result = answer("A student is analytical, enjoys statistics and dashboards, and wants an entry-level HR job in "
                    "Hong Kong. Which talent management rank matches that?", [], knowledge=knowledge)
    ranked = [line for line in result.text.splitlines() if line[:2] in ("1.", "2.", "3.")]
    path = next(p for p in corpus.career_paths if p.roles)
    top = sorted(path.roles, key=lambda r: r.qualification.qf_level)[-1]  # the highest rung is no first job
    assert ranked and not any(top.id in line for line in ranked)


def test_a_rung_asking_more_schooling_than_the_user_has_is_not_within_reach(knowledge, corpus):
    from retrieval.answering.guidance import GuidanceWriter

    plan = knowledge.plan("我只有中學畢業，喜歡處理人事資料同做紀錄，香港人才管理邊級最啱我？", [])
    writer = GuidanceWriter(corpus, knowledge.vocabulary, knowledge.items)
    path = next(p for p in corpus.career_paths if p.roles)
    rungs = sorted(path.roles, key=lambda r: r.qualification.qf_level)
    assert not writer._not_eligible(plan, rungs[0].id)  # six years of secondary school: one way in is met
    assert writer._not_eligible(plan, rungs[-1].id)  # a degree or a QF qualification below it: neither is
    result = answer(plan.question, [], knowledge=knowledge)
    assert "符合" in result.text  # the entry requirement the schooling decides is shown with the fit


def test_the_standard_closest_to_a_job_is_a_job_not_a_competency_unit(knowledge, corpus):
    from retrieval.answering.guidance import GuidanceWriter

    units = {u.code for u in corpus.units}
    writer = GuidanceWriter(corpus, knowledge.vocabulary, knowledge.items, in_view=tuple(units))
    plan = knowledge.plan("我喺香港做咗幾年培訓主任，想返台灣發展。台灣有冇對應我呢份工嘅職能基準？", [])
    assert plan.form == "fit" and plan.situation.current == ("HK:人才管理主任",)
    candidates = writer.closest_candidates(plan, "HK:人才管理主任")
    assert candidates and not units & set(candidates)  # TW standards only, though a unit is in view
    asked = knowledge.plan("我喺香港做人才管理主任，台灣 iCAP 有冇類似嘅職能單元？", [])
    assert units <= set(writer.closest_candidates(asked, "HK:人才管理主任"))  # units asked for are ranked


def test_an_entry_level_move_in_a_framework_named_starts_at_its_first_rung_with_the_courses_asked(knowledge, corpus):
    path = next(p for p in corpus.career_paths if p.roles)
    first = min(path.roles, key=lambda r: r.qualification.qf_level)
    result = answer("我係社工系畢業，喺NGO做就業服務三年。想轉去商界做HR，由最基層做起，香港份文件有冇啲入門課程可以讀？", [],
                    knowledge=knowledge)
    assert result.intent == "move" and first.id in result.focus
    steps = result.text.split("\n\n")[-2].splitlines()  # the next steps, courses first since courses are asked
    assert first.courses[0].programme in steps[1]


def test_a_claimed_ability_is_matched_to_a_competence_rather_than_to_a_document(knowledge):
    result = answer("I'm great at project mgmt (PMP certified), I enjoy juggling timelines, costs and risks. Which of "
                    "the Taiwan standards would use that the most?", [], knowledge=knowledge)
    line = next(line for line in result.text.splitlines() if "pmp" in line.lower() and "→" in line)
    assert "work output" not in line and ("skill" in line or "task" in line or "knowledge" in line)


def _fits(knowledge, corpus, question, in_view=()):
    from retrieval.answering.guidance import GuidanceWriter, _claims

    plan = knowledge.plan(question, [])
    writer = GuidanceWriter(corpus, knowledge.vocabulary, knowledge.items, in_view=in_view)
    return plan, writer, [(code, found) for code, found, _ in writer._fits_by_items(plan, _claims(plan))]


def test_a_claimed_word_matches_an_item_only_as_a_word_of_it(knowledge, corpus):
    from retrieval.lexical import normalise

    # 核對 is not printed by "評核對業務的影響" (評核 + 對 業務), though its two characters stand there in a row
    plan, _, fits = _fits(knowledge, corpus, "我很會核對資料，香港人才管理邊個職位啱我？")
    assert "核對" in plan.aspect and fits
    for _, found in fits:
        for item in found.values():
            text = normalise(item.text)
            assert "評核對" not in text or "核對" in text.replace("評核對", "")


def test_two_records_named_are_both_ranked_though_one_matches_nothing(knowledge, corpus):
    plan, _, fits = _fits(knowledge, corpus, "我很會接案，訓練經理跟培訓專案主管哪個比較適合我？")
    named = {"BHR1212-002v3", "BHR1212-001v2"}
    assert {code for code, _ in fits} == named
    assert any(found for _, found in fits) and any(not found for _, found in fits)  # one of them matches nothing


def test_a_claim_matched_by_an_item_under_a_task_names_that_task(knowledge, corpus):
    plan, writer, fits = _fits(knowledge, corpus, "我喜歡接案、寫提案，台灣哪個職能基準適合我？",
                               in_view=("BHR1212-001v2", "BHR1212-002v3", "BHR3333-004v2"))
    text = writer.fit(plan).text
    under = [item for _, found in fits for item in found.values() if item.parent and item.context]
    assert under  # 接案評估表 sits under the task of assessing whether to take on a project
    for item in under:
        line = next(line for line in text.splitlines() if item.code in line and "→" in line)
        assert item.parent in line and item.context in line


def test_one_rung_near_the_question_makes_every_rung_of_its_ladder_a_candidate(knowledge, corpus):
    path = next(p for p in corpus.career_paths if p.roles)
    top, first = (max(path.roles, key=lambda r: r.qualification.qf_level),
                  min(path.roles, key=lambda r: r.qualification.qf_level))
    _, _, fits = _fits(knowledge, corpus, "我鍾意處理人力資源數據，同埋把員工紀錄存檔，邊個職位啱我？", in_view=(top.id,))
    assert first.id in {code for code, _ in fits}


def test_the_records_whose_items_print_a_claim_are_ranked_though_retrieval_did_not_bring_them(knowledge, corpus):
    standard = next(s for s in corpus.standards if any(o.text == "職能學習地圖" for t in s.tasks for o in t.outputs))
    _, _, fits = _fits(knowledge, corpus, "我很喜歡撰寫職能學習地圖，哪個職務適合我？", in_view=())
    assert standard.code in {code for code, _ in fits}


def test_a_claim_in_words_no_record_prints_is_still_weighed_and_said(knowledge, corpus):
    plan, writer, _ = _fits(knowledge, corpus, "我喜歡教人、也很會做簡報，哪個職務適合我？",
                            in_view=("BHR1212-002v3", "BHR3333-004v2"))
    assert "教人" in plan.situation.abilities
    assert "教人" in writer.fit(plan).text  # matched by what reads like it, or said to match nothing


def test_the_target_units_about_what_is_asked_come_first(knowledge, corpus):
    path = next(p for p in corpus.career_paths if p.roles)
    role = sorted(path.roles, key=lambda r: r.qualification.qf_level)[1]
    result = answer(f"I've been a recruiter for 3 years. I'd like to switch into L&D as {role.title}. Which units of "
                    f"it are about training, and what would I still need to learn?", [], knowledge=knowledge)
    listed = [line for line in result.text.splitlines() if line.startswith("- ") and "unit of competency" in line]
    assert listed and any(w in listed[0] for w in ("學習", "培訓", "訓練"))


def test_a_rung_s_admission_not_met_shows_the_way_in_one_rung_down(knowledge, corpus):
    path = next(p for p in corpus.career_paths if p.roles)
    first, second = sorted(path.roles, key=lambda r: r.qualification.qf_level)[:2]
    result = answer(f"我中學讀完六年，但係冇DSE五科2級，係咪讀唔到{second.title}嗰個資歷？", [], knowledge=knowledge)
    assert first.id in result.citations
    assert first.qualification.entry_requirements[0] in result.text


def test_no_way_in_below_is_offered_to_someone_already_on_the_rung_below(knowledge, corpus):
    path = next(p for p in corpus.career_paths if p.roles)
    first, second = sorted(path.roles, key=lambda r: r.qualification.qf_level)[:2]
    result = answer(f"I'm a {first.title} in Hong Kong with a diploma, 4 years in. Can I move up to {second.title}?",
                    [], knowledge=knowledge)
    assert not any(requirement in result.text for requirement in first.qualification.entry_requirements)


def test_every_missing_item_of_a_move_is_named_one_line_per_kind(knowledge, corpus):
    result = answer("我在就業服務站做了三年，想往訓練經理發展，要補哪些能力？", [], knowledge=knowledge)
    found = moves.move(corpus, "BHR3333-004v2", "BHR1212-002v3")
    missing = [m for m in found.items if not m.covered]
    assert len(missing) > 10 and all(m.target in result.citations for m in missing)


def test_every_item_already_covered_is_named_though_only_the_first_carry_reasons(knowledge, corpus):
    from retrieval.answering.guidance import MAX_HAVE

    covered = [m for m in moves.move(corpus, "HK:人才管理主任", "HK:人才管理經理").items if m.covered]
    result = answer("I'm an HR officer in Hong Kong, 4 years in. I want to move up to talent management manager. "
                    "What am I missing?", [], knowledge=knowledge)
    assert len(covered) > MAX_HAVE and all(m.target in result.citations for m in covered)


def test_which_standard_is_like_my_job_ranks_the_other_framework_and_names_the_occupations_it_covers(knowledge):
    result = answer("我喺香港做人才管理經理，台灣邊份職能基準同我做嘅嘢最相似？", [], knowledge=knowledge)
    assert result.intent == "fit"
    first = next(line for line in result.text.splitlines() if line.startswith("1. "))
    assert "BHR1212-002v3" in first  # the TW training manager is closest to an HK talent manager
    assert "資深教育訓練師" in result.text  # the occupations that standard says it covers


def test_which_rung_fits_what_i_am_good_at_ranks_the_rungs(knowledge):
    result = answer("我好擅長處理員工之間嘅衝突，香港人才管理邊個級別適合我？", [], knowledge=knowledge)
    assert result.intent == "fit"
    first = next(line for line in result.text.splitlines() if line.startswith("1. "))
    assert "HK:人才管理經理" in first and "107064L5" in result.citations  # the unit on workplace conflict


def test_a_fit_answers_the_second_part_asked_of_the_best_record(knowledge):
    result = answer("I run a small training company and we write proposals for clients' training projects. "
                    "Which Taiwanese standard describes my job, and what outputs does it expect?", [], knowledge=knowledge)
    assert result.intent == "fit"
    outputs = [c for c in result.citations if c.startswith("BHR1212-001v2/O")]
    assert outputs  # the outputs of the best fit, the training project supervisor


def test_getting_into_the_qualification_of_the_job_held_checks_its_entry_first(knowledge):
    result = answer("I work as an HR assistant in Hong Kong, 2 yrs, finished secondary school. What do I need to get "
                    "into the talent management assistant qualification?", [], knowledge=knowledge)
    lines = [line for line in result.text.splitlines() if line.strip()]
    entry = next(i for i, line in enumerate(lines) if "六年中學教育" in line)
    assert result.intent == "move" and entry < 6 and "met" in lines[entry]


def test_where_i_stand_now_is_read_from_what_i_do_before_the_move(knowledge):
    result = answer("我喺酒店做咗五年，主要係籌備員工培訓課程、準備培訓材料，同埋跟進課程紀錄。照香港人才管理嗰份資歷階梯，"
                    "我而家似邊個崗位？想升經理最欠咩單元？", [], knowledge=knowledge)
    assert result.intent == "move" and result.focus[1] == "HK:人才管理經理"
    assert result.focus[0].startswith("HK:") and result.focus[0] != "HK:人才管理經理"  # a rung of the same ladder


def test_a_move_answers_the_progression_and_the_note_on_a_quoted_thing_too(knowledge, corpus):
    result = answer("我們的培訓主任持有人力資源管理副學士，想報讀人才管理經理的資歷，她符合入讀要求嗎？讀完之後可以再升讀哪一級？"
                    "課程要覆蓋多少單元才算「能力為本課程」？", [], knowledge=knowledge)
    manager = corpus.role("HK:人才管理經理")
    assert result.intent == "move" and result.focus == ("HK:人才管理主任", "HK:人才管理經理")
    assert manager.qualification.education_progression[0] in result.text
    assert "六成" in result.text  # the note on what makes a competency-based course


def test_schooling_alone_against_two_named_jobs_checks_each_ones_entry(knowledge):
    result = answer("社會系剛畢業，完全沒有工作經驗，就業服務人員跟訓練經理哪個比較適合我？", [], knowledge=knowledge)
    numbered = [line for line in result.text.splitlines() if line[:3] in ("1. ", "2. ")]
    assert result.intent == "fit" and "BHR3333-004v2" in numbered[0] and "BHR1212-002v3" in numbered[1]


def test_a_tw_targets_credentials_asked_are_its_entry_requirements(knowledge, corpus):
    result = answer("我做了六年培訓行政，想轉做培訓專案主管人員，我的資歷夠嗎？", [], knowledge=knowledge)
    entry = corpus.document("BHR1212-001v2").entry_requirements
    assert result.intent == "move" and all(text in result.text for text in entry)


def test_records_ranked_for_a_fit_are_ranked_by_how_alike_they_read_overall(retriever, corpus, embedder,
                                                                          embedding_cache):
    # a move's dense scores are read against its two records' usual likeness (which items match); ranking several
    # records against each other keeps them absolute, or every record would read as alike as any other
    from retrieval.embeddings import embed_with_cache

    dense = Knowledge(retriever, corpus, embed=lambda texts: embed_with_cache(embedder, texts, embedding_cache)[0])
    result = answer("我做台灣的訓練經理，公司要調我去香港，人才管理邊個級別同我最似？", [], knowledge=dense)
    first = next(line for line in result.text.splitlines() if line.startswith("1. "))
    assert result.intent == "fit" and "HK:人才管理經理" in first


def test_a_move_into_a_rung_with_its_courses_asked_lists_them(knowledge, corpus):
    result = answer("香港那邊，我只有中學畢業，想入行做HR，應該由邊度開始？有咩課程讀？", [], knowledge=knowledge)
    courses = corpus.role("HK:人才管理助理").courses
    assert result.intent == "move" and courses[0].programme in result.text
    assert "完成六年中學教育" in result.text  # the schooling checked against the way in


def test_a_tw_moves_next_steps_name_the_outputs_still_to_produce(knowledge, corpus):
    result = answer("我做培訓專案主管人員五年了，想轉訓練經理，還缺哪些能力？", [], knowledge=knowledge)
    found = moves.move(corpus, "BHR1212-001v2", "BHR1212-002v3")
    outputs = [s.code for s in found.next_steps if s.kind == "output"]
    assert result.intent == "move" and outputs and all(code in result.citations for code in outputs)


def test_everyday_words_for_what_i_do_reach_the_items_that_say_them(knowledge):
    result = answer("我很會一對一陪人把事情想清楚，寫紀錄也很仔細，就業服務人員跟訓練經理哪個比較適合我？", [], knowledge=knowledge)
    first = next(line for line in result.text.splitlines() if line.startswith("1. "))
    assert result.intent == "fit" and "BHR3333-004v2" in first
    assert "BHR3333-004v2/S06" in result.citations  # 寫紀錄: the skill of writing assessment records


def test_missing_tasks_of_a_standard_are_named_under_their_duties(knowledge, corpus):
    result = answer("我做就業服務三年，想轉訓練經理，還缺什麼？", [], knowledge=knowledge)
    found = moves.move(corpus, "BHR3333-004v2", "BHR1212-002v3")
    missing = [m for m in found.items if not m.covered and m.kind == "task"]
    duties = {d.code: d.name for d in corpus.document("BHR1212-002v3").duties}
    for m in missing:  # each missing task's line names its duty
        line = next(line for line in result.text.splitlines() if m.target in line)
        duty = m.target.rsplit("/", 1)[1].split(".")[0]
        assert duties[duty] in line


def test_below_the_first_rung_its_own_lower_courses_are_the_way_in(knowledge, corpus):
    result = answer("我只有中五畢業（舊制會考），想讀人才管理助理那級的文憑，入學要求是什麼？不夠的話有什麼路？", [],
                    knowledge=knowledge)
    assistant = corpus.role("HK:人才管理助理")
    lower = [c for c in assistant.courses if c.level < assistant.qualification.qf_level]
    assert result.intent == "move" and lower and lower[0].programme in result.text


def test_a_move_shows_the_targets_classification_when_asked(knowledge, corpus):
    from retrieval.answer import answer
    result = answer("我在廈門做勞務派遣10年了，大專人力資源管理專業。想了解台灣就業服務人員的標準，我的經驗能對上哪些工作任務？"
                    "行業歸在哪一類？", [], knowledge=knowledge)
    industry = corpus.document("BHR3333-004v2").industry
    assert industry.code in result.text and industry.name in result.text


def test_tasks_asked_of_a_tw_unit_target_are_its_task_groups_first(knowledge, corpus):
    # a unit's tasks are task groups in a move; asked for tasks, they were filtered out and only knowledge listed
    result = answer("我在銀行人資做了五年，主要做教育訓練，企管系畢業。對照協調職涯發展這個單元，第一步應該做什麼？要補哪些知識？",
                    [], knowledge=knowledge)
    unit = corpus.document("BHR5R0061v2")
    first, knowledge_item = unit.task_groups[0], unit.knowledge[0]
    assert result.intent == "move"
    assert f"工作任務 {first.name}" in result.text and first.indicators[0] in result.text
    assert result.text.index(first.name) < result.text.index(knowledge_item)
    assert "task_group" not in result.text


def test_a_course_the_document_lists_held_by_the_user_meets_the_ladder_it_is_pegged_at(knowledge, corpus):
    officer = corpus.role("HK:人才管理主任")
    course = next(c for path in corpus.documents if hasattr(path, "roles") for role in path.roles
                  for c in role.courses if c.level == officer.qualification.qf_level - 1)
    result = answer(f"我做了八年行政，冇大學學位，淨係讀咗{course.programme}。想升人才管理主任，夠唔夠資格？", [],
                    knowledge=knowledge)
    ladder = next(line for line in result.text.splitlines() if f"第 {course.level} 級相關學科資歷" in line)
    assert "符合" in ladder and "無法判斷" not in ladder
    assert course.qualification_title in result.text and "學歷「冇大學" not in result.text


def test_a_self_check_names_the_targets_items_of_other_kinds_that_print_the_users_words(knowledge):
    # tasks are asked; the knowledge the user says they lack (成效) is named beside them
    result = answer("我負責公司的年度訓練計畫，但講成效評估的東西不太懂。依訓練經理的工作任務，哪些是我已經有的，哪些要去補？",
                    [], knowledge=knowledge)
    assert result.intent == "move"
    assert "BHR1212-002v3/K09" in result.citations  # 訓練成效評估
    assert result.text.index("BHR1212-002v3/T1.1") < result.text.index("BHR1212-002v3/K09")  # after the tasks


def test_which_one_fits_asked_apart_from_a_named_record_ranks_them_all_and_shows_what_the_user_would_not_do(
        knowledge, corpus):
    result = answer("我擅長課程設計、學習數據分析，但不想管預算。台灣的基準裡哪一份比較適合我？培訓專案主管人員是不是不太適合？", [],
                    knowledge=knowledge)
    assert result.intent == "fit"  # not a move to the one named
    assert result.text.splitlines()[2].startswith("1. 訓練經理")
    budget = next(t for t in corpus.document("BHR1212-001v2").tasks if "預算" in t.name)
    line = next(line for line in result.text.splitlines() if "不想做" in line and "BHR1212-001v2" in line)
    assert f"BHR1212-001v2/{budget.code}" in line


def test_the_level_to_start_at_on_a_ladder_is_told_by_each_rungs_way_in(knowledge, corpus):
    result = answer("我大學畢業，人資做過5年，照香港人才管理那份文件，我應該從哪一級開始應徵比較實際？", [],
                    knowledge=knowledge)
    path = next(d for d in corpus.documents if hasattr(d, "roles"))
    assert result.intent == "fit" and all(role.id in result.citations for role in path.roles)
    assert "符合" in result.text  # the schooling decides some way in
    assert "良好的中英文" not in result.text  # what schooling and years cannot decide is left out


def test_a_claim_no_record_prints_is_matched_by_the_closest_related_term(knowledge, corpus):
    result = answer("我很會傾聽，喜歡陪人找工作方向，打字也快。台灣的基準裡我適合哪一個？", [], knowledge=knowledge)
    line = next(line for line in result.text.splitlines() if line.strip().startswith("- 傾聽"))
    assert "晤談" in line  # 傾聽 is printed nowhere; the vocabulary's closest related term is


def test_where_a_standard_says_it_applies_is_shown_when_the_user_speaks_of_it(knowledge, corpus):
    project = corpus.document("BHR1212-001v2")
    result = answer("我擅長課程開發和授課，但我們是零售業不是培訓機構。訓練經理和培訓專案主管人員，我應該瞄哪個？", [],
                    knowledge=knowledge)
    assert result.intent == "fit" and project.name_note and project.name_note[:15] in result.text
