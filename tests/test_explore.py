"""View data over the real corpus: every item with its canonical code."""

from __future__ import annotations

import re

import pytest

from retrieval import explore, matching
from retrieval.explore import EN, ZH


@pytest.fixture(scope="module")
def embed(embedder, embedding_cache):
    from retrieval.embeddings import embed_with_cache

    return lambda texts: embed_with_cache(embedder, texts, embedding_cache)[0]


@pytest.fixture(scope="module")
def three_paths(corpus, fixtures_dir):
    """The seeds plus two more HK career paths: one with two rungs, one whose rank titles are not in the vocabulary."""
    from corpus import Corpus, parse_file

    extra = tuple(parse_file(fixtures_dir / name) for name in ("hk_compensation.txt", "hk_learning_development.txt"))
    return Corpus(corpus.documents + extra)


@pytest.fixture(scope="module")
def knowledge(retriever, corpus):
    from retrieval.answer import Knowledge

    return Knowledge(retriever, corpus)


def test_occupations_list_every_record_with_its_code(corpus):
    found = explore.occupations(corpus)
    codes = [o.code for o in found]
    expected = {s.code for s in corpus.standards} | {u.code for u in corpus.units} | {r.id for r in corpus.roles}
    assert set(codes) == expected
    roles = [o for o in found if o.kind == explore.ROLE]
    assert [o.code for o in roles] == ["HK:人才管理助理", "HK:人才管理主任", "HK:人才管理經理", "HK:人才管理總監"]
    standards = [o.level for o in found if o.kind == explore.STANDARD]
    assert standards == sorted(standards)
    assert explore.occupation(corpus, "HK:人才管理經理").label() == "人才管理經理（HK:人才管理經理｜HK）"
    with pytest.raises(KeyError):
        explore.occupation(corpus, "XYZ9999-001v1")


def test_standard_tree_carries_every_code_of_the_standard(corpus):
    standard = corpus.document("BHR1212-002v3")
    tree = explore.standard_tree(corpus, standard.code)
    codes = set()
    for duty in tree["duties"]:
        codes.add(duty["code"])
        for task in duty["tasks"]:
            codes.add(task["code"])
            for key in ("indicators", "outputs", "knowledge", "skills"):
                codes.update(item["code"] for item in task[key])
    for key in ("knowledge", "skills", "attitudes"):
        codes.update(item["code"] for item in tree[key])
    assert codes == set(standard.item_codes()) - {standard.code}
    task = tree["duties"][1]["tasks"][3]
    assert task["code"] == "BHR1212-002v3/T2.4" and task["level"] == 5
    assert task["indicators"][0] == {"code": "BHR1212-002v3/P2.4.1", "local": "P2.4.1",
                                     "text": "在實行前、後與利益關係人共同審核學習策略之教學目標。"}
    assert tree["entry_requirements"][0]["text"] == standard.entry_requirements[0]


def test_unit_tree_items_carry_the_unit_code(corpus):
    unit = corpus.units[0]
    tree = explore.unit_tree(corpus, unit.code)
    items = [i for g in tree["task_groups"] for i in g["indicators"]] + tree["knowledge"] + tree["skills"]
    assert len(items) == unit.counts()["indicators"] + len(unit.knowledge) + len(unit.skills)
    assert {i["code"] for i in items} == {unit.code}


def test_role_view_has_units_with_level_credits_outcome_and_guidelines(corpus):
    role = corpus.role("HK:人才管理經理")
    data = explore.role_view(corpus, role.id)
    assert (len(data["core"]), len(data["functional"])) == (len(role.core_units), len(role.functional_units))
    assert sum(u["credits"] for u in data["core"] + data["functional"]) == role.qualification.credits
    first = data["core"][0]
    unit = corpus.hk_unit(first["code"])
    assert first["code"] == "106907L5" and first["level"] == unit.qf_level and first["credits"] == unit.credits
    assert first["learning_outcome"] == unit.outcome_for(role.id).learning_outcome
    assert first["assessment_guidelines"] == list(unit.outcome_for(role.id).assessment_guidelines)
    assert {c["code"] for c in data["courses"]} == {role.id} and len(data["courses"]) == len(role.courses)
    assert explore.view(corpus, role.id)["kind"] == explore.ROLE


