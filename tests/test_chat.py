"""The chat-model engine with fake models: limits that hold, checked answers, candidate rewrites."""

import re
import socket
import threading
import time
from typing import Iterator

import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from retrieval import guard
from retrieval.chat import (
    RETRIEVED,
    SOURCES_BUDGET,
    Grounding,
    ModelEngine,
    ModelTimeout,
    accept_rewrite,
    cited_sources,
    clean_rewrite,
    make_chat_model,
    read_stream,
)
from retrieval.chunks import build_chunks
from retrieval.guard import CUT_TIME, CUT_TOKENS

SEEN: list = []  # module level: a pydantic field would be copied per instance


class RecordingFake(FakeListChatModel):
    """Replies in turn and remembers what it was asked."""

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        SEEN.append(messages)
        return super()._stream(messages, stop, run_manager, **kwargs)


class FailingModel(BaseChatModel):
    @property
    def _llm_type(self) -> str:
        return "failing"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        raise ConnectionError("model server unreachable")


class ScriptedModel(BaseChatModel):
    """Streams `pieces`, pausing `pause` seconds before the piece at each index in `pauses` — as a server
    does while it reads a long prompt and sends only keep-alive comments, which the client does not yield."""

    pieces: list[str]
    pauses: dict[int, float] = {}
    forever: bool = False  # a server that ignores the token cap
    finish: dict = {}  # the last chunk's metadata (how the server says why it stopped)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="".join(self.pieces)))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        index = 0
        while index < len(self.pieces) or self.forever:
            time.sleep(self.pauses.get(index, 0.0))
            piece = self.pieces[index] if index < len(self.pieces) else "很長 "
            last = index == len(self.pieces) - 1 and not self.forever
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece, response_metadata=self.finish if last else {}))
            index += 1


@pytest.fixture(scope="module")
def chunks(corpus):
    return build_chunks(corpus)


@pytest.fixture(scope="module")
def grounding(chunks, corpus):
    carriers: dict[str, list] = {}
    for chunk in chunks:
        for code in chunk.codes:
            carriers.setdefault(code, []).append(chunk)
    return lambda *subjects: Grounding(corpus.codes(), lambda code: guard.record_text(code, carriers.get(code, ())),
                                       tuple(subjects))


@pytest.fixture(scope="module")
def skill(chunks):
    """(standard, skill code, skill name) of the first standard's first skill, from its record."""
    chunk = next(c for c in chunks if c.section == "competencies_S")
    local, name = re.search(r"^(S\d+) (\S+?)〔", chunk.text, re.M).groups()
    return chunk.code, f"{chunk.code}/{local}", name


def sentences(*pieces: str) -> list[str]:
    return [ch for piece in pieces for ch in piece]


# --- limits ------------------------------------------------------------------------------------------


def test_a_server_that_only_sends_keep_alives_cannot_extend_the_time_limit():
    model = ScriptedModel(pieces=["好"], pauses={0: 30.0})
    started = time.monotonic()
    with pytest.raises(ModelTimeout, match="first token"):
        read_stream(model, "q", timeout_s=1.0, first_token_timeout_s=None, max_tokens=100)
    assert time.monotonic() - started < 2.0


def test_the_first_token_has_its_own_limit():
    model = ScriptedModel(pieces=["好"] * 3, pauses={0: 3.0})
    started = time.monotonic()
    with pytest.raises(ModelTimeout, match="first token within 0.5"):
        read_stream(model, "q", timeout_s=20.0, first_token_timeout_s=0.5, max_tokens=100)
    assert time.monotonic() - started < 1.5
    assert read_stream(ScriptedModel(pieces=["好"] * 3, pauses={0: 0.3}), "q", timeout_s=5.0,
                       first_token_timeout_s=2.0, max_tokens=100).text == "好好好"


