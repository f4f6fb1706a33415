"""Item-level evidence over the seed records."""

import pytest

from retrieval.answering.evidence import ItemIndex


@pytest.fixture(scope="module")
def items(corpus):
    return ItemIndex.of(corpus)


def test_every_coded_item_of_every_record_is_an_item(items, corpus):
    every = items.items_of(tuple(d.code for d in corpus.documents))
    codes = {item.code for item in every}
    for standard in corpus.standards:
        assert set(standard.item_codes()) <= codes
    for unit in (u for path in corpus.career_paths for u in path.units):
        assert unit.code in codes
    kinds = {item.kind for item in every}
    assert {"entry", "definition", "version", "outcome", "guideline", "soft_skill", "course", "qualification"} <= kinds


def test_ranking_stays_within_the_subject_and_finds_the_item_that_says_it(items):
    ranked = items.rank(("履歷",), subjects=("BHR3333-004v2",), limit=3)
    assert ranked[0].item.code == "BHR3333-004v2/K11" and ranked[0].coverage == 1.0
    assert all(s.item.record == "BHR3333-004v2" for s in ranked)


def test_broader_terms_find_the_closest_items_when_nothing_prints_the_word(items):
    ranked = items.rank(("勞基法",), ("勞資相關法規", "法規"), subjects=("BHR3333-004v2",), limit=3)
    assert ranked[0].coverage == 0 and "BHR3333-004v2/K13" in [s.item.code for s in ranked]


def test_an_hk_role_reaches_its_units_outcomes_and_guidelines(items):
    kinds = {i.kind for i in items.items_of(("HK:人才管理經理",))}
    assert {"unit", "outcome", "guideline", "soft_skill", "course", "entry"} <= kinds


def test_known_words_items_named_and_rarity(items):
    assert items.known("履歷") and not items.known("巧克力") and not items.known("cookies")
    assert items.named("就業媒合") == ["BHR3333-004v2/T3.2"]
    assert items.rarity("巧克力") > items.rarity("管理")


def test_a_question_reads_only_the_records_it_is_about(corpus):
    items = ItemIndex.of(corpus)
    items.rank(("履歷",), subjects=("BHR3333-004v2",))
    assert items.records_read == 1
    assert items.rank(("履歷",)) == []  # no subject, no scan of the corpus: the caller says where to look
    items.rank(("學習",), subjects=("HK:人才管理經理",))  # a role reads its own items and its units'
    role = corpus.role("HK:人才管理經理")
    assert items.records_read == 2 + len(role.unit_codes)


def test_records_near_a_record_are_found_from_its_task_names(items):
    near = items.neighbours("BHR1212-002v3")
    assert "BHR1212-002v3" not in near and "BHR1212-001v2" in near


def test_item_scores_are_the_item_lexicons_bm25_scores(items):
    from retrieval.lexical import tokenize

    ranked = items.rank(("履歷", "面試"), subjects=("BHR3333-004v2",), limit=50)
    expected = items.lexicon.scores([t for t in tokenize("履歷 面試")])  # bm25s over every item
    rows = {e.item: e.row for e in items.scope(("BHR3333-004v2",))}
    assert ranked[0].score > 0
    for scored in ranked:
        assert abs(scored.score - expected[rows[scored.item]]) < 1e-4


def test_a_build_whose_items_differ_from_this_versions_is_refused_with_what_to_run(corpus, monkeypatch):
    import retrieval.answering.evidence as evidence

    items = ItemIndex.of(corpus)
    original = evidence.record_items
    monkeypatch.setattr(evidence, "record_items", lambda c, record: original(c, record)[:-1])
    with pytest.raises(evidence.ItemLayoutChanged, match="BHR3333-004v2: .*rebuild the index"):
        items.rank(("履歷",), subjects=("BHR3333-004v2",))


@pytest.fixture(scope="module")
def plan_of(corpus, items):
    from retrieval.answering.plan import Vocabulary, make_plan
    from retrieval.chunks import build_chunks
    from retrieval.codes import CodeCatalog

    vocab = Vocabulary(corpus, CodeCatalog.from_chunks(build_chunks(corpus), corpus), known=items.known,
                       items_named=items.named)
    return lambda question: make_plan(question, [], vocab)