def test_item_text_and_source_record(corpus, knowledge):
    assert explore.item_text(corpus, "BHR1212-002v3/P2.4.1").startswith("在實行前、後與利益關係人")
    assert explore.item_text(corpus, "BHR1212-002v3/S01") == "組織規劃能力"
    assert explore.item_text(corpus, "106904L7") == corpus.hk_unit("106904L7").title
    record = explore.source_record(corpus, knowledge.chunk_for, "BHR1212-002v3/S01")
    assert record["item"] == "組織規劃能力" and record["framework"] == "TW" and record["level"] == 5
    assert record["document"] == "訓練經理（BHR1212-002v3）" and "S01 組織規劃能力" in record["text"]
    assert record["file"] == corpus.document("BHR1212-002v3").source
    unit = explore.source_record(corpus, knowledge.chunk_for, "106904L7")
    assert unit["framework"] == "HK" and unit["level"] == 7 and "106904L7" in unit["text"]
    assert explore.source_record(corpus, knowledge.chunk_for, "NOPE0000-000v0") is None


def test_ladder_has_every_career_path_and_every_tw_family(corpus):
    data = explore.ladder(corpus)
    assert [p["code"] for p in data["paths"]] == [p.id for p in corpus.career_paths]
    for path, drawn in zip(corpus.career_paths, data["paths"]):
        rungs = drawn["rungs"]
        assert {r["code"] for r in rungs} == {r.id for r in path.roles}
        assert [r["level"] for r in rungs] == sorted(r["level"] for r in rungs)  # bottom rung first
        for lower, upper in zip(rungs, rungs[1:]):
            missing, _ = matching.unit_gap(corpus.role(lower["code"]), corpus.role(upper["code"]))
            assert lower["to_next"] == {"code": upper["code"], "units": len(missing),
                                        "shared": lower["to_next"]["shared"],
                                        "credits": sum(corpus.hk_unit(c).credits for c in missing)}
        assert rungs[-1]["to_next"] is None
    members = [m["code"] for f in data["families"] for m in f["members"]]
    assert sorted(members) == sorted([s.code for s in corpus.standards] + [u.code for u in corpus.units])
    for family in data["families"]:  # a family is one occupation: its standards share the occupation code
        occupations = {corpus.document(m["code"]).occupation.code for m in family["members"]
                       if family["kind"] == explore.STANDARD}
        assert len(occupations) <= 1


def _two_paths(corpus) -> dict:
    """The seed ladder twice over, as a corpus with a second career path would draw it."""
    data = explore.ladder(corpus)
    copy = {"code": "HK:second", "name": "second path", "rungs": [
        dict(r, code=r["code"] + "-2", to_next=r["to_next"] and dict(r["to_next"], code=r["to_next"]["code"] + "-2"))
        for r in data["paths"][0]["rungs"]]}
    return dict(data, paths=data["paths"] + [copy])


def test_ladder_dot_places_every_record_by_level_and_draws_every_path(corpus):
    data = _two_paths(corpus)
    dot = explore.ladder_dot(data, ZH)
    assert dot.startswith("digraph") and dot.rstrip().endswith("}") and "newrank=true" in dot
    for path in data["paths"]:
        for rung in path["rungs"]:
            assert re.search(rf'rank=same; "L{rung["level"]}"[^}}]*"{re.escape(rung["code"])}"', dot)
            if rung["to_next"]:  # the step up is a node between the two rungs: nothing written on an arrow
                step = re.search(rf'"{re.escape(rung["code"])}" -> ("step:[^"]+")', dot)[1]
                assert f'{step} -> "{rung["to_next"]["code"]}";' in dot
    for family in data["families"]:
        for member in family["members"]:
            assert re.search(rf'rank=same; "L{member["level"]}"[^}}]*"{member["code"]}"', dot)
    assert not [line for line in dot.splitlines() if "->" in line and "label=" in line]
    assert dot.count("subgraph cluster_hk") == 2 and dot.count("subgraph cluster_tw") == len(data["families"])
    assert "QF level" in explore.ladder_dot(data, EN)


