"""The chat-model engine: a LangChain chat model writes the answer from the retrieved sources.

The model sees only the sources, the composer's draft and the conversation. Its stream is read on a
worker thread, so our limits hold whatever the server sends (keep-alive comments included): a
wall-clock limit for the whole answer and a shorter one for the first token, checked at least every
0.2 s; and our own token count (some OpenAI-compatible servers ignore the requested maximum). A read
given up shuts its connection down, so the server stops generating a reply no one reads. The model is
sent only the sources the composer's draft cites (small local models read long prompts slowly). What it
wrote then goes through the outgoing-text guard (retrieval/guard.py) statement by statement. The
caller falls back to the composer on any error or when what remains does not answer.
"""

from __future__ import annotations

import importlib
import queue
import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Protocol, Sequence

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from . import guard
from .codes import CANONICAL_CODE
from .guard import CUT_TIME, CUT_TOKENS, LANGUAGE_NAMES, CheckedText, PromptLines, ReasoningFilter

PROMPTS_DIR = guard.PROMPTS_DIR
HISTORY_TURNS = 6
POLL_S = 0.2  # how often the reader looks at the clock while the server sends nothing it yields
CONDENSE_TOKENS = 120


class ModelTimeout(RuntimeError):
    pass


class ModelRejected(RuntimeError):
    """The model's answer did not survive the checks (nothing cited and supported remains)."""


def load_prompt(name: str, prompts_dir: Path = PROMPTS_DIR) -> str:
    return (prompts_dir / f"{name}.md").read_text(encoding="utf-8")


def make_chat_model(settings) -> BaseChatModel:
    """Ollama or any OpenAI-compatible endpoint, chosen by settings; streaming, no retries.

    OpenAI-compatible servers (a base URL is set: llama-cpp-python, vLLM, LM Studio…) are sent
    `max_tokens`, which they honour; langchain-openai would send `max_completion_tokens`, which
    llama-cpp-python ignores. OpenAI itself gets `max_completion_tokens`."""
    provider = settings.chat_provider.lower()
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        import httpx  # the ollama client's

        return ChatOllama(
            model=settings.chat_model,
            base_url=settings.chat_base_url or "http://127.0.0.1:11434",
            temperature=0,
            num_predict=settings.chat_max_tokens,
            client_kwargs={"timeout": settings.chat_timeout_s},
            sync_client_kwargs=closable_client_kwargs(httpx),
        )
    if provider in ("openai", "openai-compatible"):
        from langchain_openai import ChatOpenAI
        from openai import DefaultHttpxClient

        compatible = bool(settings.chat_base_url)
        return ChatOpenAI(
            model=settings.chat_model,
            base_url=settings.chat_base_url or None,
            api_key=settings.chat_api_key,
            temperature=0,
            max_tokens=None if compatible else settings.chat_max_tokens,
            extra_body={"max_tokens": settings.chat_max_tokens} if compatible else None,
            timeout=settings.chat_timeout_s,
            max_retries=0,
            streaming=True,
            http_client=DefaultHttpxClient(**closable_client_kwargs(_library_of(DefaultHttpxClient))),
        )
    raise ValueError(f"CAREER_CHAT_PROVIDER={settings.chat_provider!r}: use 'ollama' or 'openai'")


# --- closing the connection of an abandoned read ------------------------------------------------

_current = threading.local()  # the Connections of the read running on this thread


class Connections:
    """The sockets the model client opened for one read, so the reader can close them from its thread
    when it stops waiting: the server then sees the client go (llama-cpp-python stops generating at its
    next token) instead of computing a reply no one reads. Sockets are shut down, not closed: closing
    neither wakes a read blocked on the worker thread nor tells the server."""

    def __init__(self) -> None:
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            closed = self._closed
        if closed:  # connected after the reader gave up
            _shut(sock)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed, or detached by TLS (the TLS socket is registered too)
        pass


def _trace(event: str, info: dict) -> None:
    """httpcore's `trace` request extension: each new connection's socket joins this thread's read."""
    if event.endswith((".connect_tcp.complete", ".connect_unix_socket.complete", ".start_tls.complete")):
        connections = getattr(_current, "connections", None)
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if connections is not None and sock is not None:
            connections.add(sock)


