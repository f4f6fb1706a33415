"""evals/garak_bridge.py: a real server on 127.0.0.1 in front of a stand-in answer function."""

import json
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from evals.garak_bridge import Bridge, BridgeError, is_loopback, parse_chat_request, serve


@dataclass(frozen=True)
class FakeAnswer:
    text: str
    abstained: bool
    intent: str
    lang: str = "en"
    citations: tuple = ()
    notices: tuple = ()


def fake_answer(question, history):
    if "skills" in question:
        return FakeAnswer(f"skills ({len(history)} earlier turns)", False, "skills", citations=("BHR1212-002v3/S01",))
    return FakeAnswer("outside the corpus", True, "scope")


@pytest.fixture
def bridge_url(tmp_path):
    log = (tmp_path / "bridge.jsonl").open("a", encoding="utf-8")
    server = serve(Bridge(fake_answer, log), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path / "bridge.jsonl"
    server.shutdown()
    server.server_close()
    log.close()


def _post(url: str, payload) -> tuple[int, dict]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_chat_completion_is_the_answer_text_and_a_log_line(bridge_url):
    url, log = bridge_url
    messages = [{"role": "system", "content": "scanner's system prompt"},
                {"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"},
                {"role": "user", "content": [{"type": "text", "text": "training manager skills?"}]}]
    status, reply = _post(url + "/v1/chat/completions", {"model": "x", "messages": messages, "n": 3})
    assert status == 200 and reply["object"] == "chat.completion"
    assert [c["message"]["content"] for c in reply["choices"]] == ["skills (2 earlier turns)"] * 3
    status, reply = _post(url + "/v1/chat/completions", {"messages": [{"role": "user", "content": "a cookie recipe"}]})
    assert reply["choices"][0]["message"]["content"] == "outside the corpus"
    rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(r["prompt"], r["abstained"], r["intent"], r["citations"]) for r in rows] == [
        ("training manager skills?", False, "skills", ["BHR1212-002v3/S01"]), ("a cookie recipe", True, "scope", [])]
    assert all(r["latency_ms"] >= 0 for r in rows)


@pytest.mark.parametrize("payload, field", [
    (b"not json", "request body"),
    ({"messages": []}, "messages"),
    ({"messages": [{"content": "no role"}]}, "messages[0]"),
    ({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}, "messages"),
    ({"messages": [{"role": "user", "content": 5}]}, "messages[0]"),
    ({"messages": [{"role": "user", "content": "q"}], "n": 0}, "n"),
])
def test_a_bad_request_gets_400_naming_the_field(bridge_url, payload, field):
    status, reply = _post(bridge_url[0] + "/v1/chat/completions", payload)
    assert status == 400 and reply["error"]["message"].startswith(field)
    assert bridge_url[1].read_text() == ""


def test_other_paths_are_404_and_models_lists_one(bridge_url):
    status, reply = _post(bridge_url[0] + "/v1/completions", {"prompt": "x"})
    assert status == 404
    with urllib.request.urlopen(bridge_url[0] + "/v1/models", timeout=10) as response:
        assert [m["id"] for m in json.loads(response.read())["data"]] == ["career-answer"]


def test_only_loopback_addresses_are_served(tmp_path):
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.8.0.2")
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.4", "10.0.0.1", "example.com", "", "::"))
    with pytest.raises(BridgeError, match="loopback"):
        serve(Bridge(fake_answer, (tmp_path / "x.jsonl").open("a")), "0.0.0.0", 0)


def test_the_question_is_the_last_user_message():
    request = parse_chat_request(json.dumps({"messages": [{"role": "user", "content": "a"},
                                                          {"role": "user", "content": "b"}]}).encode())
    assert request.question == "b" and request.history == ({"role": "user", "content": "a"},) and request.choices == 1



def test_the_warm_up_builds_what_answers_build_on_first_use(retriever, corpus, embedder, embedding_cache):
    from evals.garak_bridge import warm_up_questions
    from retrieval.answer import Knowledge, answer
    from retrieval.embeddings import embed_with_cache

    knowledge = Knowledge(retriever, corpus, embed=lambda texts: embed_with_cache(embedder, texts, embedding_cache)[0])
    questions = warm_up_questions(knowledge)
    answers = [answer(q, [], knowledge=knowledge) for q in questions]
    assert any(not a.abstained for a in answers) and any(a.abstained for a in answers)
    assert {"vocabulary", "items"} <= set(vars(knowledge))  # the cached parts a scanned prompt would otherwise build
