"""The outgoing-text policy, on the seed records: each defect of the model path seen in issue 15."""

import re

import pytest

from retrieval import guard
from retrieval.chunks import build_chunks
from retrieval.guard import (
    CUT_TOKENS,
    CODES_REMOVED,
    PROMPT_LEAK,
    SENTENCES_DROPPED,
    PromptLines,
    ReasoningFilter,
    check_model_answer,
    complete_prefix,
    find_codes,
    mark_unknown_codes,
    neutralise_links,
    render_notice,
    split_sentences,
    strip_reasoning,
    to_script,
    wrong_script,
)


@pytest.fixture(scope="module")
def records(corpus):
    carriers: dict[str, list] = {}
    for chunk in build_chunks(corpus):
        for code in chunk.codes:
            carriers.setdefault(code, []).append(chunk)
    return carriers


@pytest.fixture(scope="module")
def check(records, corpus):
    known = corpus.codes()

    def run(text, subjects=(), lang="zh-TW", **options):
        return check_model_answer(text, subject_codes=subjects, known_codes=known, lang=lang,
                                  record_text_for=lambda code: guard.record_text(code, records.get(code, ())),
                                  **options)

    return run


def _item(records, corpus, pattern: str) -> tuple[str, str]:
    """(code, name) of the first item of a standard whose local code matches `pattern`, from its record."""
    standard = corpus.standards[0]
    for code in sorted(records):
        local = code.split("/", 1)[1] if code.startswith(standard.code + "/") else ""
        if re.fullmatch(pattern, local):
            names = guard.item_names(guard.record_text(code, records[code]), local)
            if names:
                return code, min(names, key=len)
    raise AssertionError(f"no item matching {pattern}")


# --- codes are whole tokens ------------------------------------------------------------------------


def test_a_code_nested_under_a_valid_prefix_is_invented(check, corpus):
    task = next(c for c in sorted(corpus.codes()) if re.search(r"/T\d+\.\d+$", c))
    invented = task + "/P9.9.9"
    mentions = find_codes(f"見 {invented} 與（{task}）", corpus.codes())
    assert [(m.written, m.code) for m in mentions] == [(invented, None), (task, task)]
    result = check(f"這項任務包括 {invented}。")
    assert invented in result.removed_codes and invented not in result.text and task not in result.citations
    assert result.flagged and not result.answers
    assert any(n.kind == CODES_REMOVED for n in result.notices)


def test_unknown_codes_in_quoted_source_text_are_marked(corpus):
    task = next(c for c in sorted(corpus.codes()) if re.search(r"/T\d+\.\d+$", c))
    text = mark_unknown_codes(f"{task} 與 {task}.7 與 {task}/O1.1.1 與 XYZ9999-999v9", corpus.codes())
    assert text.startswith(task + " ") and text.count("[?]") == 3


def test_an_hk_role_id_runs_into_the_text_after_it(corpus):
    role = next(c for c in sorted(corpus.codes()) if c.startswith("HK:") and c.count(":") == 1 and len(c) > 6)
    [mention] = find_codes(f"{role}的職責", corpus.codes())
    assert mention.code == role
    [invented] = find_codes(f"{role}總裁負責", corpus.codes())
    assert invented.code is None


# --- statements against their records --------------------------------------------------------------


def test_an_item_cited_with_its_own_name_passes(check, records, corpus):
    code, name = _item(records, corpus, r"O\d+\.\d+\.\d+")
    result = check(f"這個職業的工作產出包括{name}（{code}）。")
    assert result.citations == (code,) and not result.flagged and result.answers


def test_an_altered_item_name_is_dropped(check, records, corpus):
    code, name = _item(records, corpus, r"[OKS]\d+(?:\.\d+\.\d+)?")
    assert len(name) >= 4
    altered = name[:1] + name[2:]  # one character left out: 就業服務需求表 -> 就業務需求表
    result = check(f"這個職業的工作產出包括{altered}（{code}）。\n另有{name}（{code}）。")
    assert result.citations == (code,) and result.flagged
    assert [d.text for d in result.dropped_sentences] == [f"這個職業的工作產出包括{altered}（{code}）。"]
    assert altered not in result.text and any(n.kind == SENTENCES_DROPPED for n in result.notices)


def test_an_items_own_description_before_its_code_is_not_an_altered_name(check, records, corpus):
    """The 1.5B wrote 「壓力容忍」是<the record's description of it>（…/A01）: the phrase before the code shares
    characters with the name but is printed by the record, so it is a quote, not an altered name."""
    code, name = _item(records, corpus, r"A\d+")
    record = guard.record_text(code, records[code])
    description = re.search(rf"{code.split('/')[1]} {name}：([^\n]+?)。?$", record, re.M).group(1)
    result = check(f"需要「{name}」，即{description}（{code}）。")
    assert result.answers and result.citations == (code,) and not result.dropped_sentences


