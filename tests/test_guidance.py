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
    assert any("就業服務站" in n for n in result.notices)  # the loosely described job is matched, and said so


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
    assert entry <= 3 and "符合" in lines[entry]  # the entry check before the gap, and met by field and years


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