def test_a_stream_stalling_mid_answer_is_cut_at_the_limit_and_keeps_its_complete_sentences(grounding, skill, chunks):
    standard, code, name = skill
    pieces = sentences(f"需要{name}（{code}）。", "另外還需要") + ["很多"]
    model = ScriptedModel(pieces=pieces, pauses={len(pieces) - 1: 30.0})
    engine = ModelEngine(model, timeout_s=1.5, name="fake")
    started = time.monotonic()
    reply = engine.write("需要哪些技能？", "zh-TW", chunks[:3], "", [], grounding(standard))
    assert time.monotonic() - started < 2.5
    assert reply.cut == CUT_TIME and reply.text == f"需要{name}（{code}）。" and reply.checked.answers
    assert any(n.kind == CUT_TIME for n in reply.notices)


def test_a_server_ignoring_the_token_cap_is_cut_off_without_ending_inside_a_code(grounding, skill, chunks):
    standard, code, name = skill
    pieces = sentences(f"需要{name}（{code}）。", f"也需要（{code[:9]}") + ["很長 "] * 10
    engine = ModelEngine(ScriptedModel(pieces=pieces, forever=True), max_tokens=len(pieces) - 5, name="fake")
    reply = engine.write("需要哪些技能？", "zh-TW", chunks[:3], "", [], grounding(standard))
    assert reply.cut == CUT_TOKENS and reply.tokens == len(pieces) - 5
    assert reply.text == f"需要{name}（{code}）。" and code[:9] + "\n" not in reply.text
    assert any(n.kind == CUT_TOKENS for n in reply.notices) and reply.checked.answers


@pytest.mark.parametrize("finish", [{"finish_reason": "length"}, {"done_reason": "length"}])
def test_a_reply_the_server_stopped_at_its_token_cap_is_cut(grounding, skill, chunks, finish):
    """llama-cpp-python stopped at the `max_tokens` it was sent, inside a list item, before our own count
    was reached: the partial sentence must go and the user be told the answer was cut."""
    standard, code, name = skill
    pieces = sentences(f"需要{name}（{code}）。", f"- {name[:-1]}")
    engine = ModelEngine(ScriptedModel(pieces=pieces, finish=finish), max_tokens=1000, name="fake")
    reply = engine.write("需要哪些技能？", "zh-TW", chunks[:3], "", [], grounding(standard))
    assert reply.cut == CUT_TOKENS and reply.text == f"需要{name}（{code}）。"
    assert any(n.kind == CUT_TOKENS for n in reply.notices) and reply.checked.answers
    finished = ModelEngine(ScriptedModel(pieces=pieces, finish={"finish_reason": "stop"}), max_tokens=1000, name="fake")
    assert finished.write("需要哪些技能？", "zh-TW", chunks[:3], "", [], grounding(standard)).cut == ""


def test_settings_send_the_token_cap_each_server_honours():
    from langchain_ollama import ChatOllama
    from langchain_openai import ChatOpenAI

    from retrieval.settings import Settings

    ollama = make_chat_model(Settings(chat_provider="ollama", chat_model="qwen2.5:7b", chat_max_tokens=300,
                                      chat_timeout_s=12))
    assert isinstance(ollama, ChatOllama) and ollama.num_predict == 300 and ollama.temperature == 0
    assert ollama.base_url == "http://127.0.0.1:11434" and ollama.client_kwargs == {"timeout": 12}
    assert ollama.sync_client_kwargs["limits"].max_keepalive_connections == 0  # each reply's socket is traced
    compatible = make_chat_model(Settings(chat_provider="openai", chat_model="m", chat_max_tokens=55,
                                          chat_base_url="http://127.0.0.1:1/v1"))
    assert isinstance(compatible, ChatOpenAI) and compatible.max_retries == 0 and compatible.streaming
    assert compatible.extra_body == {"max_tokens": 55} and compatible.max_tokens is None
    hosted = make_chat_model(Settings(chat_provider="openai", chat_model="m", chat_max_tokens=55))
    assert hosted.max_tokens == 55 and not hosted.extra_body
    with pytest.raises(ValueError, match="CAREER_CHAT_PROVIDER"):
        make_chat_model(Settings(chat_provider="bard"))


