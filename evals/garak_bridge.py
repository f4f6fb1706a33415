"""`python -m evals.garak_bridge --log FILE`: `answer()` behind an OpenAI-compatible chat endpoint, on loopback.

    python -m evals.garak_bridge --log data/garak/bridge.jsonl [--port 8765] [--k 5]

A red-team scanner (garak's `openai.OpenAICompatible` generator, docs/hostile.md) posts
`/v1/chat/completions`; the bridge answers the last user message with `answer()` (earlier user and
assistant turns are the history; system messages are the scanner's, not the user's, and are ignored)
and replies with the Answer's text. Each request is logged as one JSON line: the prompt, the reply,
abstained, intent, cited codes, notices and the latency of `answer()` alone. `evals/garak_report.py`
reads that log.

Loopback only: the host must be a loopback address, and a peer from any other address gets 403. One
request at a time (a plain HTTPServer), so a latency is one answer's, not a queue's. Knowledge is built
from `Settings.from_env()` here, at the edge, like evals/run.py.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Callable, TextIO

MODEL_NAME = "career-answer"
MAX_BODY_BYTES = 1_000_000
MAX_CHOICES = 16


class BridgeError(ValueError):
    """A request the bridge cannot answer: the message says which field and why."""


@dataclass(frozen=True)
class ChatRequest:
    question: str
    history: tuple[dict, ...]
    choices: int


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _text_of(content, where: str) -> str:
    """A message's content: a string, or OpenAI's list of parts (only text parts are read)."""
    if isinstance(content, str):
        return content
    if content is None:
        return ""
    if isinstance(content, list):
        parts = [p.get("text", "") for p in content if isinstance(p, dict) and p.get("type", "text") == "text"]
        return "".join(str(p) for p in parts)
    raise BridgeError(f"{where}: content must be a string or a list of parts, not {type(content).__name__}")


def parse_chat_request(body: bytes) -> ChatRequest:
    """The last user message is the question; earlier user/assistant turns are the history."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BridgeError(f"request body: not JSON ({error})") from None
    if not isinstance(payload, dict):
        raise BridgeError("request body: must be a JSON object")
    messages = payload.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BridgeError("messages: must be a non-empty list")
    turns = []
    for number, message in enumerate(messages):
        if not isinstance(message, dict) or "role" not in message:
            raise BridgeError(f"messages[{number}]: must be an object with a role")
        if message["role"] in ("user", "assistant"):
            turns.append({"role": message["role"], "content": _text_of(message.get("content"), f"messages[{number}]")})
    if not turns or turns[-1]["role"] != "user":
        raise BridgeError("messages: the last user or assistant message must be the user's")
    choices = payload.get("n", 1)
    if not isinstance(choices, int) or not 1 <= choices <= MAX_CHOICES:
        raise BridgeError(f"n: must be an integer from 1 to {MAX_CHOICES}")
    return ChatRequest(turns[-1]["content"], tuple(turns[:-1]), choices)


def completion(text: str, choices: int, model: str = MODEL_NAME) -> dict:
    """OpenAI's chat.completion shape; `answer()` is deterministic, so the n choices are one answer."""
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": i, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
                    for i in range(choices)],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def log_row(request: ChatRequest, answered, latency_ms: float) -> dict:
    return {
        "time": round(time.time(), 3),
        "prompt": request.question,
        "history_turns": len(request.history),
        "text": answered.text,
        "abstained": answered.abstained,
        "intent": answered.intent,
        "lang": answered.lang,
        "citations": list(answered.citations),
        "notices": list(answered.notices),
        "latency_ms": round(latency_ms, 2),
    }


class Bridge:
    """Answers one chat request and logs it. `answer_fn(question, history) -> Answer`."""

    def __init__(self, answer_fn: Callable, log: TextIO) -> None:
        self.answer_fn = answer_fn
        self.log = log
        self._lock = threading.Lock()

    def respond(self, request: ChatRequest) -> dict:
        with self._lock:
            started = time.perf_counter()
            answered = self.answer_fn(request.question, list(request.history))
            latency_ms = (time.perf_counter() - started) * 1000
            self.log.write(json.dumps(log_row(request, answered, latency_ms), ensure_ascii=False) + "\n")
            self.log.flush()
        return completion(answered.text, request.choices)