def test_a_task_given_another_tasks_name_is_dropped(check, records, corpus):
    standard = corpus.standards[0].code
    tasks = [(c, min(guard.item_names(guard.record_text(c, records[c]), c.split("/")[1]), key=len))
             for c in sorted(records) if re.fullmatch(re.escape(standard) + r"/T\d+\.\d+", c)]
    (code, name), (_, other) = tasks[0], tasks[1]
    local = code.split("/", 1)[1]
    assert check(f"{local} {other}（{code}）是其中一項任務。").citations == ()
    assert check(f"{local} {name}（{code}）是其中一項任務。").citations == (code,)


def test_items_assigned_to_a_task_they_do_not_belong_to_are_dropped(check, records, corpus):
    standard = corpus.standards[0]
    outputs = sorted(c for c in records if re.fullmatch(re.escape(standard.code) + r"/O\d+\.\d+\.\d+", c))
    tasks = {o: standard.code + "/T" + ".".join(o.split("/O")[1].split(".")[:2]) for o in outputs}
    first, other = outputs[0], next(o for o in outputs if tasks[o] != tasks[outputs[0]])
    right = check(f"這項任務的工作產出是 {first.split('/')[1]}（{tasks[first]}、{first}）。")
    assert right.citations == (tasks[first], first)
    wrong = check(f"這項任務的工作產出是 {other.split('/')[1]}（{tasks[first]}、{other}）。")
    assert wrong.citations == () and "does not belong" in wrong.dropped_sentences[0].reason


def test_a_name_given_another_names_bracketed_label_is_dropped(check, records):
    """The 1.5B answered "what comes after 人才管理主任" with 「…下一步是人才管理經理（助理）（HK:人才管理主任）。」:
    the draft prints each rung with its own label (人才管理經理（經理）, 人才管理助理（助理）). A label the
    draft gives another name is not this name's; a label it never uses as one is left to the other checks."""
    roles = sorted(c for c in records if c.startswith("HK:"))[:3]
    names = [code.split(":", 1)[1] for code in roles]
    labels = [name[-2:] for name in names]
    draft = "\n".join(f"{i}. {n}（{lb}）：見（{c}）" for i, (n, lb, c) in enumerate(zip(names, labels, roles), 1))
    swapped = check(f"{names[0]}之後是{names[1]}（{labels[2]}）（{roles[0]}）。", draft=draft)
    assert not swapped.answers and "labelled" in swapped.dropped_sentences[0].reason
    right = check(f"{names[0]}之後是{names[1]}（{labels[1]}）（{roles[0]}）。", draft=draft)
    assert not any("labelled" in d.reason for d in right.dropped_sentences)
    other = check(f"{names[0]}之後是{names[1]}（另見說明）（{roles[0]}）。", draft=draft)
    assert not any("labelled" in d.reason for d in other.dropped_sentences)


def test_a_named_skill_with_another_level_is_dropped(check, records, corpus):
    role = next(c for c in sorted(records) if c.startswith("HK:") and "水平" in (guard.record_text(c, records[c]) or ""))
    text = guard.record_text(role, records[role])
    skill, level = next((m.group(1), m.group(2)) for m in re.finditer(r"^(\S{2,20})：(\S{2})水平", text, re.M))
    other = next(t for t in re.findall(r"(\S{2})水平", text) if t != level)
    kept = check(f"這個崗位的{skill}要求{level}水平（{role}）。")
    assert kept.citations == (role,) and not kept.flagged
    dropped = check(f"這個崗位的{skill}要求{other}水平（{role}）。")
    assert dropped.citations == () and dropped.flagged and "level" in dropped.dropped_sentences[0].reason


def test_a_wrong_qf_level_or_credit_count_is_dropped(check, records, corpus):
    pattern = re.compile(r"資歷級別 第(\d)級｜(\d+) 學分】")
    role = next(c for c in sorted(records) if c.startswith("HK:") and pattern.search(guard.record_text(c, records[c])))
    level, credits = pattern.search(guard.record_text(role, records[role])).groups()
    assert check(f"這個崗位屬資歷級別第{level}級，共 {credits} 學分（{role}）。").answers
    assert not check(f"這個崗位屬資歷級別第{int(level) + 1}級，共 {credits} 學分（{role}）。").answers
    assert not check(f"這個崗位屬資歷級別第{level}級，共 {int(credits) + 1} 學分（{role}）。").answers


def _english(term: str) -> str:
    """The English word the level vocabulary gives a records' proficiency term (中級 -> …)."""
    return next(word for word, given in guard.level_words().proficiency if given == guard.normalise(term + "水平"))


