"""The real langchain-openai client against an OpenAI-compatible server started here on 127.0.0.1."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from retrieval.answer import Knowledge, answer
from retrieval.chat import ModelEngine, ModelTimeout, make_chat_model
from retrieval.settings import Settings

pytestmark = pytest.mark.integration

REPLY = "訓練經理需要組織規劃能力（BHR1212-002v3/S01）。也需要溝通協調能力（BHR1212-002v3/S02）。"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        model = body["model"]
        if model == "broken":
            self.send_response(500)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        if model == "runaway":  # ignores every token cap
            pieces = (f"字{i} " for i in range(100_000))
        elif model == "capped":  # honours max_tokens, as llama-cpp-python does (not max_completion_tokens)
            pieces = (f"字{i} " for i in range(body.get("max_tokens") or 100_000))
        else:
            pieces = list(REPLY)
        try:
            if model == "pings":  # llama-cpp-python reading a long prompt: a keep-alive comment, no token
                self.ping(seconds=4)
            for n, piece in enumerate(pieces):
                chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": model,
                         "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                if model in ("runaway", "capped") and n % 50 == 0 or model == "stalls":
                    self.wfile.flush()
                if model == "stalls" and piece == "。":  # one sentence, then only keep-alives
                    self.ping(seconds=4)
            self.wfile.write(b"data: [DONE]\n\n")
        except (BrokenPipeError, ConnectionResetError):
            self.server.disconnects += 1  # the client stopped reading, as it should

    def ping(self, seconds: float) -> None:
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            self.wfile.write(b": ping - 2026-12-01 00:00:00.000000+00:00\n\n")
            self.wfile.flush()
            time.sleep(0.1)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests, httpd.disconnects = [], 0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()


def engine_for(server, model: str, max_tokens: int = 200, timeout_s: float = 10,
               first_token_timeout_s: float | None = None) -> ModelEngine:
    settings = Settings(chat_provider="openai", chat_model=model, chat_timeout_s=timeout_s, chat_max_tokens=max_tokens,
                        chat_base_url=f"http://127.0.0.1:{server.server_address[1]}/v1")
    return ModelEngine(make_chat_model(settings), settings.chat_timeout_s, settings.chat_max_tokens, name=f"openai:{model}",
                       first_token_timeout_s=first_token_timeout_s)


@pytest.fixture(scope="module")
def knowledge(retriever, corpus):
    return Knowledge(retriever, corpus)


def test_streamed_answer_through_langchain_openai(server, knowledge):
    pieces = []
    result = answer("訓練經理需要哪些技能？", [], knowledge=knowledge, engine=engine_for(server, "good"),
                    on_token=pieces.append)
    assert result.engine == "openai:good" and result.text == REPLY
    assert result.citations == ("BHR1212-002v3/S01", "BHR1212-002v3/S02") and len(pieces) > 10
    request = server.requests[-1]
    assert request["stream"] is True and request["messages"][0]["role"] == "system"
    assert "BHR1212-002v3/S01" in request["messages"][-1]["content"]  # the sources reached the model


def test_a_runaway_server_is_cut_off(server, knowledge):
    started = time.monotonic()
    result = answer("訓練經理需要哪些技能？", [], knowledge=knowledge, engine=engine_for(server, "runaway", 60))
    assert time.monotonic() - started < 10
    # the runaway text cites nothing, so the composer's answer stands, with the reason
    assert result.engine == "composer" and any("ModelRejected" in n for n in result.notices)
    request = server.requests[-1]
    assert request["max_tokens"] == 60 and "max_completion_tokens" not in request


def test_the_token_cap_is_sent_as_the_server_honours_it(server, knowledge):
    engine = engine_for(server, "capped", max_tokens=500)
    read = engine._read([{"role": "user", "content": "hi"}], None, max_tokens=10_000)
    assert read.tokens == 500 and read.cut == ""  # the server stopped itself


def test_keep_alive_comments_do_not_extend_the_time_limit(server, knowledge):
    started = time.monotonic()
    result = answer("訓練經理需要哪些技能？", [], knowledge=knowledge,
                    engine=engine_for(server, "pings", timeout_s=1.5))
    assert time.monotonic() - started < 1.5 + 1.0 + 1.0  # the limit, the 1 s allowed, the composer
    assert result.engine == "composer" and any("ModelTimeout" in n for n in result.notices)


def test_the_first_token_limit_is_separate(server, knowledge):
    started = time.monotonic()
    with pytest.raises(ModelTimeout, match="first token"):
        engine_for(server, "pings", timeout_s=30, first_token_timeout_s=1.0)._read(
            [{"role": "user", "content": "hi"}], None, 100)
    assert time.monotonic() - started < 2.0


def test_an_answer_stalling_at_the_limit_keeps_its_checked_sentences(server, knowledge):
    pieces = []
    result = answer("訓練經理需要哪些技能？", [], knowledge=knowledge,
                    engine=engine_for(server, "stalls", timeout_s=2.0), on_token=pieces.append)
    first = REPLY.split("。")[0] + "。"
    assert result.engine == "openai:stalls" and result.text == first
    assert result.citations == ("BHR1212-002v3/S01",) and any("截斷" in n for n in result.notices)


def test_a_server_error_falls_back_to_the_composer(server, knowledge):
    result = answer("訓練經理需要哪些技能？", [], knowledge=knowledge, engine=engine_for(server, "broken"))
    assert result.engine == "composer" and "BHR1212-002v3/S01" in result.citations
    assert any("模型暫時無法使用" in n for n in result.notices)


def test_an_unreachable_server_falls_back_quickly(knowledge):
    settings = Settings(chat_provider="openai", chat_model="x", chat_timeout_s=3, chat_base_url="http://127.0.0.1:9/v1")
    engine = ModelEngine(make_chat_model(settings), 3, 100)
    started = time.monotonic()
    result = answer("訓練經理需要哪些技能？", [], knowledge=knowledge, engine=engine)
    assert result.engine == "composer" and time.monotonic() - started < 8