def _watch(request) -> None:
    """httpx request hook: trace the request's connections (after any trace already set)."""
    previous = request.extensions.get("trace")
    if previous is None:
        request.extensions["trace"] = _trace
    else:
        def both(event: str, info: dict) -> None:
            previous(event, info)
            _trace(event, info)

        request.extensions["trace"] = both


def closable_client_kwargs(http) -> dict:
    """Keyword arguments for a model SDK's httpx client (`http`: the httpx module it uses): every
    connection is traced, so `read_stream` can close it, and none is kept alive for reuse (a reused
    connection opens no socket to trace; a new one per reply costs nothing next to the reply)."""
    return {"event_hooks": {"request": [_watch]},
            "limits": http.Limits(max_connections=100, max_keepalive_connections=0)}


def _library_of(client_class) -> object:
    """The httpx-like module a client class comes from (recent openai SDKs use a fork, httpx2)."""
    base = next(c for c in client_class.__mro__ if c.__name__ == "Client")
    return importlib.import_module(base.__module__.split(".")[0])


# --- reading a stream under our limits ---------------------------------------------------------


@dataclass(frozen=True)
class StreamRead:
    text: str
    cut: str  # '' (the model finished), CUT_TOKENS or CUT_TIME
    tokens: int  # stream chunks read (one token each on llama.cpp, Ollama and OpenAI)
    first_token_s: float | None
    elapsed_s: float


def read_stream(model: BaseChatModel, messages, *, timeout_s: float, first_token_timeout_s: float | None,
                max_tokens: int, on_token: Callable[[str], None] | None = None) -> StreamRead:
    """Stream the model's reply on a worker thread and read it here with deadlines.

    Raises ModelTimeout when no token came within the first-token limit (or the whole limit); a reply
    still streaming at the limit, or past `max_tokens`, is returned with `cut` set. `on_token` gets the
    text as it may be shown (reasoning blocks held back), called on this thread."""
    started = time.monotonic()
    pieces: queue.Queue = queue.Queue()
    stop, finished = threading.Event(), threading.Event()
    connections = Connections()

    def pump() -> None:
        _current.connections = connections
        stream = None
        try:
            stream = model.stream(messages)
            for chunk in stream:
                if stop.is_set():
                    break
                piece = chunk.content if isinstance(chunk.content, str) else ""
                if piece:
                    pieces.put(("piece", piece))
                if _stopped_at_cap(chunk):
                    pieces.put(("capped", None))
            pieces.put(("end", None))
        except BaseException as error:  # handed to the reader, which raises it
            pieces.put(("error", error))
        finally:
            _current.connections = None
            finished.set()
            close = getattr(stream, "close", None)
            if close:
                try:
                    close()  # stops the HTTP stream: the server sees the client go
                except Exception:
                    pass

    threading.Thread(target=pump, name="model-stream", daemon=True).start()
    parts: list[str] = []
    first: float | None = None
    capped = False  # the server stopped at the token cap it was sent
    shown = ReasoningFilter()
    first_limit = min(first_token_timeout_s or timeout_s, timeout_s)
    try:
        while True:
            now = time.monotonic()
            deadline = started + (timeout_s if first is not None else first_limit)
            if now >= deadline:
                if first is None:
                    raise ModelTimeout(f"no first token within {first_limit:g} s")
                return StreamRead("".join(parts), CUT_TIME, len(parts), first, now - started)
            try:
                kind, value = pieces.get(timeout=min(POLL_S, deadline - now))
            except queue.Empty:
                continue
            if kind == "error":
                raise value
            if kind == "capped":
                capped = True
                continue
            if kind == "end":
                return StreamRead("".join(parts), CUT_TOKENS if capped else "", len(parts), first,
                                  time.monotonic() - started)
            if first is None:
                first = time.monotonic() - started
            parts.append(value)
            if on_token:
                visible = shown.feed(value)
                if visible:
                    on_token(visible)
            if len(parts) >= max_tokens:
                return StreamRead("".join(parts), CUT_TOKENS, len(parts), first, time.monotonic() - started)
    finally:
        stop.set()  # the worker stops at its next chunk, if one comes; we do not wait for it
        if not finished.is_set():
            connections.close()  # the worker's blocked read ends now, and the server sees the client go