def test_dot_labels_cannot_break_out_of_their_quotes():
    data = {"paths": [{"code": "HK:p", "name": "p", "rungs": [
        {"code": 'HK:x"]; evil [', "title": 'a"b\\', "rank": "", "level": 3, "credits": 1, "to_next": None}]}],
        "families": []}
    dot = explore.ladder_dot(data)
    assert '"HK:x\\"]; evil ["' in dot and 'a\\"b\\\\' in dot


def test_gap_between_hk_roles_is_by_unit_code(corpus):
    result = explore.gap(corpus, "HK:人才管理主任", "HK:人才管理經理")
    missing, shared = matching.unit_gap(corpus.role("HK:人才管理主任"), corpus.role("HK:人才管理經理"))
    assert result["kind"] == "units" and not result["related"]
    assert [u["code"] for u in result["units_to_gain"]] == missing and result["shared"] == shared
    assert result["credits_to_gain"] == sum(corpus.hk_unit(c).credits for c in missing)
    assert len(result["courses"]) == len(corpus.role("HK:人才管理經理").courses)
    assert {e["code"] for e in result["entry_requirements"]} == {"HK:人才管理經理"}
    assert {u["strength"] for u in result["units_to_gain"]} <= {"partial", "none"}  # held units are not to gain


def test_gap_between_adjacent_rungs_names_the_shared_unit_as_same(corpus):
    result = explore.gap(corpus, "HK:人才管理助理", "HK:人才管理主任")
    same = [r for r in result["covered"] if r["strength"] == "same"]
    assert [r["target_code"] for r in same] == result["shared"] == ["107091L4"]
    assert "107091L4" in same[0]["reason"] and "107091L4" not in {u["code"] for u in result["units_to_gain"]}


def test_gap_across_frameworks_classes_every_target_item(corpus, fake_embed):
    result = explore.gap(corpus, "BHR1212-002v3", "HK:人才管理經理", fake_embed)
    assert result["kind"] == "content" and result["related"]
    assert result["total"] == len(corpus.role("HK:人才管理經理").units) == len(result["covered"]) + len(result["new"])
    assert result["covered"], "the training manager covers part of some HK manager units"
    codes = corpus.codes()
    for row in result["covered"]:
        assert row["strength"] in ("same", "partial") and row["reason"] and "similarity" not in row
        assert row["target_code"] in codes and all(c["code"].startswith("BHR1212-002v3/") for c in row["covered_by"])
    assert all(n["strength"] == "none" and n["name"] and not n["name"].startswith(n["code"]) for n in result["new"])


def test_gap_between_tw_standards_says_same_only_for_the_same_competency(corpus):
    result = explore.gap(corpus, "BHR3333-004v2", "BHR1212-002v3")
    same = {(r["target_code"], r["current_code"]) for r in result["covered"] if r["strength"] == "same"}
    assert ("BHR1212-002v3/S02", "BHR3333-004v2/S02") in same  # 溝通協調能力 in both
    covered = {r["target_code"]: {c["code"] for c in r["covered_by"]} for r in result["covered"]}
    # The pairs the old matcher showed a client as "already related" (issue 11) are not presented.
    assert "BHR3333-004v2/S12" not in covered.get("BHR1212-002v3/S01", set())  # 組織規劃 ← 求職活動規劃
    assert "BHR3333-004v2/K06" not in covered.get("BHR1212-002v3/K09", set())  # 訓練成效評估 ← 職涯評估方法
    assert "BHR1212-002v3/S05" not in covered  # 判斷能力 ← 表達能力