def _role_with_levels(records) -> tuple[str, str, str, str]:
    """(role, a skill, its level, another level the vocabulary knows) from an HK role's record."""
    known = {given for _, given in guard.level_words().proficiency}
    for role in sorted(c for c in records if c.startswith("HK:")):
        text = guard.record_text(role, records[role]) or ""
        for skill, level in re.findall(r"^(\S{2,20})：(\S{2})水平", text, re.M):
            others = [t for t in re.findall(r"(\S{2})水平", text)
                      if t != level and guard.normalise(t + "水平") in known]
            if guard.normalise(level + "水平") in known and others:
                return role, skill, level, others[0]
    raise AssertionError("no HK role with two proficiency levels")


def test_an_english_proficiency_word_is_checked_as_the_records_level(check, records):
    role, skill, level, other = _role_with_levels(records)
    right, wrong = _english(level), _english(other)
    for sentence in (f"For 「{skill}」 the role requires the {right} level ({role}).",
                     f"「{skill}」: {right} ({role}).", f"「{skill}」 needs {right}-level proficiency ({role}).",
                     f"The proficiency for 「{skill}」 is {right} ({role}).".replace("is ", "")):
        kept = check(sentence, lang="en")
        assert kept.citations == (role,) and not kept.flagged, sentence
    dropped = check(f"For 「{skill}」 the role requires the {wrong} level ({role}).", lang="en")
    assert dropped.citations == () and dropped.flagged and "level" in dropped.dropped_sentences[0].reason
    assert any(n.kind == SENTENCES_DROPPED for n in dropped.notices)


def test_an_english_level_the_record_never_gives_is_dropped(check, records):
    words = guard.level_words()
    for role in sorted(c for c in records if c.startswith("HK:")):
        given = guard._view(guard.record_text(role, records[role]) or "").level_terms
        absent = [word for word, term in words.proficiency if term not in given]
        if given and absent:
            result = check(f"This role asks for {absent[0]} proficiency in its soft skills ({role}).", lang="en")
            assert result.citations == () and "level not in the cited record" in result.dropped_sentences[0].reason
            # the same word that states no level ("advanced analytics") is not read as one
            plain = check(f"This role works on {absent[0]} topics with its team ({role}).", lang="en")
            assert plain.citations == (role,) and not plain.flagged
            return
    raise AssertionError("no HK role lacking a level the vocabulary knows")


def test_an_english_qf_level_is_the_records_qualification_level(check, records):
    pattern = re.compile(r"資歷級別 第(\d)級")
    role = next(c for c in sorted(records) if c.startswith("HK:")  # a role: one level, not the ladder's several
                and len(set(pattern.findall(guard.record_text(c, records[c]) or ""))) == 1)
    text = guard.record_text(role, records[role])
    level = pattern.search(text).group(1)
    elsewhere = next(n for n in sorted(guard._view(text).level_numbers) if n != level)  # the record prints it too
    for name in ("QF Level", "QF level", "Qualifications Framework level"):
        assert check(f"The role sits at {name} {level} ({role}).", lang="en").citations == (role,)
        wrong = check(f"The role sits at {name} {elsewhere} ({role}).", lang="en")
        assert wrong.citations == () and "资历级别" in wrong.dropped_sentences[0].reason
    assert check(f"It is a level-{max(map(int, guard._view(text).level_numbers)) + 1} role ({role}).",
                 lang="en").citations == ()