def _stopped_at_cap(chunk) -> bool:
    """Whether a stream chunk says the server stopped at the token cap (OpenAI-compatible servers:
    finish_reason "length"; Ollama: done_reason "length"). Its own cap may cut a reply before our
    count does (a server streaming several tokens per chunk): the reply is cut all the same."""
    metadata = getattr(chunk, "response_metadata", None) or {}
    return "length" in (metadata.get("finish_reason"), metadata.get("done_reason"))


# --- condensing a follow-up --------------------------------------------------------------------

_LABEL = re.compile(r"^\s*(?:rewritten question|standalone question|question|改寫後的問題|改写后的问题|問題|问题)\s*[:：]\s*",
                    re.I)
# What a question looks like, in any of the three languages (a rewrite must still be one).
_QUESTION_CUES = re.compile(r"[?？]|[嗎吗呢]|什[麼么]|哪|如何|怎[麼么樣样]|多少|幾|几|是否|有沒有|有没有|請列|请列|列出|說明|说明|"
                            r"\b(?:what|which|how|who|where|when|why|does|do|is|are|can|list|describe|explain|tell)\b",
                            re.I)


def clean_rewrite(text: str) -> str:
    """The first line of a condense reply, without reasoning, a label or wrapping quotes."""
    text = guard.strip_reasoning(text)
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = _LABEL.sub("", line).strip()
    return line.strip("\"'「」“”").strip()


def accept_rewrite(original: str, rewrite: str, *, original_subjects: Collection[str],
                   rewrite_subjects: Collection[str], original_lang: str, rewrite_lang: str,
                   original_aspects: Collection[str] | None = None,
                   rewrite_aspects: Collection[str] | None = None) -> bool:
    """Whether the model's rewrite of a follow-up may replace the rule-based reading of it.

    It must still be one question (not an answer: no citations, one line, not much longer than a
    question), in the user's language, about the plan's subjects (a narrower record of the same
    subject counts, another record does not; with no subject in the plan, the rewrite must name one),
    and, when aspects are given, still ask about them."""
    rewrite = rewrite.strip()
    if not rewrite or "\n" in rewrite or rewrite == original.strip():
        return False
    if len(rewrite) > 3 * max(len(original), 40) or re.search(rf"[（(]\s*(?:{CANONICAL_CODE.pattern})", rewrite):
        return False  # an answer with citations, not a question
    if rewrite_lang != original_lang:
        return False
    if _QUESTION_CUES.search(original) and not _QUESTION_CUES.search(rewrite):
        return False
    kept, new = set(original_subjects), set(rewrite_subjects)
    if not new:
        return False
    within = all(any(_related(code, s) for s in kept) for code in new) if kept else True
    # Each subject is still asked about, as itself or a narrower record: a rewrite naming only the standard
    # of the task asked about ("T4.3's knowledge" -> "the standard's knowledge") widens the question.
    covers = all(any(code == s or code.startswith(s + "/") for code in new) for s in kept)
    if not (within and covers):
        return False
    if original_aspects and rewrite_aspects is not None and not set(original_aspects) <= set(rewrite_aspects):
        return False
    return True


def _related(a: str, b: str) -> bool:
    """The same record, or a record and one of its items."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


# --- the engine ----------------------------------------------------------------------------------


class SourceText(Protocol):
    code: str
    codes: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Grounding:
    """What the model's answer is checked against (see guard.check_model_answer)."""

    known_codes: Collection[str]
    record_text_for: Callable[[str], str | None]
    subject_codes: tuple[str, ...] = ()
    allowed_codes: Collection[str] | None = None

    @classmethod
    def from_sources(cls, sources: Sequence[SourceText], subject_codes: Sequence[str] = ()) -> "Grounding":
        """Grounding from the sources alone (when the caller has no record lookup)."""
        codes = {code for s in sources for code in s.codes}
        return cls(codes, lambda code: guard.record_text(code, [s for s in sources if code in s.codes]),
                   tuple(subject_codes), codes)