def test_gap_steps_name_each_knowledge_and_skill_once(corpus):
    result = explore.gap(corpus, "BHR3333-004v2", "BHR1212-002v3", lang=EN)
    codes = [s["code"] for s in result["steps"]]
    assert len(codes) == len(set(codes)) and codes
    k01 = next(s for s in result["steps"] if s["code"] == "BHR1212-002v3/K01")
    assert k01["text"].startswith("Build the knowledge K01") and "T1.1" in k01["text"]


def test_compare_side_by_side(corpus, fake_embed):
    result = explore.compare(corpus, "BHR1212-002v3", "HK:人才管理經理", fake_embed)
    rows = {row[0]: row[1:] for row in result["rows"]}
    assert rows["代碼"] == ("BHR1212-002v3", "HK:人才管理經理")
    assert rows["級別"] == ("級別 5", "資歷級別 5（128 學分）")
    assert result["scales_differ"] and result["related"] and not result["shared_units"]
    assert all(r["strength"] in ("same", "partial") and r["reason"] for r in result["related"])
    roles = explore.compare(corpus, "HK:人才管理助理", "HK:人才管理主任")
    shared = set(corpus.role("HK:人才管理助理").unit_codes) & set(corpus.role("HK:人才管理主任").unit_codes)
    assert {u["code"] for u in roles["shared_units"]} == shared and not roles["scales_differ"]


def test_self_check_on_a_standard(corpus):
    standard = corpus.document("BHR1212-002v3")
    indicators = [standard.qualify(p.code) for t in standard.tasks for p in t.indicators]
    first_task = {standard.qualify(p.code) for p in standard.tasks[0].indicators}
    result = explore.self_check(corpus, standard.code, first_task)
    assert result["total"] == len(indicators) and result["done"] == len(first_task)
    assert result["readiness"] == round(100 * len(first_task) / len(indicators))
    assert {m["code"] for m in result["missing"]} == set(indicators) - first_task
    # Next steps: each knowledge or skill once, with the open tasks that ask for it; the done task asks nothing.
    steps = [s for s in result["steps"] if s["kind"] in ("knowledge", "skill")]
    assert len({s["code"] for s in steps}) == len(steps)
    done_task, open_task = (standard.qualify(t.code) for t in standard.tasks[:2])
    assert all(done_task not in s["for"] for s in steps)
    task = standard.tasks[1]
    asked = {s["code"] for s in steps if open_task in s["for"]}
    assert asked == {standard.qualify(k.code) for k in task.knowledge + task.skills}
    outputs = [s["code"] for s in result["steps"] if s["kind"] == "output"]
    assert standard.qualify(task.outputs[0].code) in outputs and len(outputs) == len(set(outputs))
    done = explore.self_check(corpus, standard.code, set(indicators))
    assert done["readiness"] == 100 and not done["missing"] and not done["steps"]


def test_self_check_on_a_role_weighs_credits(corpus):
    role = corpus.role("HK:人才管理經理")
    total = sum(corpus.hk_unit(c).credits for c in role.unit_codes)
    result = explore.self_check(corpus, role.id, {"106907L5"}, EN)
    assert (result["credits_done"], result["credits_total"]) == (5, total)
    assert result["readiness"] == round(100 * 5 / total)
    assert len(result["missing"]) == len(role.units) - 1
    assert result["missing"][0]["group_name"] == "Core units"
    assert len(result["courses"]) == len(role.courses)
    assert any(s["text"].startswith("Gain unit 106911L5") for s in result["steps"])
    assert not any(s["code"] == "106907L5" for s in result["steps"])  # the ticked unit is not a step
    with pytest.raises(KeyError):
        explore.checklist(corpus, corpus.units[0].code)  # a unit's items have no codes of their own to tick


def test_self_check_points_to_a_lower_rung_that_lists_a_missing_unit(corpus):
    assistant, officer = corpus.role("HK:人才管理助理"), corpus.role("HK:人才管理主任")
    shared = sorted(set(assistant.unit_codes) & set(officer.unit_codes))
    result = explore.self_check(corpus, officer.id, set())
    lower = [s for s in result["steps"] if s["code"] == assistant.id]
    assert lower and all(code in lower[0]["text"] for code in shared)