def make_handler(bridge: Bridge):
    class Handler(BaseHTTPRequestHandler):
        server_version = "career-garak-bridge"

        def _send(self, status: HTTPStatus, payload: dict) -> None:
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _error(self, status: HTTPStatus, message: str) -> None:
            self._send(status, {"error": {"message": message, "type": "invalid_request_error"}})

        def _refused(self) -> bool:
            if is_loopback(self.client_address[0]):
                return False
            self._error(HTTPStatus.FORBIDDEN, "the bridge serves loopback clients only")
            return True

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self._refused():
                return
            if self.path.rstrip("/") in ("/v1/models", "/models"):
                self._send(HTTPStatus.OK, {"object": "list", "data": [{"id": MODEL_NAME, "object": "model"}]})
            else:
                self._error(HTTPStatus.NOT_FOUND, f"{self.path}: not found (POST /v1/chat/completions)")

        def do_POST(self) -> None:  # noqa: N802
            if self._refused():
                return
            if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
                self._error(HTTPStatus.NOT_FOUND, f"{self.path}: not found (POST /v1/chat/completions)")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= MAX_BODY_BYTES:
                self._error(HTTPStatus.BAD_REQUEST, f"Content-Length: must be 1 to {MAX_BODY_BYTES} bytes")
                return
            try:
                request = parse_chat_request(self.rfile.read(length))
            except BridgeError as error:
                self._error(HTTPStatus.BAD_REQUEST, str(error))
                return
            self._send(HTTPStatus.OK, bridge.respond(request))

        def log_message(self, format, *args) -> None:  # the JSONL log is the record; keep stderr quiet
            pass

    return Handler


def serve(bridge: Bridge, host: str = "127.0.0.1", port: int = 8765) -> HTTPServer:
    """A server bound to a loopback address (anything else is refused before binding)."""
    if not is_loopback(host):
        raise BridgeError(f"--host {host}: the bridge binds loopback addresses only (127.0.0.1, ::1, localhost)")
    server_class = HTTPServer
    if ":" in host:
        import socket

        class V6Server(HTTPServer):
            address_family = socket.AF_INET6

        server_class = V6Server
    return server_class((host.strip("[]"), port), make_handler(bridge))


def warm_up_questions(knowledge) -> list[str]:
    """Questions that reach every part built on first use (the model, the name vocabulary, the item index
    and its scope weights): a record of the corpus asked about, and a sentence about nothing in it. Without
    them the first scanned prompt that gets past the plan pays seconds of loading (3.2 s in a run)."""
    name = next(iter(knowledge.vocabulary.display.values()), "")
    return [f"{name} 需要哪些技能？", f"What skills does {name} need?", "Describe a living animal in detail."]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.garak_bridge", description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, required=True, help="JSONL file: one line per answered prompt (appended)")
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--k", type=int, default=5, help="sources per answer")
    args = parser.parse_args(argv)
    if not is_loopback(args.host):
        parser.error(f"--host {args.host}: loopback addresses only (127.0.0.1, ::1, localhost)")

    from retrieval.answer import answer
    from retrieval.factory import build_knowledge
    from retrieval.settings import Settings

    knowledge = build_knowledge(Settings.from_env())
    for question in warm_up_questions(knowledge):  # first-call loading is not a prompt's latency
        answer(question, [], knowledge=knowledge, k=args.k)
    args.log.parent.mkdir(parents=True, exist_ok=True)
    with args.log.open("a", encoding="utf-8") as log:
        bridge = Bridge(lambda question, history: answer(question, history, knowledge=knowledge, k=args.k), log)
        server = serve(bridge, args.host, args.port)
        print(f"garak bridge: http://{args.host}:{args.port}/v1/chat/completions → {args.log}", file=sys.stderr,
              flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