@dataclass(frozen=True)
class ModelReply:
    """A model's answer after the guard; `checked.answers` says whether it may be shown."""

    checked: CheckedText
    raw: str  # what the model sent: never shown
    cut: str
    tokens: int
    first_token_s: float | None
    elapsed_s: float

    @property
    def text(self) -> str:
        return self.checked.text

    @property
    def citations(self) -> tuple[str, ...]:
        return self.checked.citations

    @property
    def removed_codes(self) -> tuple[str, ...]:
        return self.checked.removed_codes

    @property
    def notices(self) -> tuple[guard.Notice, ...]:
        return self.checked.notices


CITED, RETRIEVED = "cited", "retrieved"  # which sources the model is sent (ModelEngine.sources_sent)
SOURCES_BUDGET = 4000  # characters of cited sources sent (~3,000 tokens of Chinese): whole lines, rank order


def cited_sources(sources: Sequence[SourceText], cited: Collection[str]) -> list:
    """The sources the draft's citations rest on, in rank order: each source that is a cited record,
    then, while a citation is not carried yet, the source carrying most of the uncovered ones. Why: a
    small local model reads a 4,000-token prompt for minutes; the draft already chose the records,
    and the guard checks the answer against the full records whatever the model was sent. With no
    citation, every source."""
    cited = set(cited)
    if not cited:
        return list(sources)
    chosen = [s for s in sources if s.code in cited]
    uncovered = cited - {code for s in chosen for code in s.codes}
    rest = [s for s in sources if s not in chosen]
    while uncovered and rest:
        best = max(rest, key=lambda s: len(uncovered & set(s.codes)))  # max keeps the first of equals
        if not uncovered & set(best.codes):
            break
        chosen.append(best)
        rest.remove(best)
        uncovered -= set(best.codes)
    return [s for s in sources if s in chosen]


def line_code(line: str, source: SourceText) -> str:
    """The code a source line stands under: the one item of the source the line names by its local code
    (`P2.2.1 確認…`, `工作產出：O2.2.1 …`), else the source's own record."""
    named = [code for code in source.codes if "/" in code and re.search(
        rf"(?<![A-Za-z0-9./\-_:]){re.escape(code.split('/', 1)[1])}(?![A-Za-z0-9_]|[./\-][A-Za-z0-9])", line)]
    return named[0] if len(named) == 1 else source.code


def cited_line(line: str, source: SourceText) -> str:
    """A source line as the model reads it: ending with its code, the way an answer cites it (small
    models copy what is in front of them, codes included)."""
    return f"{line}（{line_code(line, source)}）" if line.strip() else line


def source_block(sources: Sequence[SourceText], budget: int | None = None) -> str:
    """The SOURCES text the model reads: each line ending with its code, whole lines only, until `budget`
    characters (the first source is always sent, cut at a line if it alone is over)."""
    parts, used = [], 0
    for source in sources:
        lines, size = [], 0
        original = source.text.splitlines()
        for line in original:
            line = cited_line(line, source)
            if budget is not None and used + size + len(line) + 1 > budget and (parts or lines):
                break
            lines.append(line)
            size += len(line) + 1
        if not lines:
            break
        parts.append("\n".join(lines))
        used += size + 1
        if len(lines) < len(original):
            break
    return "\n\n".join(parts)


def source_evidence(sources: Sequence[SourceText]) -> list[guard.Evidence]:
    """What the sources give the model, piece by piece with its code: each line, and each item's name
    as the source prints it after the item's local code."""
    evidence = []
    for source in sources:
        evidence += [guard.Evidence((line_code(line, source),), line) for line in source.text.splitlines()
                     if line.strip()]
        for code in source.codes:
            if "/" in code:
                evidence += [guard.Evidence((code,), name, name=True)
                             for name in sorted(guard.item_names(source.text, code.split("/", 1)[1]))]
    return evidence


def draft_evidence(draft: str, known_codes: Collection[str]) -> list[guard.Evidence]:
    """Each sentence of the draft with the codes it cites (sentences citing nothing give nothing)."""
    evidence = []
    for sentence in guard.split_sentences(draft):
        codes = tuple(dict.fromkeys(m.code for m in guard.find_codes(sentence, known_codes) if m.code))
        if codes:
            evidence.append(guard.Evidence(codes, sentence))
    return evidence


def build_messages(system: str, user: str, history: Sequence[dict]) -> list:
    messages = [SystemMessage(content=system)]
    for message in list(history)[-HISTORY_TURNS:]:
        kind = HumanMessage if message.get("role") == "user" else AIMessage
        messages.append(kind(content=str(message.get("content", ""))[:2000]))
    messages.append(HumanMessage(content=user))
    return messages