def test_labels_exist_in_both_languages_and_english_ones_are_english():
    for key, (zh, en) in explore.LABELS.items():
        assert zh and en, key
        # An English label is English: no Chinese leftovers, no full-width colon or brackets of its own.
        assert not re.search(r"[\u3400-\u9fff：（）]", re.sub(r"\{[^}]*\}", "", en)), (key, en)
    assert explore.label("check.done", EN, done=3, total=5) == "3 of 5 items"


@pytest.mark.parametrize("raw, expected", [
    ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
    ("$x$ and *b* and [l](http://e)", "\\$x\\$ and \\*b\\* and \\[l\\](http://e)"),
    ("- item\n# heading\n1. one", "\\- item\n\\# heading\n1\\. one"),
    ("BHR1212-002v3/P2.4.1 HK:人才管理經理 106904L7", "BHR1212-002v3/P2.4.1 HK:人才管理經理 106904L7"),
])
def test_escape_markdown(raw, expected):
    assert explore.escape_markdown(raw) == expected


def test_safe_answer_markdown_keeps_our_markup_and_drops_what_reaches_outside():
    text = "**T1**\n- S01（BHR1212-002v3/S01）\n![x](http://evil/p.png) [click](javascript:alert(1)) <img src=x>"
    safe = explore.safe_answer_markdown(text)
    assert safe.startswith("**T1**\n- S01（BHR1212-002v3/S01）")
    assert "http://evil" not in safe and "javascript:" not in safe and "<img" not in safe
    assert "click" in safe and "&lt;img src=x&gt;" in safe
    assert explore.safe_answer_markdown("see https://evil.example/x?q=1 now") == "see `https://evil.example/x?q=1` now"


