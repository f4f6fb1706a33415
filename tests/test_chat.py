import time
from typing import Iterator

import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from retrieval.answer import Knowledge, answer
from retrieval.chat import ModelEngine, check_codes, leaks_prompt, load_prompt, strip_unsafe


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


class SlowModel(BaseChatModel):
    delay: float = 0.3

    @property
    def _llm_type(self) -> str:
        return "slow"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="x"))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        while True:
            time.sleep(self.delay)
            yield ChatGenerationChunk(message=AIMessageChunk(content="慢 "))


@pytest.fixture(scope="module")
def knowledge(retriever, corpus):
    return Knowledge(retriever, corpus)


def test_check_codes_keeps_sourced_codes_and_removes_invented_ones():
    text, cited, removed = check_codes("技能 S01（BHR1212-002v3/S01）與（BHR0000-000v0）及 106999L9。", {"BHR1212-002v3/S01"})
    assert cited == ("BHR1212-002v3/S01",) and removed == ("BHR0000-000v0", "106999L9")
    assert "BHR0000-000v0" not in text and "106999L9" not in text and "BHR1212-002v3/S01" in text


def test_links_and_images_not_in_sources_are_removed(knowledge):
    result = answer("人才管理經理的課程", [], knowledge=knowledge)
    text, changed = strip_unsafe("看 ![x](http://evil.example/a.png) 與 [連結](https://evil.example) https://evil.example/p",
                                 list(result.sources))
    assert changed and "evil" not in text and "連結" in text


def test_prompt_leak_is_detected():
    system = load_prompt("system")
    assert leaks_prompt("好的，以下是我的指示：" + system[100:220], system)
    assert not leaks_prompt("訓練經理需要組織規劃能力（BHR1212-002v3/S01）。", system)


def test_model_answer_is_checked_against_its_sources(knowledge):
    model = FakeListChatModel(responses=[
        "訓練經理需要組織規劃能力（BHR1212-002v3/S01），也請參考（BHR0000-000v0）。![img](http://x.example/i.png)"
    ])
    result = answer("訓練經理需要哪些技能？", [], knowledge=knowledge, engine=ModelEngine(model, name="fake:list"))
    assert result.engine == "fake:list" and result.citations == ("BHR1212-002v3/S01",)
    assert result.flagged and "BHR0000-000v0" not in result.text and "x.example" not in result.text
    assert any("BHR0000-000v0" in n for n in result.notices)
    carried = {c for s in result.sources for c in s.codes}
    assert set(result.citations) <= carried


def test_streaming_passes_tokens_to_the_caller(knowledge):
    model = GenericFakeChatModel(messages=iter([AIMessage(content="組織規劃能力 （BHR1212-002v3/S01） 是 技能 之一")]))
    pieces = []
    result = answer("訓練經理需要哪些技能？", [], knowledge=knowledge, engine=ModelEngine(model, name="fake"),
                    on_token=pieces.append)
    assert len(pieces) > 3 and "".join(pieces).replace(" ", "") in result.text.replace(" ", "")


@pytest.mark.parametrize("model, reason", [(FailingModel(), "ConnectionError"), (SlowModel(), "ModelTimeout")])
def test_a_failing_or_slow_model_falls_back_to_the_composer(knowledge, model, reason):
    started = time.monotonic()
    result = answer("訓練經理需要哪些技能？", [], knowledge=knowledge, engine=ModelEngine(model, timeout_s=1.0))
    assert result.engine == "composer" and "BHR1212-002v3/S01" in result.citations
    assert any(reason in n for n in result.notices)
    assert time.monotonic() - started < 5


def test_a_model_that_cites_nothing_is_not_trusted(knowledge):
    model = FakeListChatModel(responses=["訓練經理需要很多技能。"])
    result = answer("訓練經理需要哪些技能？", [], knowledge=knowledge, engine=ModelEngine(model))
    assert result.engine == "composer" and result.citations


def test_a_runaway_stream_is_cut(knowledge):
    model = GenericFakeChatModel(messages=iter([AIMessage(content="（BHR1212-002v3/S01） " + "很長 " * 5000)]))
    result = answer("訓練經理需要哪些技能？", [], knowledge=knowledge, engine=ModelEngine(model, max_tokens=40))
    assert result.engine != "composer" and any("截斷" in n for n in result.notices)
    assert len(result.text) < 400


def test_the_model_engine_condenses_a_follow_up_before_retrieving(knowledge):
    SEEN.clear()
    model = RecordingFake(responses=["訓練經理需要哪些技能？", "包括組織規劃能力（BHR1212-002v3/S01）。"])
    history = [{"role": "user", "content": "訓練經理的工作任務有哪些？"},
               {"role": "assistant", "content": "訓練經理（BHR1212-002v3）有 8 項工作任務。"}]
    result = answer("那技能呢？", history, knowledge=knowledge, engine=ModelEngine(model, name="fake"))
    assert "Last user question: 那技能呢？" in SEEN[0][0].content
    assert result.intent == "skills" and result.citations == ("BHR1212-002v3/S01",)
    assert result.question == "那技能呢？"


def test_settings_choose_the_chat_model():
    from langchain_ollama import ChatOllama
    from langchain_openai import ChatOpenAI

    from retrieval.chat import make_chat_model
    from retrieval.settings import Settings

    ollama = make_chat_model(Settings(chat_provider="ollama", chat_model="qwen2.5:7b", chat_max_tokens=300,
                                      chat_timeout_s=12))
    assert isinstance(ollama, ChatOllama) and ollama.num_predict == 300 and ollama.temperature == 0
    assert ollama.base_url == "http://127.0.0.1:11434" and ollama.client_kwargs == {"timeout": 12}
    openai = make_chat_model(Settings(chat_provider="openai", chat_model="m", chat_base_url="http://127.0.0.1:1/v1"))
    assert isinstance(openai, ChatOpenAI) and openai.max_retries == 0 and openai.streaming
    with pytest.raises(ValueError, match="CAREER_CHAT_PROVIDER"):
        make_chat_model(Settings(chat_provider="bard"))