def test_a_broken_level_vocabulary_names_the_file_and_line(tmp_path):
    path = tmp_path / "level_words.tsv"
    path.write_text("# comment\nproficiency\t中級\tintermediate\ncue\t-\tlevel\nrank\t經理\tmanager\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"level_words.tsv:4: expected a kind"):
        guard.LevelWords.load(path)
    path.write_text("proficiency\tadvanced\tadvanced\ncue\t-\tlevel\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r":1: proficiency needs the records' Chinese term"):
        guard.LevelWords.load(path)
    path.write_text("proficiency\t中級\tintermediate\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no cue words"):
        guard.LevelWords.load(path)


def test_a_cited_non_answer_and_uncited_filler_are_dropped(check, records, corpus):
    code, name = _item(records, corpus, r"S\d+")
    standard = code.split("/")[0]
    assert not check(f"我無法回答這個問題（{standard}）。").answers
    result = check(f"是\n以下是需要的技能：\n- {name}（{code}）\n這是一個非常重要而且前景很好的職業。")
    assert result.text == f"以下是需要的技能：\n- {name}（{code}）"
    assert {d.reason for d in result.dropped_sentences} == {"no code cited"} and result.flagged and result.answers


def test_local_codes_are_expanded_when_the_subject_is_one_standard(check, records, corpus):
    code, name = _item(records, corpus, r"K\d+")
    standard, local = code.split("/")
    result = check(f"需要具備{name}（{local}）的知識。", subjects=(standard,))
    assert result.citations == (code,) and f"（{code}）" in result.text and result.answers
    two = tuple(s.code for s in corpus.standards[:2])
    assert not check(f"需要具備{name}（{local}）的知識。", subjects=two).citations


def test_english_quoted_source_terms_are_the_records(check, records, corpus):
    code, name = _item(records, corpus, r"S\d+")
    assert check(f"It needs 「{name}」 ({code}).", lang="en").answers
    assert not check(f"It needs 「{name[:-1]}管理」 ({code}).", lang="en").answers
    chinese = check(f"這個職業需要{name}（{code}）。", lang="en")
    assert chinese.wrong_language and not chinese.answers


def test_composer_answers_hold_against_their_records(check, records, corpus, retriever):
    """The guard is not stricter than the records: the grounded composer's own answers pass whole."""
    from retrieval.answer import Knowledge, answer

    knowledge = Knowledge(retriever, corpus)
    for question in ("訓練經理的工作任務有哪些？", "就業服務人員需要哪些知識？", "培训专案主管人员有哪些工作产出？",
                     "What qualification does a talent management manager (人才管理經理) need?"):
        composed = answer(question, [], knowledge=knowledge)
        result = check(composed.text, subjects=composed.focus, lang=composed.lang, draft=composed.text)
        failed = [d for d in result.dropped_sentences if d.reason != "no code cited"]
        assert not failed and result.answers, (question, failed)


# --- uncited sentences that quote what the model was given -----------------------------------------


def _described_line(records, corpus, digits: bool) -> tuple[str, str]:
    """(a standard's code, a long line of its record without codes, with or without a number)."""
    standard = corpus.standards[0].code
    record = guard.record_text(standard, records[standard])
    line = next(ln.strip() for ln in record.splitlines() if len(ln.strip()) >= 25 and "：" in ln
                and not find_codes(ln, corpus.codes()) and not re.search(r"[A-Z]\d", ln)
                and bool(re.search(r"\d", ln)) == digits)
    return standard, line


def test_an_uncited_sentence_quoting_a_source_line_gets_its_code_and_is_checked(check, records, corpus):
    standard, line = _described_line(records, corpus, digits=False)
    given = [guard.Evidence((standard,), line)]
    copied = to_script(line, "zh-CN").replace("，", ", ")  # near-verbatim: other script, other punctuation
    result = check(copied + "\n", subjects=(standard,), lang="zh-TW", evidence=given)
    assert result.citations == (standard,) and result.quoted == 1
    assert re.sub(r"[。.]$", "", result.text).endswith(f"（{standard}）")  # cited after its last word
    assert result.answers and not result.dropped_sentences
    assert not check(copied, subjects=(standard,)).answers  # without the evidence: no code, dropped
    # a quotation is still checked against the cited record: a changed number fails
    standard, numbered = _described_line(records, corpus, digits=True)
    record = guard.record_text(standard, records[standard])
    number = re.findall(r"\d+", numbered)[-1]
    other = next(n for n in (number[:-1] + str((int(number[-1]) + d) % 10) for d in range(1, 10))
                 if n not in re.findall(r"\d+", record))  # one character changed
    altered = numbered[::-1].replace(number[::-1], other[::-1], 1)[::-1]
    result = check(altered, subjects=(standard,), evidence=[guard.Evidence((standard,), numbered)])
    assert result.quoted == 1 and not result.answers
    assert [d.reason.split(":")[0] for d in result.dropped_sentences] == ["number not in the cited record"]


def test_a_sentence_adding_a_negation_or_a_claim_to_a_quotation_gets_no_code(check, records, corpus):
    standard, line = _described_line(records, corpus, digits=False)
    given = [guard.Evidence((standard,), line)]
    head, tail = line.split("：", 1)
    for changed in (f"{head}：不{tail}", f"{head}：{tail[:len(tail) // 2]}，但這個職業薪水很高而且很多公司搶著要人。"):
        result = check(changed, subjects=(standard,), evidence=given)
        assert not result.citations and result.quoted == 0 and not result.answers


def test_a_quotation_put_after_the_subjects_name_is_a_quotation(check, records, corpus):
    """The 0.5B answered 「就業服務人員的「壓力容忍」是什麼意思？」 with 「就業服務人員的「壓力容忍」是<A01's
    description>」: the words before the description are the question's subject, so too little of the
    sentence was a quote and the composer answered. A quote after '<a subject's name>的' is a quote; after
    another name it is not."""
    code, name = _item(records, corpus, r"A\d+")
    standard = code.split("/")[0]
    record = guard.record_text(code, records[code])
    line = next(ln for ln in record.splitlines() if name in ln and len(ln) > 25)
    description = line.split("：", 1)[1]
    owner = next(n for n in re.findall(r"[\u4e00-\u9fff]{3,8}", guard.record_text(standard, records[standard]))
                 if n not in description)
    given = [guard.Evidence((code,), line)]
    result = check(f"{owner}的「{name}」是{description}", subjects=(standard,), evidence=given)
    assert result.citations == (code,) and result.quoted == 1 and result.answers
    assert not check(f"{owner}的「{name}」是{description}", subjects=(), evidence=given).citations
    assert not check(f"汽車維修技師的「{name}」是{description}", subjects=(standard,), evidence=given).citations


def test_a_list_of_item_names_gets_the_items_codes(check, records, corpus):
    (first, first_name), (second, second_name) = _item(records, corpus, r"S0?1"), _item(records, corpus, r"S0?2")
    given = [guard.Evidence((first,), first_name, name=True), guard.Evidence((second,), second_name, name=True)]
    result = check(f"- {first_name}、{second_name}", evidence=given)
    assert result.citations == (first, second) and result.answers
    assert not check(f"- {first_name}是最不重要的能力，可以完全不學", evidence=given).citations


def test_a_quotation_of_evidence_under_several_codes_is_cited_only_when_the_subject_decides(check, records, corpus):
    standard, line = _described_line(records, corpus, digits=False)
    other = corpus.standards[1].code
    given = [guard.Evidence((standard,), line), guard.Evidence((other,), line)]
    assert not check(line, evidence=given).citations
    assert check(line, subjects=(standard,), evidence=given).citations == (standard,)


def test_the_drafts_uncited_lines_quoting_a_source_are_shown_with_its_code(records, corpus):
    standard, line = _described_line(records, corpus, digits=False)
    draft = f"總覽（{standard}）。\n{line}\n另有其他資訊。"
    cited = guard.cite_quotations(draft, [guard.Evidence((standard,), line)], corpus.codes())
    assert cited == f"總覽（{standard}）。\n{guard.with_citation(line, (standard,))}\n另有其他資訊。"
    assert guard.with_citation("甲乙丙。", ("X",)) == "甲乙丙（X）。" and guard.with_citation("- 甲", ("X",)) == "- 甲（X）"


# --- what the draft lends: its lead, its statements -------------------------------------------------


def _task_with_indicator(records, corpus) -> tuple[str, str, str, str]:
    """(a task's code, its name, one of its behaviour indicators' code, that indicator's text)."""
    standard = corpus.standards[0].code
    for code in sorted(records):
        match = re.fullmatch(re.escape(standard) + r"/T(\d+\.\d+)", code)
        indicator = f"{standard}/P{match.group(1)}.1" if match else ""
        if match and indicator in records:
            name = min(guard.item_names(guard.record_text(code, records[code]), code.split("/")[1]), key=len)
            line = re.search(rf"P{re.escape(match.group(1))}\.1[ ：:]*([^\n]+)", guard.record_text(indicator, records[indicator]))
            return code, name, indicator, line.group(1).strip()
    raise AssertionError("no task with an indicator")


def test_the_drafts_lead_is_put_first_when_the_model_leaves_it_out(check, records, corpus):
    """The 1.5B listed T2.2's indicators but dropped the draft's first sentence naming T2.2 (must-contain
    failed): the draft's lead (its direct answer) is put first when no statement cites its codes."""
    task, name, indicator, line = _task_with_indicator(records, corpus)
    local = task.split("/")[1]
    lead = f"這個職業的工作任務 {local}「{name}」（{task}）。"
    draft = f"{lead}\n\n**行為指標**\n- {indicator.split('/')[1]} {line}（{indicator}）"
    model = f"要做以下事：\n- {line}（{indicator}）"
    result = check(model, draft=draft)
    assert result.text.startswith(lead) and result.lead_kept == 1 and task in result.citations
    assert result.answers and f"{line}（{indicator}）" in result.text
    kept = check(f"{local}「{name}」（{task}）要做以下事：\n- {line}（{indicator}）", draft=draft)
    assert kept.lead_kept == 0 and not kept.text.startswith(lead)  # the model stated it: nothing added
    # the lead does not make a non-answer an answer
    assert not check("我不確定，請再問一次。", draft=draft).answers


def test_a_dropped_item_is_replaced_by_the_drafts_statement_of_it(check, records, corpus):
    """The 1.5B wrote 壞力容忍 for 壓力容忍 (A01): the statement is dropped and the draft's own statement of A01
    stands in, so the list is still whole; a wrong code is never stood in for."""
    (first, first_name), (second, second_name) = _item(records, corpus, r"S0?1"), _item(records, corpus, r"S0?2")
    draft = f"需要的技能：\n- {first_name}（{first}）\n- {second_name}（{second}）"
    altered = first_name[:1] + "壞" + first_name[2:]
    result = check(f"需要的技能：\n- {altered}（{first}）\n- {second_name}（{second}）", draft=draft)
    assert [d.text.strip() for d in result.dropped_sentences] == [f"- {altered}（{first}）"]
    assert f"- {first_name}（{first}）" in result.text and altered not in result.text
    assert result.stood_in == 1 and result.flagged and result.answers
    invented = check(f"- {second_name}（{second}/P9.9.9）\n- {second_name}（{second}）", draft=draft)
    assert invented.stood_in == 0 and f"{second}/P9.9.9" in invented.removed_codes
    # a duty's line naming its tasks by local code (the 1.5B's 「T2.2 百分比分析」) is keyed by its whole code
    task, name, _, _ = _task_with_indicator(records, corpus)
    duty = task.rsplit(".", 1)[0]
    duty_name = min(guard.item_names(guard.record_text(duty, records[duty]), duty.split("/")[1]), key=len)
    local = task.split("/")[1]
    line = f"- {duty.split('/')[1]} {duty_name}（{duty}）：{local} {name}"
    result = check(f"{line[:-1]}百分比分析", draft=f"{line}\n- {first_name}（{first}）")
    assert result.stood_in == 1 and result.text == line and "百分比分析" not in result.text


def test_a_list_item_labelled_with_other_words_than_the_drafts_is_replaced(check, records, corpus):
    """The 1.5B wrote 「- 態度 聲明：<A01's description>（…/A01）」 for the draft's 「- 態度 壓力容忍：…」: the
    description is the record's, the item's name is gone (must-contain failed). The label of a list item
    citing one draft statement's codes is that statement's (or part of it)."""
    code, name = _item(records, corpus, r"A\d+")
    record = guard.record_text(code, records[code])
    description = re.search(rf"{code.split('/')[1]} {name}：([^\n]+?)。?$", record, re.M).group(1)
    draft = f"態度：\n- 態度 {name}：{description}。（{code}）"
    result = check(f"- 態度 聲明：{description}（{code}）。", draft=draft)
    assert result.stood_in == 1 and name in result.text and "聲明" not in result.text
    assert [d.reason.split(" ")[0] for d in result.dropped_sentences] == [code]
    for fine in (f"- {name}：{description}（{code}）。", f"- 態度：{description}（{code}）。"):
        assert not check(fine, draft=draft).dropped_sentences, fine


def test_an_answer_citing_none_of_the_drafts_codes_does_not_answer(check, records, corpus):
    """After a turn about one task, the 1.5B listed the standard's other knowledge items: true statements
    about another question. The draft cited none of them, so the answer is not taken."""
    (first, first_name), (second, second_name) = _item(records, corpus, r"K0?1"), _item(records, corpus, r"K0?2")
    result = check(f"- {second_name}（{second}）", draft=f"需要的知識：\n- {first_name}（{first}）")
    assert result.off_draft and not result.answers and not result.dropped_sentences
    assert check(f"- {first_name}（{first}）", draft=f"需要的知識：\n- {first_name}（{first}）").answers


def test_the_drafts_own_uncited_sentence_copied_is_kept_as_the_draft_has_it(check, records, corpus):
    """The composer's caveats and counts carry no code; a model copying one keeps it (the 1.5B's copy of the
    draft's 「…不同的量尺…」 was dropped as uncited), in the draft's words: a changed number never passes."""
    code, name = _item(records, corpus, r"S\d+")
    caveat = "兩邊的項目依各自的文件並列，是相關內容，非官方對應。"
    count = "它列出 25 個能力單元，其中 25 個不在目前崗位的單元之中。"
    draft = f"需要{name}（{code}）。\n{count}\n{caveat}"
    result = check(f"需要{name}（{code}）。\n{to_script(caveat, 'zh-CN')}", draft=draft)
    assert caveat in result.text and not result.dropped_sentences
    changed = check(f"需要{name}（{code}）。\n它列出 26 個能力單元，其中 25 個不在目前崗位的單元之中。", draft=draft)
    assert count in changed.text and "26" not in changed.text
    assert "非官方" not in check(f"需要{name}（{code}）。\n{caveat}").text  # not in the draft: uncited, dropped


def test_a_short_answer_restating_the_drafts_figures_stands_for_the_drafts_statement(check, records, corpus):
    """The 1.5B answered 「人才管理经理一共要掌握多少个能力单元？」 with 「人才管理经理一共要掌握25个能力单元。」:
    right, but without a code and not a near-verbatim copy of the draft's 「…共列出 25 个能力单元，合共 128 学分：」,
    so the composer answered. A sentence stating the figures of one draft statement, in order, mostly in
    its words, is kept as the draft's statement; a changed, reversed or negated figure is not."""
    code, name = _item(records, corpus, r"K\d+")
    standard = code.split("/")[0]
    lead = f"這個職能基準列出{name}等知識（{standard}）。"
    count = "這個職能基準共列出 13 項知識，分屬 5 項工作任務："
    draft = f"{lead}\n{count}\n\n- {name}（{code}）"
    result = check("這個職能基準一共要求13項知識。", draft=draft)
    assert result.answers and result.restated == 1 and not result.dropped_sentences
    assert "共列出 13 項知識，分屬 5 項工作任務。" in result.text and "一共要求" not in result.text
    assert result.text.startswith(lead)  # the draft's lead still comes first
    for wrong in ("這個職能基準一共要求14項知識。", "這個職能基準不要求13項知識。"):
        changed = check(wrong, draft=draft)
        assert not changed.answers and changed.restated == 0 and "14" not in changed.text, wrong
    levels = "資歷級別從第 3 級升到第 4 級。"
    assert not check("資歷級別要從第4級到第3級。", draft=f"{lead}\n{levels}").restated  # reversed
    assert check("資歷級別要從第3級到第4級。", draft=f"{lead}\n{levels}").restated == 1
    assert not check("一共要13項。", draft=draft).restated  # too little of the draft's wording


def test_a_draft_line_copied_only_in_its_first_sentence_is_completed(check, records, corpus):
    """The 0.5B copied the first sentence of the draft's 「- 資歷培訓目標：…而設。通過這項培訓，…等知識。（HK:…）」 and
    stopped: the topics asked about were gone (must-contain failed). The rest of a draft line whose first
    sentence the answer copies is put after it, unless the answer holds it already."""
    standard, line = _described_line(records, corpus, digits=False)
    _, other = next((s, ln) for s, ln in [_described_line(records, corpus, digits=True)] if ln != line)
    given = [guard.Evidence((standard,), line), guard.Evidence((standard,), other)]
    draft = f"總覽（{standard}）。\n\n- {line}。{other}（{standard}）"
    result = check(f"{line}（{standard}）。", subjects=(standard,), draft=draft, evidence=given)
    assert result.completed == 1 and result.answers and other in result.text
    assert result.text.count(f"（{standard}）") == 2  # the model's sentence and the line's end, each once
    both = check(f"{line}（{standard}）。{other}（{standard}）。", subjects=(standard,), draft=draft, evidence=given)
    assert both.completed == 0 and both.text.count(other) == 1


def test_a_drafts_sentence_followed_by_its_code_is_not_cited_twice(corpus):
    """The draft's 「…等知識。（HK:…）」 was shown to the model as 「…等知識（HK:…）。（HK:…）」."""
    standard = corpus.standards[0].code
    line = "甲乙丙丁戊己庚辛壬癸子丑"
    shown = guard.cite_quotations(f"- {line}。（{standard}）\n", [guard.Evidence((standard,), line)], corpus.codes())
    assert shown.count(standard) == 1


def test_a_sentence_counting_one_of_the_drafts_lists_answers(check, records, corpus):
    """The 1.5B answered 「它有幾項行為指標？」 with 「它有5項行為指標。」: the draft lists them under 「**行為指標**」
    without stating the count. A sentence whose one number is the count of a draft list it names answers; a
    wrong count, or more words than a count, does not."""
    task, name, indicator, line = _task_with_indicator(records, corpus)
    draft = f"工作任務 {task.split('/')[1]}「{name}」（{task}）。\n\n**行為指標**\n- {line}（{indicator}）\n- {line}（{indicator}）"
    result = check("它有2項行為指標。", draft=draft)
    assert result.answers and result.restated == 1 and "它有2項行為指標。" in result.text
    assert result.text.startswith(f"工作任務 {task.split('/')[1]}") and result.lists_restored == 1
    for wrong in ("它有3項行為指標。", "它有2項行為指標，全部都不需要做。", "它沒有2項行為指標。"):
        assert not check(wrong, draft=draft).answers, wrong


def test_a_list_the_model_summarises_away_is_put_back(check, records):
    """The 1.5B answered 「人才管理總監的軟實力要達到什麼程度？」 with 「…的軟實力要達到「專家水平」（HK:…）。」:
    true, cited, and without the five skills the draft lists (must-contain failed). A draft list of which the
    answer keeps no item is put back after the answer, with its heading; a list it kept part of is left alone."""
    role, skill, level, _ = _role_with_levels(records)
    text = guard.record_text(role, records[role])
    skills = [(s, lv) for s, lv in re.findall(r"^(\S{2,20})：(\S{2})水平", text, re.M)][:3]
    items = "\n".join(f"- {s}：{lv}水平（{role}）" for s, lv in skills)
    draft = f"這個崗位列出軟實力要求（{role}）。\n\n**附加能力要求（軟實力）**\n{items}"
    summary = f"這個崗位的軟實力要達到「{level}水平」（{role}）。"
    result = check(summary, draft=draft)
    assert result.answers and result.lists_restored == 1
    assert result.text.startswith(summary) and f"**附加能力要求（軟實力）**\n{items}" in result.text
    first = f"- {skills[0][0]}：{skills[0][1]}水平（{role}）"
    partial = check(f"{summary}\n{first}", draft=draft)
    assert partial.lists_restored == 0 and skills[1][0] not in partial.text
    assert check("我不確定。", draft=draft).lists_restored == 0  # a non-answer is not mended by the draft


# --- links, reasoning, prompts, scripts, cuts ------------------------------------------------------


def test_links_images_html_and_urls_are_removed():
    text = neutralise_links("看 ![圖](http://x.example/a.png) [連結](https://x.example) <img src=x> javascript:alert(1) 好")
    assert "x.example" not in text and "<img" not in text and "javascript" not in text and "連結" in text


@pytest.mark.parametrize("raw", ["<think>使用者問技能，我應該列出</think>答案", "<think>\n推理\n</think>\n\n答案",
                                 "答案<think>又想了一下</think>", "</think>答案", "模板已開啟推理……</think>\n答案"])
def test_reasoning_blocks_are_removed(raw):
    assert strip_reasoning(raw) == "答案"


def test_an_unterminated_reasoning_block_hides_everything_after_it():
    assert strip_reasoning("<think>還在想……") == ""


def test_reasoning_is_held_back_while_streaming():
    shown = ReasoningFilter()
    pieces = ["<th", "ink>先想", "一想</th", "ink>訓練", "經理", "<", "b>"]
    assert "".join(shown.feed(p) for p in pieces) == "訓練經理<b>"


def test_every_prompt_files_lines_are_removed(check, records, corpus):
    code, name = _item(records, corpus, r"S\d+")
    lines = PromptLines.from_dir(fills={"language": guard.LANGUAGE_NAMES.values()})
    for path in sorted(guard.PROMPTS_DIR.glob("*.md")):
        line = max((ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if "{" not in ln), key=len)
        result = check(f"需要{name}（{code}）。\n{line}", prompt_lines=lines)
        assert line not in result.text and result.flagged and result.citations == (code,), path.name
        assert any(n.kind == PROMPT_LEAK for n in result.notices)
    filled = check(f"需要{name}（{code}）。\nWrite the answer in Traditional Chinese (繁體中文); names stay as the "
                   "SOURCES print them.", prompt_lines=lines)
    assert "繁體中文" not in filled.text


def test_model_text_is_put_in_the_questions_script(check, records, corpus):
    assert to_script("转介評估表與职能基準", "zh-TW") == "轉介評估表與職能基準"
    assert to_script("台灣的訓練經理", "zh-TW") == "台灣的訓練經理"  # Traditional text is left as written
    role = next(c for c in sorted(corpus.codes()) if c.startswith("HK:") and c != guard.to_simplified(c))
    simplified = to_script(f"訓練經理（{role}）", "zh-CN")
    assert simplified.startswith("训练经理") and role in simplified
    code, name = _item(records, corpus, r"S\d+")
    result = check(f"需要{to_script(name, 'zh-CN')}（{code}）。", lang="zh-TW")
    assert result.answers and not wrong_script(result.text, "zh-TW") and name in result.text
    assert not wrong_script(check(f"需要{name}（{code}）。", lang="zh-CN").text, "zh-CN")


def test_chinese_terms_in_an_english_answer_are_as_the_records_print_them(check, records, corpus):
    code, name = _item(records, corpus, r"O\d+\.\d+\.\d+")
    simplified = to_script(name, "zh-CN")
    assert simplified != name  # the seed's name has characters Simplified writes otherwise
    result = check(f"The outputs include {simplified} ({code}).", lang="en")
    assert result.text == f"The outputs include {name} ({code})." and result.answers
    assert guard.records_script([guard.record_text(code, records[code])]) == "zh-TW"


def test_a_sentence_the_model_repeats_is_kept_once(check, records, corpus):
    code, name = _item(records, corpus, r"S\d+")
    result = check(f"需要{name}（{code}）。\n\n以下是草稿：\n需要{name}（{code}）。")
    assert result.text.count(name) == 1 and result.answers and result.failed == 0
    assert [d.reason for d in result.dropped_sentences] == ["repeated"]
    listed = check(f"T1：\n- {name}（{code}）\nT2：\n- {name}（{code}）")  # an item under two headings stays twice
    assert listed.text.count(name) == 2 and not listed.dropped_sentences


def test_a_cut_stream_never_ends_inside_a_code(check, records, corpus):
    code, name = _item(records, corpus, r"S\d+")
    raw = f"需要{name}（{code}）。另外也需要（{code[:9]}"
    assert complete_prefix(raw) == f"需要{name}（{code}）。"
    result = check(raw, cut=CUT_TOKENS)
    assert result.text == f"需要{name}（{code}）。" and result.answers
    assert any(n.kind == CUT_TOKENS for n in result.notices)


def test_sentences_split_outside_quotes():
    assert split_sentences("一。「二。三」四。\n- 五") == ["一。", "「二。三」四。", "\n", "- 五"]


def test_notices_render_per_language():
    notice = guard.Notice.of(CODES_REMOVED, codes="X1")
    assert "X1" in render_notice(notice, "en") and render_notice(notice, "zh-CN") != render_notice(notice, "zh-TW")
