"""The chat-model engine: a LangChain chat model writes the answer from the retrieved sources.

The model sees only the sources, the composer's draft and the conversation.
Its stream is read under our own wall-clock and token limits (some
OpenAI-compatible servers ignore max tokens), every code it writes is checked
against the sources, and anything it should not emit (links, images, the
system prompt) is removed. `answer()` falls back to the composer on any error.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from .answer import EngineReply, Source
from .codes import CANONICAL_CODE as CODE
from .compose import Composition
from .understand import EN, ZH_CN, Request

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
LANGUAGE_NAMES = {"zh-TW": "Traditional Chinese (繁體中文)", ZH_CN: "Simplified Chinese (简体中文)", EN: "English"}
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)]*)\)")
_URL = re.compile(r"https?://[^\s)）]+")
HISTORY_TURNS = 6


class ModelTimeout(RuntimeError):
    pass


def load_prompt(name: str, prompts_dir: Path = PROMPTS_DIR) -> str:
    return (prompts_dir / f"{name}.md").read_text(encoding="utf-8")


def make_chat_model(settings) -> BaseChatModel:
    """Ollama or any OpenAI-compatible endpoint, chosen by settings; streaming, no retries."""
    provider = settings.chat_provider.lower()
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.chat_model,
            base_url=settings.chat_base_url or "http://127.0.0.1:11434",
            temperature=0,
            num_predict=settings.chat_max_tokens,
            client_kwargs={"timeout": settings.chat_timeout_s},
        )
    if provider in ("openai", "openai-compatible"):
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.chat_model,
            base_url=settings.chat_base_url or None,
            api_key=settings.chat_api_key,
            temperature=0,
            max_tokens=settings.chat_max_tokens,
            timeout=settings.chat_timeout_s,
            max_retries=0,
            streaming=True,
        )
    raise ValueError(f"CAREER_CHAT_PROVIDER={settings.chat_provider!r}: use 'ollama' or 'openai'")


def check_codes(text: str, allowed: set[str]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(text without unknown codes, the valid codes cited in order, the codes removed)."""
    cited, removed = [], []

    def keep_or_drop(match: re.Match) -> str:
        code = match.group()
        if code in allowed:
            cited.append(code)
            return code
        removed.append(code)
        return "[?]"

    cleaned = CODE.sub(keep_or_drop, text)
    cleaned = re.sub(r"[（(]\s*(?:\[\?\][、,\s]*)+[)）]", "", cleaned)
    return cleaned, tuple(dict.fromkeys(cited)), tuple(dict.fromkeys(removed))


def strip_unsafe(text: str, sources: list[Source]) -> tuple[str, bool]:
    """Remove images and links the sources do not contain; (text, whether anything was removed)."""
    allowed_urls = {u for s in sources for u in _URL.findall(s.text)}
    original = text
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(0) if m.group(2) in allowed_urls else m.group(1), text)
    text = _URL.sub(lambda m: m.group(0) if m.group(0) in allowed_urls else "", text)
    return text, text != original


def leaks_prompt(text: str, system_prompt: str, window: int = 40) -> bool:
    """Whether the output repeats any stretch of the system prompt."""
    compact = re.sub(r"\s+", " ", text)
    lines = [re.sub(r"\s+", " ", line).strip() for line in system_prompt.splitlines()]
    stretches = [line[i : i + window] for line in lines if len(line) >= window for i in range(0, len(line) - window + 1, 20)]
    return any(stretch in compact for stretch in stretches)


@dataclass
class ModelEngine:
    model: BaseChatModel
    timeout_s: float = 60.0
    max_tokens: int = 800
    name: str = "model"
    prompts_dir: Path = PROMPTS_DIR

    def condense(self, question: str, history: list[dict]) -> str:
        """A standalone question from a follow-up and the conversation."""
        turns = "\n".join(f"{m['role']}: {m['content'][:500]}" for m in history[-HISTORY_TURNS:])
        prompt = load_prompt("condense", self.prompts_dir).format(history=turns, question=question)
        text, _ = self._read_stream([HumanMessage(content=prompt)], on_token=None, max_tokens=120)
        text = text.strip().splitlines()[0].strip() if text.strip() else ""
        return text if 0 < len(text) <= 4 * max(len(question), 50) else question

    def respond(self, request: Request, sources: list[Source], draft: Composition, history: list[dict],
                on_token: Callable[[str], None] | None) -> EngineReply:
        system = load_prompt("system", self.prompts_dir)
        block = "\n\n".join(f"[{', '.join(s.codes[:12])}]\n{s.text}" for s in sources)
        user = load_prompt("answer", self.prompts_dir).format(
            sources=block, draft=draft.text, language=LANGUAGE_NAMES.get(request.lang, request.lang),
            question=request.question,
        )
        messages = [SystemMessage(content=system)]
        for message in history[-HISTORY_TURNS:]:
            kind = HumanMessage if message.get("role") == "user" else AIMessage
            messages.append(kind(content=str(message.get("content", ""))[:2000]))
        messages.append(HumanMessage(content=user))
        raw, truncated = self._read_stream(messages, on_token, self.max_tokens)

        notices = ["模型回答過長，已截斷。"] if truncated else []
        if leaks_prompt(raw, system):
            raise RuntimeError("the model repeated its instructions")
        allowed = {code for s in sources for code in s.codes}
        text, cited, removed = check_codes(raw, allowed)
        text, stripped = strip_unsafe(text, sources)
        if removed:
            notices.append(f"已移除模型回答中不在來源內的代碼：{'、'.join(removed)}。")
        if stripped:
            notices.append("已移除模型回答中的連結或圖片。")
        if not cited:
            raise RuntimeError("the model cited no code from its sources")
        return EngineReply(text.strip(), cited, removed, tuple(notices))

    def _read_stream(self, messages, on_token, max_tokens: int) -> tuple[str, bool]:
        """Read the model's stream, stopping at our own time and length limits; (text, truncated)."""
        started = time.monotonic()
        parts: list[str] = []
        chunks = 0
        stream = self.model.stream(messages)
        try:
            for chunk in stream:
                piece = chunk.content if isinstance(chunk.content, str) else ""
                if piece:
                    parts.append(piece)
                    chunks += 1
                    if on_token:
                        on_token(piece)
                if time.monotonic() - started > self.timeout_s:
                    raise ModelTimeout(f"no complete answer within {self.timeout_s:.0f} s")
                if chunks >= max_tokens:
                    return "".join(parts), True  # a runaway stream: stop reading, keep what we have
        finally:
            close = getattr(stream, "close", None)
            if close:
                close()
        return "".join(parts), False