@dataclass
class ModelEngine:
    model: BaseChatModel
    timeout_s: float = 60.0
    max_tokens: int = 800
    name: str = "model"
    prompts_dir: Path = PROMPTS_DIR
    first_token_timeout_s: float | None = None  # default: the whole limit
    sources_sent: str = CITED  # CITED: only the sources the draft's citations rest on; RETRIEVED: all

    def __post_init__(self) -> None:
        if self.sources_sent not in (CITED, RETRIEVED):
            raise ValueError(f"sources_sent={self.sources_sent!r}: use {CITED!r} or {RETRIEVED!r}")
        self.prompt_lines = PromptLines.from_dir(self.prompts_dir, fills={"language": LANGUAGE_NAMES.values()})

    def _read(self, messages, on_token, max_tokens: int) -> StreamRead:
        return read_stream(self.model, messages, timeout_s=self.timeout_s,
                           first_token_timeout_s=self.first_token_timeout_s, max_tokens=max_tokens,
                           on_token=on_token)

    def condense(self, question: str, history: list[dict]) -> str:
        """A candidate standalone question for a follow-up ('' when the model gave none). The caller
        decides with `accept_rewrite` whether it replaces the rule-based reading."""
        turns = "\n".join(f"{m['role']}: {str(m['content'])[:500]}" for m in history[-HISTORY_TURNS:])
        prompt = load_prompt("condense", self.prompts_dir).format(history=turns, question=question)
        read = self._read([HumanMessage(content=prompt)], None, CONDENSE_TOKENS)
        return clean_rewrite(read.text)

    def write(self, question: str, lang: str, sources: Sequence[SourceText], draft: str, history: Sequence[dict],
              grounding: Grounding, on_token: Callable[[str], None] | None = None) -> ModelReply:
        """The model's answer, read under the limits and checked statement by statement.

        Raises on a model failure or timeout before the first token. The caller shows `reply.text`
        only when `reply.checked.answers`; streamed tokens are provisional."""
        system = load_prompt("system", self.prompts_dir)
        budget = None
        if self.sources_sent == CITED:
            drafted = [m.code for m in guard.find_codes(draft, grounding.known_codes) if m.code]
            sources, budget = cited_sources(sources, drafted), SOURCES_BUDGET
        block = source_block(sources, budget)
        given = source_evidence(sources)
        # The draft's uncited lines that quote a source (a description, a requirement) are shown with
        # that source's code, so a model copying the draft copies the code too.
        draft = guard.cite_quotations(draft, given, grounding.known_codes, grounding.subject_codes)
        given += draft_evidence(draft, grounding.known_codes)
        user = load_prompt("answer", self.prompts_dir).format(
            sources=block, draft=draft, language=LANGUAGE_NAMES.get(lang, lang), question=question)
        read = self._read(build_messages(system, user, history), on_token, self.max_tokens)
        checked = guard.check_model_answer(
            read.text, subject_codes=grounding.subject_codes, record_text_for=grounding.record_text_for,
            known_codes=grounding.known_codes, allowed_codes=grounding.allowed_codes, lang=lang, draft=draft,
            prompt_lines=self.prompt_lines, cut=read.cut, evidence=given)
        return ModelReply(checked, read.text, read.cut, read.tokens, read.first_token_s, read.elapsed_s)

    def respond(self, request, sources, draft, history: list[dict], on_token: Callable[[str], None] | None,
                grounding: Grounding | None = None):
        """The `ChatEngine.respond` of answer.py: `write` with the request's question, language and
        subjects; raises ModelRejected when the checked answer does not answer (the caller falls back)."""
        from .answer import EngineReply  # answer.py imports nothing from here

        grounding = grounding or Grounding.from_sources(sources, getattr(request, "entities", ()))
        reply = self.write(request.question, request.lang, sources, getattr(draft, "text", str(draft)), history,
                           grounding, on_token)
        if not reply.checked.answers:
            raise ModelRejected("the model's answer did not hold against its sources")
        notices = tuple(guard.render_notice(n, request.lang) for n in reply.notices)
        return EngineReply(reply.text, reply.citations, reply.removed_codes, notices)