def test_settings_carry_the_first_token_limit_to_the_engine():
    from retrieval.factory import build_engine
    from retrieval.settings import Settings

    settings = Settings.from_env({"CAREER_CHAT_PROVIDER": "openai", "CAREER_CHAT_BASE_URL": "http://127.0.0.1:1/v1",
                                  "CAREER_CHAT_FIRST_TOKEN_TIMEOUT_S": "7.5"})
    engine = build_engine(settings)
    assert engine.first_token_timeout_s == 7.5 and engine.timeout_s == settings.chat_timeout_s


class HangingServer:
    """An OpenAI-compatible endpoint on 127.0.0.1 (raw sockets) that reads the request and then, as
    llama-cpp-python does while it reads a long prompt, sends nothing (`silent`), only SSE keep-alive
    comments (`pings`), or one sentence and then keep-alives (`stalls`). It notes when each client
    connection was closed: a connection nobody closes stays open 30 s."""

    def __init__(self, mode: str) -> None:
        self.mode, self.closed_at, self.opened = mode, [], 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/v1"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.opened += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            request = b""
            while b"\r\n\r\n" not in request:
                request += conn.recv(65536)
            head, _, body = request.partition(b"\r\n\r\n")
            length = int(re.search(rb"content-length:\s*(\d+)", head, re.I).group(1))
            while len(body) < length:
                body += conn.recv(65536)
            if self.mode != "silent":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
            if self.mode == "stalls":
                delta = '{"id":"c","object":"chat.completion.chunk","created":0,"model":"m","choices":[{"index":0,' \
                        '"delta":{"content":"好。"},"finish_reason":null}]}'
                self._chunk(conn, f"data: {delta}\n\n".encode())
            conn.settimeout(0.1)
            ends = time.monotonic() + 30
            while time.monotonic() < ends:
                try:
                    if self.mode != "silent":
                        self._chunk(conn, b": ping - 2026-12-01 00:00:00.000000+00:00\n\n")
                    if conn.recv(1) == b"":
                        break  # the client shut the connection down
                except socket.timeout:
                    continue
                except OSError:  # reset or broken pipe: the client went
                    break
            self.closed_at.append(time.monotonic())

    @staticmethod
    def _chunk(conn: socket.socket, payload: bytes) -> None:
        conn.sendall(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")

    def stop(self) -> None:
        self.listener.close()


@pytest.mark.integration
@pytest.mark.parametrize("mode", ["silent", "pings", "stalls"])
def test_a_read_given_up_closes_its_connection_so_the_server_stops(mode):
    from retrieval.settings import Settings

    server = HangingServer(mode)
    try:
        model = make_chat_model(Settings(chat_provider="openai", chat_model="m", chat_base_url=server.url,
                                         chat_timeout_s=60, chat_max_tokens=100))
        if mode == "stalls":
            read = read_stream(model, [HumanMessage(content="hi")], timeout_s=1.0, first_token_timeout_s=None,
                               max_tokens=100)
            assert read.cut == CUT_TIME and read.text == "好。"
        else:
            with pytest.raises(ModelTimeout, match="first token"):
                read_stream(model, [HumanMessage(content="hi")], timeout_s=60, first_token_timeout_s=1.0, max_tokens=100)
        gave_up = time.monotonic()
        while not server.closed_at and time.monotonic() - gave_up < 5:
            time.sleep(0.05)
        assert server.opened == 1 and server.closed_at, "the connection was left open"
        assert server.closed_at[0] - gave_up < 1.0
    finally:
        server.stop()


# --- what the model wrote ---------------------------------------------------------------------------


def test_reasoning_blocks_are_neither_streamed_nor_kept(grounding, skill, chunks):
    standard, code, name = skill
    text = f"<think>使用者要技能，我列出 {standard}/S99。</think>需要{name}（{code}）。"
    shown: list[str] = []
    engine = ModelEngine(ScriptedModel(pieces=[text[i:i + 3] for i in range(0, len(text), 3)]), name="fake")
    reply = engine.write("需要哪些技能？", "zh-TW", chunks[:3], "", [], grounding(standard), shown.append)
    assert "think" not in "".join(shown) and "S99" not in "".join(shown)
    assert reply.text == f"需要{name}（{code}）。" and not reply.removed_codes


def test_mixed_scripts_are_put_in_the_questions_script(grounding, skill, chunks):
    standard, code, name = skill
    model = GenericFakeChatModel(messages=iter([AIMessage(content=f"需要{guard.to_simplified(name)}（{code}）。")]))
    reply = ModelEngine(model, name="fake").write("需要哪些技能？", "zh-TW", chunks[:3], "", [], grounding(standard))
    assert reply.text == f"需要{name}（{code}）。"


def test_an_altered_name_is_dropped_and_the_answer_flagged(grounding, skill, chunks):
    standard, code, name = skill
    model = GenericFakeChatModel(messages=iter([AIMessage(
        content=f"需要{name}（{code}）。\n也需要{name[0]}{name[2:]}（{code}）。")]))
    reply = ModelEngine(model, name="fake").write("需要哪些技能？", "zh-TW", chunks[:3], "", [], grounding(standard))
    assert reply.text == f"需要{name}（{code}）。" and reply.checked.flagged and reply.checked.failed == 1


def test_a_leaked_prompt_line_never_reaches_the_user(grounding, skill, chunks):
    standard, code, name = skill
    model = GenericFakeChatModel(messages=iter([AIMessage(
        content=f"需要{name}（{code}）。\nWrite the answer in Traditional Chinese (繁體中文); names stay as the SOURCES print them.")]))
    reply = ModelEngine(model, name="fake").write("需要哪些技能？", "zh-TW", chunks[:3], "", [], grounding(standard))
    assert reply.text == f"需要{name}（{code}）。" and any(n.kind == guard.PROMPT_LEAK for n in reply.notices)


# --- what the model is sent ---------------------------------------------------------------------------


def _sources_sent(messages) -> str:
    user = messages[-1].content
    return user[user.index("SOURCES"):user.index("A draft answer")]


def test_the_model_reads_only_the_sources_the_draft_cites(grounding, skill, chunks):
    standard, code, name = skill
    retrieved = [c for c in chunks if c.code.split("/")[0] == standard][:6]
    own = next(c for c in chunks if code in c.codes and c.section == "competencies_S")
    retrieved = [c for c in retrieved if c is not own] + [own]  # the skills ranked last
    skills = [c for c in own.codes if "/S" in c]
    draft = "".join(f"需要（{c}）。" for c in skills)
    SEEN.clear()
    ModelEngine(RecordingFake(responses=[draft]), name="fake").write("需要哪些技能？", "zh-TW", retrieved, draft, [],
                                                                      grounding(standard))
    sent = _sources_sent(SEEN[0])
    # task sources list some of the skills; the skills section lists them all and is sent alone
    assert len(skills) > 3 and _shown(own, sent) and not any(_shown(c, sent) for c in retrieved if c is not own)
    SEEN.clear()
    ModelEngine(RecordingFake(responses=[draft]), name="fake", sources_sent=RETRIEVED).write(
        "需要哪些技能？", "zh-TW", retrieved, draft, [], grounding(standard))
    assert all(_shown(c, _sources_sent(SEEN[0])) for c in retrieved)


def _shown(chunk, sent: str) -> bool:
    """Whether every line of the chunk was sent (each followed by its code)."""
    return all(f"{line}（" in sent for line in chunk.text.splitlines() if line.strip())


def test_each_source_line_is_shown_ending_with_its_code(grounding, skill, chunks):
    """Small models copy what is in front of them: each line carries the code to cite it with."""
    standard, code, name = skill
    own = next(c for c in chunks if code in c.codes and c.section == "competencies_S")
    SEEN.clear()
    ModelEngine(RecordingFake(responses=["好。"]), name="fake").write(
        "需要哪些技能？", "zh-TW", [own], f"需要{name}（{code}）。", [], grounding(standard))
    lines = [line for line in _sources_sent(SEEN[0]).splitlines()[1:] if line.strip()]
    assert len(lines) == len([line for line in own.text.splitlines() if line.strip()])
    skill_line = next(line for line in lines if line.startswith(code.split("/")[1] + " "))
    assert skill_line.endswith(f"（{code}）")  # a line naming one item: that item's code
    assert lines[0].endswith(f"（{own.code}）")  # other lines: the source's record
    assert all(re.search(r"（[^（）]+）$", line) for line in lines)


def test_an_uncited_copy_of_a_source_line_is_given_its_code(grounding, chunks, corpus):
    """The model copies a line of its sources (and a line of the draft) without the code: the guard
    cites the quoted line's record instead of dropping the sentence, and the draft it was shown already
    carried that code."""
    standard = corpus.standards[0].code
    record = next(c for c in chunks if c.code == standard and "：" in c.text)
    line = next(ln for ln in record.text.splitlines() if len(ln) >= 25 and "：" in ln and not re.search(r"\d", ln))
    draft = f"總覽（{standard}）。\n{line}"
    SEEN.clear()
    reply = ModelEngine(RecordingFake(responses=[f"{line}\n這個職業前景看好。"]), name="fake").write(
        "這個職業做什麼？", "zh-TW", [record], draft, [], grounding(standard))
    assert reply.citations == (standard,) and reply.checked.answers and reply.checked.quoted == 1
    assert reply.text == guard.with_citation(line, (standard,))  # the unsupported claim is still dropped
    user = SEEN[0][-1].content
    assert guard.with_citation(line, (standard,)) in user[user.index("A draft answer"):]


def test_citations_no_source_is_the_record_of_are_covered_by_the_fewest_sources(chunks):
    tasks = [c for c in chunks if re.search(r"/T\d+\.\d+$", c.code)]
    first, second, shared = next((a, b, code) for a, b in zip(tasks, tasks[1:]) for code in a.codes
                                 if code in b.codes and "/K" in code)
    only_second = next(code for code in second.codes if code not in first.codes and "/P" in code)
    assert cited_sources([first, second], [shared]) == [first]  # rank order breaks the tie
    assert cited_sources([first, second], [shared, only_second]) == [second]  # one source carries both
    assert cited_sources([first, second], []) == [first, second]  # a draft citing nothing: everything


def test_the_cited_sources_sent_stay_within_the_budget_in_whole_lines(grounding, chunks, corpus):
    role = next(c for c in corpus.codes() if c.startswith("HK:") and c.count(":") == 1 and len(c) > 6)
    carriers = [c for c in chunks if role in c.codes]
    assert sum(len(c.text) for c in carriers) > SOURCES_BUDGET  # the role's chunks do not all fit
    draft = f"見（{role}）。" + "".join(f"見（{c.code}）。" for c in carriers)
    SEEN.clear()
    ModelEngine(RecordingFake(responses=[draft]), name="fake").write("這個崗位做什麼？", "zh-TW", carriers, draft, [],
                                                                      grounding(role))
    sent = _sources_sent(SEEN[0])
    lines = {line for c in carriers for line in c.text.splitlines()}
    assert SOURCES_BUDGET // 2 < len(sent) <= SOURCES_BUDGET + 100
    assert all(re.sub(r"（[^（）]+）$", "", line) in lines or not line.strip() or line.startswith("SOURCES")
               for line in sent.splitlines())


# --- through answer() ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def knowledge(retriever, corpus):
    from retrieval.answer import Knowledge

    return Knowledge(retriever, corpus)


def test_a_checked_model_answer_is_the_answer(knowledge, skill):
    from retrieval.answer import answer

    standard, code, name = skill
    model = FakeListChatModel(responses=[f"需要{name}（{code}），也請參考（BHR0000-000v0）。![img](http://x.example/i.png)\n"
                                         f"- {name}（{code}）"])
    title = next(c.title for c in build_chunks(knowledge.corpus) if c.code == standard)
    result = answer(f"{title}需要哪些技能？", [], knowledge=knowledge, engine=ModelEngine(model, name="fake:list"))
    assert result.engine == "fake:list" and result.citations == (code,) and result.flagged
    assert "BHR0000-000v0" not in result.text and "x.example" not in result.text


@pytest.mark.parametrize("model, reason", [
    (FailingModel(), "ConnectionError"),
    (ScriptedModel(pieces=["慢"], pauses={0: 30.0}), "ModelTimeout"),
    (FakeListChatModel(responses=["很多技能都需要。"]), "ModelRejected"),
])
def test_a_failing_slow_or_unsupported_model_falls_back_with_the_reason(knowledge, skill, model, reason):
    from retrieval.answer import answer

    standard, code, name = skill
    title = next(c.title for c in build_chunks(knowledge.corpus) if c.code == standard)
    started = time.monotonic()
    for lang_question in (f"{title}需要哪些技能？", f"What skills does a {standard} need?"):
        result = answer(lang_question, [], knowledge=knowledge, engine=ModelEngine(model, timeout_s=1.0))
        assert result.engine == "composer" and result.citations
        assert any(reason in n for n in result.notices), result.notices  # in English too
        # an answer the guard refused is said so, not "the model is unavailable"
        unavailable = any("unavailable" in n or "無法使用" in n for n in result.notices)
        assert unavailable == (reason != "ModelRejected"), result.notices
    assert time.monotonic() - started < 8


# --- condensing follow-ups ------------------------------------------------------------------------------


def test_condense_returns_the_models_candidate_only():
    SEEN.clear()
    model = RecordingFake(responses=["<think>想想</think>Rewritten question: 「訓練經理需要哪些技能？」\n多餘的第二行"])
    history = [{"role": "user", "content": "訓練經理的工作任務有哪些？"}, {"role": "assistant", "content": "有 8 項。"}]
    assert ModelEngine(model).condense("那技能呢？", history) == "訓練經理需要哪些技能？"
    assert "Last user question: 那技能呢？" in SEEN[0][0].content
    assert clean_rewrite("") == ""


def test_a_rewrite_that_keeps_the_subjects_and_language_is_accepted():
    assert accept_rewrite("那技能呢？", "訓練經理需要哪些技能？", original_subjects=("A1",), rewrite_subjects=("A1",),
                          original_lang="zh-TW", rewrite_lang="zh-TW")
    assert accept_rewrite("那 T2.4 呢？", "訓練經理的 T2.4 是什麼？", original_subjects=("A1/T2.4",),
                          rewrite_subjects=("A1", "A1/T2.4"), original_lang="zh-TW", rewrite_lang="zh-TW")


@pytest.mark.parametrize("rewrite, subjects, lang, aspects", [
    ("訓練經理需要組織規劃能力（BHR1212-002v3/S01）。", ("A1",), "zh-TW", None),  # an answer, with a citation
    ("训练经理需要哪些技能？", ("A1",), "zh-CN", None),  # switched to Simplified
    ("就業服務人員需要哪些技能？", ("B2",), "zh-TW", None),  # moved to another record
    ("訓練經理需要組織規劃能力與溝通協調能力。", ("A1",), "zh-TW", None),  # an answer, not a question
    ("訓練經理有哪些工作產出？", ("A1",), "zh-TW", ("output",)),  # asks about something else
    ("", (), "zh-TW", None),
])
def test_a_rewrite_that_answers_or_drifts_is_refused(rewrite, subjects, lang, aspects):
    assert not accept_rewrite("那知識呢？", rewrite, original_subjects=("A1",), rewrite_subjects=subjects,
                              original_lang="zh-TW", rewrite_lang=lang, original_aspects=("knowledge",),
                              rewrite_aspects=aspects)


def test_a_rewrite_that_widens_a_task_to_its_standard_is_refused():
    """The 1.5B rewrote 「需要哪些知識？」 after a turn about T4.3 as 「培訓專案主管人員需要哪些知識？」: the task was
    gone, the answer listed the standard's 13 knowledge items instead of T4.3's two."""
    assert not accept_rewrite("需要哪些知識？", "培訓專案主管人員需要哪些知識？", original_subjects=("A1/T4.3",),
                              rewrite_subjects=("A1",), original_lang="zh-TW", rewrite_lang="zh-TW")
    assert accept_rewrite("需要哪些知識？", "培訓專案主管人員 T4.3 需要哪些知識？", original_subjects=("A1/T4.3",),
                          rewrite_subjects=("A1", "A1/T4.3"), original_lang="zh-TW", rewrite_lang="zh-TW")
