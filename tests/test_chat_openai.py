"""The real langchain-openai client against an OpenAI-compatible server started here on 127.0.0.1."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from retrieval.answer import Knowledge, answer
from retrieval.chat import ModelEngine, make_chat_model
from retrieval.settings import Settings

pytestmark = pytest.mark.integration

REPLY = "訓練經理需要組織規劃能力（BHR1212-002v3/S01）與溝通協調能力（BHR1212-002v3/S02）。"


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
        pieces = list(REPLY) if model == "good" else (f"字{i} " for i in range(100_000))
        try:
            for n, piece in enumerate(pieces):
                chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": model,
                         "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                if model == "runaway" and n % 50 == 0:
                    self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
        except (BrokenPipeError, ConnectionResetError):
            self.server.disconnects += 1  # the client stopped reading, as it should


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests, httpd.disconnects = [], 0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()


def engine_for(server, model: str, max_tokens: int = 200) -> ModelEngine:
    settings = Settings(chat_provider="openai", chat_model=model, chat_timeout_s=10, chat_max_tokens=max_tokens,
                        chat_base_url=f"http://127.0.0.1:{server.server_address[1]}/v1")
    return ModelEngine(make_chat_model(settings), settings.chat_timeout_s, settings.chat_max_tokens, name=f"openai:{model}")


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
    assert result.engine == "composer" and any("模型" in n for n in result.notices)


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