def test_a_label_catalogue_missing_a_language_names_the_file_and_label(tmp_path):
    broken = tmp_path / "labels.toml"
    broken.write_text('["title"]\nzh-TW = "標題"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"labels.toml.*'title'.*en"):
        explore.load_labels(broken)


def test_starters_coverage_and_defaults_come_from_the_records(corpus):
    names = [s.name for s in corpus.standards] + [r.title for r in corpus.roles]
    for lang in (ZH, EN):
        starters = explore.starter_questions(corpus, lang)
        assert starters and all(any(n in q for n in names) for q in starters)
    covered = explore.coverage(corpus)
    assert [c for c, _ in covered["standards"]] == [o.code for o in explore.occupations(corpus, (explore.STANDARD,))]
    assert covered["roles"] == len(corpus.roles)
    current, target = explore.adjacent_rungs(corpus)
    path = corpus.path_of(current)
    assert path is corpus.path_of(target)
    order = [r.id for r in explore.rungs(corpus, path)]
    assert order.index(target) == order.index(current) + 1  # one real step up
    left, right = explore.same_level_pair(corpus)
    assert corpus.document(left).level == corpus.role(right).qualification.qf_level


def test_a_duty_opens_with_its_tasks_and_a_task_with_its_items(corpus):
    standard = corpus.document("BHR1212-002v3")
    duty = standard.duties[0]
    (group,) = explore.item_children(corpus, standard.qualify(duty.code))
    assert [i["code"] for i in group["items"]] == [standard.qualify(t.code) for t in duty.tasks]
    task = duty.tasks[0]
    groups = {g["key"]: g["items"] for g in explore.item_children(corpus, standard.qualify(task.code))}
    assert [i["code"] for i in groups["indicators"]] == [standard.qualify(p.code) for p in task.indicators]
    assert explore.item_children(corpus, standard.qualify(standard.skills[0].code)) == []


def test_codes_printed_with_two_names_come_from_the_records(corpus):
    for standard in corpus.standards:
        found = {i["code"]: i["names"] for i in explore.two_names(corpus, standard.code)}
        expected = {standard.qualify(i.code): (i.text,) + i.other_texts
                    for i in standard.knowledge + standard.skills + standard.attitudes if i.other_texts}
        assert found == expected


def test_unit_relation_of_two_rungs_that_share_no_unit(corpus):
    for path in corpus.career_paths:
        rungs = explore.rungs(corpus, path)
        for lower, upper in zip(rungs, rungs[1:]):
            relation = explore.unit_relation(corpus, lower.id, upper.id)
            if set(lower.unit_codes) & set(upper.unit_codes):
                assert relation is None
                continue
            held = {ref.function_area for ref in lower.units}
            assert relation["same_area"] == sum(ref.function_area in held for ref in upper.units)
            assert relation["same_area"] + relation["new_area"] == len(upper.units)


def test_every_career_path_is_listed_drawn_and_laddered(three_paths):
    roles = [o.code for o in explore.occupations(three_paths, (explore.ROLE,))]
    assert roles == [r.id for p in three_paths.career_paths for r in p.ladder]
    covered = explore.coverage(three_paths)
    assert [(code, [r for r, _ in rungs]) for code, _, rungs in covered["paths"]] == [
        (p.id, [r.id for r in p.ladder]) for p in three_paths.career_paths]
    data = explore.ladder(three_paths)
    assert [p["code"] for p in data["paths"]] == [p.id for p in three_paths.career_paths]
    drawn = {p["code"]: p["rungs"] for p in data["paths"]}
    learning = three_paths.document("HK:學習發展")
    assert [r["title"] for r in drawn[learning.id]] == ["學習發展專員", "學習發展顧問", "學習發展首席顧問"]
    for lower, upper in zip(drawn[learning.id], drawn[learning.id][1:]):
        missing, shared = matching.unit_gap(learning.role(lower["code"]), learning.role(upper["code"]))
        assert lower["to_next"] == {"code": upper["code"], "units": len(missing), "shared": len(shared),
                                    "credits": sum(learning.unit(c).credits for c in missing)}
    dot = explore.ladder_dot(data, ZH)
    assert dot.count("subgraph cluster_hk") == 3
    assert all(f'"{r.id}"' in dot for p in three_paths.career_paths for r in p.roles)


def test_a_step_up_on_every_path_and_on_the_path_asked_for(three_paths):
    steps = explore.steps_up(three_paths)
    assert set(steps) == {p.id for p in three_paths.career_paths}  # every path here has two rungs or more
    for path_id, (current, target) in steps.items():
        path = three_paths.document(path_id)
        order = [r.id for r in path.ladder]
        assert three_paths.path_of(current) is three_paths.path_of(target) is path
        assert order.index(target) == order.index(current) + 1
        assert explore.adjacent_rungs(three_paths, path_id) == steps[path_id]
        assert all(explore.adjacent_rungs(three_paths, r.id) == steps[path_id] for r in path.roles)
    assert explore.adjacent_rungs(three_paths, "BHR1212-002v3") is None
    # no path named: the one with the most rungs
    longest = max(three_paths.career_paths, key=lambda p: len(p.roles))
    assert explore.adjacent_rungs(three_paths) == steps[longest.id]


def test_gap_and_self_check_stay_on_the_roles_own_path(three_paths):
    consultant, chief = three_paths.role("HK:學習發展顧問"), three_paths.role("HK:學習發展首席顧問")
    result = explore.gap(three_paths, consultant.id, chief.id)
    missing, shared = matching.unit_gap(consultant, chief)
    assert result["kind"] == "units" and result["shared"] == shared
    assert [u["code"] for u in result["units_to_gain"]] == missing
    assert result["credits_to_gain"] == sum(three_paths.hk_unit(c).credits for c in missing)
    check = explore.self_check(three_paths, chief.id, set())
    lower = [s for s in check["steps"] if s["kind"] == "lower"]
    path = three_paths.path_of(chief.id)
    assert lower and {s["code"] for s in lower} <= {r.id for r in path.roles if r.rung < chief.rung}
    for step in lower:  # each lower rung named lists the units it is named for
        assert set(step["for"]) <= set(three_paths.role(step["code"]).unit_codes)