def _closest(items, plan, limit=3):
    return items.rank(plan.terms, plan.broader, subjects=plan.subjects, full_forms=plan.full_forms, limit=limit)


@pytest.mark.parametrize("question, closest", [
    ("訓練經理要會ADDIE嗎？", "BHR1212-002v3/P2.2.3"),  # a design model: 運用學習理論和教學設計原則
    ("培訓專案主管要有PMP嗎？", "BHR1212-001v2/S14"),  # a certificate: 專案管理技能
    ("就業服務人員要懂就服法嗎？", "BHR3333-004v2/K01"),  # a law by its short name: 影響就業的法規與政策
    ("訓練經理需要懂TTQS嗎？", "BHR1212-002v3/P3.2.3"),  # a quality system: 參與內外部評估稽核過程
])
def test_a_word_no_record_prints_is_not_listed_and_its_broader_terms_find_the_closest_items(
        items, plan_of, question, closest):
    ranked = _closest(items, plan_of(question))
    assert all(s.coverage == 0 for s in ranked)
    assert closest in [s.item.code for s in ranked]


@pytest.mark.parametrize("question, printing", [
    ("does the HK manager need to know DEI stuff?", "107100L5"),  # 多元共融
    ("人才管理經理使唔使識做人才盤點？", "106994L5"),  # the HK word for a talent review: 人才複檢
    ("人才管理總監要懂EVP嗎？", "106959L6"),  # 員工價值取向
    ("Does the training manager need instructional design?", "BHR1212-002v3/P2.2.3"),  # 教學設計原則
])
def test_an_abbreviation_or_another_regions_word_reaches_the_item_printing_its_full_form(
        items, plan_of, question, printing):
    best = _closest(items, plan_of(question))[0]
    assert best.item.code == printing and best.coverage == 1.0


def test_every_alias_is_written_as_questions_are_read():
    """A question is read in Traditional, lower-cased, before aliases are matched: a term or full form written
    otherwise (劳基法, an upper-case PMP) never matches anything."""
    from retrieval.answering.cues import load_aliases
    from retrieval.lexical import normalise

    unread = [(a.term, f) for a in load_aliases() for f in (a.term,) + a.full if normalise(f) != f]
    assert not unread


def test_every_alias_term_is_written_once():
    """A term written twice reads as whichever row comes first: the other row's related terms are silently lost."""
    from collections import Counter

    from retrieval.answering.cues import load_aliases

    twice = [t for t, n in Counter(a.term for a in load_aliases()).items() if n > 1]
    assert not twice


def test_a_task_s_own_wording_of_a_knowledge_code_is_an_item_cited_by_that_code(corpus):
    from retrieval.items import standard_items

    import unicodedata

    def bare(text):
        return "".join(unicodedata.normalize("NFKC", text).split())

    variants = [(s, t, k) for s in corpus.standards for t in s.tasks for k in t.knowledge + t.skills
                if k.code in {i.code for i in s.knowledge + s.skills}
                and bare(k.text) not in {bare(i.text) for i in s.knowledge + s.skills if i.code == k.code}]
    assert variants  # the seeds print some (K04 職涯諮詢理論與實務 on a task, where K04 is another item)
    for standard, task, listed in variants:
        items = standard_items(standard)
        assert any(i.code == standard.qualify(listed.code) and i.text == listed.text and i.parent == task.code
                   for i in items)
    index = ItemIndex.of(corpus)
    assert any(index.known(t) for t in ("職涯諮詢理論與實務",))


def test_a_duty_scopes_the_knowledge_its_tasks_list(items):
    """培訓專案主管人員 T6: its tasks T6.1–T6.3 list K30–K32, which belong to the duty asked about."""
    codes = {i.code for i in items.items_of(("BHR1212-001v2/T6",), ("knowledge",))}
    assert {"BHR1212-001v2/K30", "BHR1212-001v2/K31", "BHR1212-001v2/K32"} <= codes
    assert "BHR1212-001v2/K01" not in codes
