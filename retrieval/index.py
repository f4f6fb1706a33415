"""Build, refresh and open the search index.

Layout under `data/index/`:

    CURRENT                 the id of the build being served (replaced atomically)
    builds/<id>/manifest.json   written last: a build without it is incomplete
    builds/<id>/chunks.jsonl
    builds/<id>/catalog.json    codes, names and version aliases for code queries
    builds/<id>/corpus.json     the parsed records the chunks were made from (corpus.stored)
    builds/<id>/sources.json    every source file (name, sha256, size, mtime) the build was made from
    builds/<id>/lexical/        the BM25 index over the chunks
    builds/<id>/item-lexical/   BM25 over every item of the records (their word statistics for answering)
    builds/<id>/chroma/         the embedded Chroma store (absent in server mode)

A build is made beside the one being served and swapped in only when complete,
so a crash mid-build leaves the last good index serving. Vectors come from the
embedding cache, so a rebuild embeds only chunks whose text is new.

A start opens the records stored with the build instead of parsing the sources
again, so the index and the records always come from the same build. When the
sources folder no longer matches the one the build was made from, the build is
still served whole, and `IndexStatus` says that the sources changed: rebuild.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from langchain_core.embeddings import Embeddings

from corpus.load import (Corpus, SourceFile, SourceProblem, file_sha256, fingerprint_of, load_corpus,
                         source_paths)
from corpus.stored import StoredCorpusError, paused_gc, read_corpus, schema, write_corpus

from .chunks import Chunk, build_chunks
from .codes import CodeCatalog
from .embeddings import EmbeddingCache, embed_with_cache, embedder_dimension, embedder_id
from .items import lexicon_rows
from .lexical import LexicalIndex
from .store import StoreLocation, VectorStore, chromadb_version, drop_collections

FORMAT = 7  # 2: the parsed records and the source list are stored with the build; 3: the item lexicon;
# 4: variant characters folded in normalising (爲 → 為), which the lexicons are built with; 5: Cantonese words
# added to the segmenter (retrieval/vocabulary/segmentation_words.txt); 6: a task's own wording of a K/S code
# is an item of the lexicon; 7: words records print added to the segmenter (大數據, 提案書)
VECTOR_BLOCK = 2000  # chunks embedded (or read from the cache) and written to the store at a time

# Why an index is or is not current (IndexStatus.reason); rendered per language at the edge.
CURRENT = "current"  # the sources folder is the one the build was made from
SOURCES_CHANGED = "sources_changed"  # files were added, removed or edited since the build
NO_INDEX = "no_index"  # no finished build of this version's format
NOT_CHECKED = "not_checked"  # built from records passed in, or opened without a sources folder


class IndexMissing(RuntimeError):
    """No complete index exists yet: run `python -m retrieval ingest`."""


class IndexUnreadable(RuntimeError):
    """A finished build whose files cannot be read (damaged or edited by hand): rebuild."""


@dataclass(frozen=True)
class IndexStatus:
    """Whether the served build matches the sources folder, and if not, what changed."""

    build_id: str | None
    stale: bool
    reason: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def describe(self) -> str:
        """English, for the CLI and logs; the app renders `reason` and the file lists in its own words."""
        if self.reason == NO_INDEX:
            return "no index yet: run `python -m retrieval ingest`"
        if self.reason == SOURCES_CHANGED:
            parts = [f"{len(names)} {label}: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}"
                     for label, names in (("added", self.added), ("removed", self.removed),
                                          ("changed", self.changed)) if names]
            return "sources changed since the last build: rebuild (" + "; ".join(parts) + ")"
        if self.reason == NOT_CHECKED:
            return f"serving build {self.build_id} (sources not checked)"
        return f"serving build {self.build_id}, up to date with the sources"


def compare_sources(built: tuple[SourceFile, ...], now: tuple[SourceFile, ...]) -> tuple[tuple[str, ...], ...]:
    """(added, removed, changed) file names between two source lists."""
    before, after = {f.name: f.sha256 for f in built}, {f.name: f.sha256 for f in now}
    return (tuple(sorted(after.keys() - before.keys())), tuple(sorted(before.keys() - after.keys())),
            tuple(sorted(n for n in before.keys() & after.keys() if before[n] != after[n])))


@dataclass(frozen=True)
class Manifest:
    build_id: str
    created: float
    corpus_fingerprint: str
    embedder: str
    dimension: int
    chromadb: str
    chunk_count: int
    store: str  # a folder name inside the build, or chroma://host:port/collection
    collection: str
    problems: tuple[tuple[str, str], ...] = ()
    format: int = FORMAT
    sources_fingerprint: str = ""  # of every file in the sources folder; "" when built from records passed in
    records_schema: str = ""  # corpus.stored.schema() of the stored records

    @classmethod
    def read(cls, path: Path) -> "Manifest":
        data = json.loads(path.read_text(encoding="utf-8"))
        data["problems"] = tuple(tuple(p) for p in data.get("problems", ()))
        return cls(**data)


@dataclass(frozen=True)
class IngestSummary:
    added: int
    unchanged: int
    removed: int
    embedded: int
    rebuilt: bool
    reason: str
    build_id: str
    seconds: float
    embed_seconds: float = 0.0
    index_seconds: float = 0.0
    problems: tuple[SourceProblem, ...] = ()
    kept: tuple[str, ...] = field(default=())  # files whose earlier chunks were kept because they now fail

    def describe(self) -> str:
        lines = [
            f"{self.added} chunks added, {self.unchanged} unchanged, {self.removed} removed; "
            f"{self.embedded} embedded ({self.reason}) in {self.seconds:.1f} s"
        ]
        for problem in self.problems:
            lines.append(f"  ✗ {problem.file}: {problem.reason}")
        for name in self.kept:
            lines.append(f"  ↺ {name}: kept its previously indexed chunks")
        return "\n".join(lines)


@dataclass
class LoadedIndex:
    """Everything a search and an answer need, loaded once from one build: the records included."""

    manifest: Manifest
    chunks: list[Chunk]
    store: VectorStore
    lexical: LexicalIndex
    catalog: CodeCatalog
    item_lexical: LexicalIndex  # BM25 over every item of the records, each filed under its record
    corpus: Corpus | None = None  # the records the build was made from
    status: IndexStatus | None = None  # checked against the sources folder when opened with one
    by_id: dict[str, Chunk] = field(init=False)
    carriers: dict[str, list[Chunk]] = field(init=False)  # code -> the chunks carrying it

    def __post_init__(self) -> None:
        with paused_gc():
            self.by_id = {c.id: c for c in self.chunks}
            self.carriers = {}
            for chunk in self.chunks:
                for code in chunk.codes:
                    self.carriers.setdefault(code, []).append(chunk)


class IndexManager:
    """Owns `data/index`: which build is current, building a new one, opening it."""

    def __init__(self, root: Path, chroma_host: str = "", chroma_port: int = 8000) -> None:
        self.root = Path(root)
        self.builds = self.root / "builds"
        self.chroma_host = chroma_host
        self.chroma_port = chroma_port
        self._hashes = SourceHashes()

    # --- which build is served ------------------------------------------------------

    def current_id(self) -> str | None:
        """The served build, or the newest complete one if CURRENT is missing or broken."""
        pointer = self.root / "CURRENT"
        if pointer.exists():
            build_id = pointer.read_text(encoding="utf-8").strip()
            if self._complete(build_id):
                return build_id
        complete = sorted((p.name for p in self.builds.glob("*") if self._complete(p.name)), reverse=True)
        return complete[0] if complete else None

    def _complete(self, build_id: str) -> bool:
        """A finished build this version can serve: its format and its records' shape are this version's
        (a build by an older version counts as no build, so the first start builds a new one)."""
        path = self.builds / build_id / "manifest.json"
        try:
            manifest = Manifest.read(path)
        except (OSError, ValueError, TypeError):
            return False
        return manifest.format == FORMAT and manifest.records_schema == schema()

    def current_manifest(self) -> Manifest | None:
        build_id = self.current_id()
        return Manifest.read(self.builds / build_id / "manifest.json") if build_id else None

    def _location(self, build_dir: Path, collection: str) -> StoreLocation:
        if self.chroma_host:
            return StoreLocation(host=self.chroma_host, port=self.chroma_port, collection=collection)
        return StoreLocation(path=build_dir / "chroma", collection="chunks")

    # --- building ----------------------------------------------------------------------

    def ingest(
        self,
        embedder: Embeddings,
        corpus: Corpus | None = None,
        sources_dir: Path | None = None,
        cache: EmbeddingCache | None = None,
        progress: Callable[[int, int], None] | None = None,
        force: bool = False,
    ) -> IngestSummary:
        """Bring the index up to date with the sources; embeds only what is new."""
        started = time.perf_counter()
        # The folder is listed (and hashed) before it is parsed: an edit made during the build shows as a change.
        sources = self._hashes.files(Path(sources_dir)) if sources_dir else ()  # with `corpus` too: parsed there
        corpus = corpus if corpus is not None else load_corpus(sources_dir) if sources_dir else load_corpus()
        chunks = build_chunks(corpus)
        previous = self.current_manifest()
        # Only ids and file names of the previous build: its chunks are read again only for kept files.
        old_ids, indexed_before = self._chunk_ids_and_sources(previous.build_id) if previous else (set(), set())
        kept = self._carry_over(corpus.problems, chunks, indexed_before)
        if kept:
            chunks += [c for c in self._read_chunks(previous.build_id) if c.source in kept]
        corpus = self._with_kept_records(corpus, previous, kept)
        new_ids = {c.id for c in chunks}
        model_id = embedder_id(embedder)
        reason = self._rebuild_reason(previous, model_id, new_ids, old_ids, force)
        counts = dict(added=len(new_ids - old_ids), unchanged=len(new_ids & old_ids), removed=len(old_ids - new_ids))
        if reason is None and previous.sources_fingerprint != fingerprint_of(sources) and sources:
            reason = "sources changed"  # e.g. a file that still fails, edited: same chunks, other folder
        if reason is None:
            return IngestSummary(**counts, embedded=0, rebuilt=False, reason="index up to date",
                                 build_id=previous.build_id, seconds=time.perf_counter() - started,
                                 problems=corpus.problems, kept=tuple(sorted(kept)))

        self._remove_incomplete_builds()
        # Never reuse a path: Chroma cannot reopen, in the same process, a folder that was deleted.
        build_id = time.strftime("%Y%m%d-%H%M%S") + f"-{uuid.uuid4().hex[:8]}"
        build_dir = self.builds / build_id
        build_dir.mkdir(parents=True)
        total = len(chunks)
        done = [0]

        def step(n: int) -> None:
            done[0] += n
            if progress:
                progress(done[0], total)

        collection = f"chunks-{build_id}"
        location = self._location(build_dir, collection)
        store = VectorStore(location)
        # Vectors go to the store a block at a time: memory holds one block's vectors, not the corpus's.
        embed_seconds = index_seconds = 0.0
        embedded, dimension = 0, 0
        for start in range(0, total, VECTOR_BLOCK):
            block = chunks[start : start + VECTOR_BLOCK]
            t = time.perf_counter()
            vectors, fresh = embed_with_cache(embedder, [c.embed_text for c in block], cache, progress=step)
            embedded, dimension = embedded + fresh, int(vectors.shape[1])
            embed_seconds += time.perf_counter() - t
            t = time.perf_counter()
            store.add([c.id for c in block], vectors)
            index_seconds += time.perf_counter() - t
            del vectors
        if progress:
            progress(total, total)

        index_started = time.perf_counter()
        with open(build_dir / "chunks.jsonl", "w", encoding="utf-8") as out:
            for chunk in chunks:
                out.write(chunk.to_json() + "\n")
        catalog = CodeCatalog.from_chunks(chunks, corpus)
        (build_dir / "catalog.json").write_text(json.dumps(catalog.to_dict(), ensure_ascii=False), encoding="utf-8")
        del catalog
        write_corpus(corpus, build_dir / "corpus.json")
        with open(build_dir / "items.txt", "w", encoding="utf-8") as out:  # read back for the item lexicon
            for row in lexicon_rows(corpus):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        (build_dir / "sources.json").write_text(json.dumps(self._hashes.rows(Path(sources_dir)) if sources_dir else [],
                                                           ensure_ascii=False),
                                                encoding="utf-8")
        problems, fingerprint, chunk_count = corpus.problems, corpus.fingerprint, len(chunks)
        # Records and chunks are on disk now: BM25 reads the texts back one at a time, so that (unless the
        # caller keeps them) neither the parsed records nor the chunks are held while it builds.
        del corpus, chunks
        LexicalIndex.build(_chunk_field(build_dir / "chunks.jsonl", "id"),
                           _chunk_field(build_dir / "chunks.jsonl", "lexical")).save(build_dir / "lexical")
        LexicalIndex.build(_json_field(build_dir / "items.txt", 0),
                           _json_field(build_dir / "items.txt", 1)).save(build_dir / "item-lexical")
        (build_dir / "items.txt").unlink()
        manifest = Manifest(
            build_id=build_id,
            created=time.time(),
            corpus_fingerprint=fingerprint,
            embedder=model_id,
            dimension=dimension or embedder_dimension(embedder),
            chromadb=chromadb_version(),
            chunk_count=chunk_count,
            store=location.describe() if location.is_server else "chroma",
            collection=location.collection,
            problems=tuple((p.file, p.reason) for p in problems),
            sources_fingerprint=fingerprint_of(sources) if sources else "",
            records_schema=schema(),
        )
        _write_atomically(build_dir / "manifest.json", json.dumps(asdict(manifest), ensure_ascii=False, indent=1))
        _write_atomically(self.root / "CURRENT", build_id)
        index_seconds += time.perf_counter() - index_started
        # The previous build stays on disk until the next swap: a process still reading it is not cut off.
        self._remove_other_builds(keep={build_id, previous.build_id if previous else build_id}, location=location)
        return IngestSummary(**counts, embedded=embedded, rebuilt=True, reason=reason, build_id=build_id,
                             seconds=time.perf_counter() - started, embed_seconds=embed_seconds,
                             index_seconds=index_seconds, problems=problems, kept=tuple(sorted(kept)))

    @staticmethod
    def _carry_over(problems, chunks: list[Chunk], indexed_before: set[str]) -> set[str]:
        """Files that fail now but were indexed before: their old chunks stay served."""
        fresh_sources = {c.source for c in chunks}
        return {p.file for p in problems if p.file in indexed_before and p.file not in fresh_sources}

    def _chunk_ids_and_sources(self, build_id: str) -> tuple[set[str], set[str]]:
        ids, sources = set(), set()
        with open(self.builds / build_id / "chunks.jsonl", encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    data = json.loads(line)
                    ids.add(data["id"])
                    sources.add(data["source"])
        return ids, sources

    def _with_kept_records(self, corpus: Corpus, previous: Manifest | None, kept: set[str]) -> Corpus:
        """The records of files whose earlier chunks are kept: the stored records must match the chunks."""
        if not kept or previous is None:
            return corpus
        try:
            before = read_corpus(self.builds / previous.build_id / "corpus.json")
        except StoredCorpusError:
            return corpus  # an older build without records: the chunks are kept, the records cannot be
        codes = {d.code for d in corpus.documents}
        documents = [d for d in before.documents if d.source in kept and d.code not in codes]
        files = [f for f in before.files if f.name in {d.source for d in documents}]
        return Corpus(corpus.documents + tuple(documents), corpus.problems, corpus.files + tuple(files))

    @staticmethod
    def _rebuild_reason(previous: Manifest | None, model_id: str, new_ids, old_ids, force: bool) -> str | None:
        if previous is None:
            return "no index yet"
        if force:
            return "rebuild requested"
        if previous.format != FORMAT:
            return "index format changed"
        if previous.embedder != model_id:
            return f"embedder changed ({previous.embedder} → {model_id})"
        if previous.chromadb != chromadb_version():
            return f"chromadb changed ({previous.chromadb} → {chromadb_version()})"
        if new_ids != old_ids:
            return "sources changed"
        return None

    def _read_chunks(self, build_id: str) -> list[Chunk]:
        path = self.builds / build_id / "chunks.jsonl"
        with open(path, "rb") as lines, paused_gc():
            return [Chunk.from_json(line) for line in lines if line.strip()]

    def _remove_incomplete_builds(self) -> None:
        for path in self.builds.glob("*"):
            if path.is_dir() and not self._complete(path.name):
                shutil.rmtree(path, ignore_errors=True)
        for stray in self.root.glob("CURRENT.tmp-*"):  # a pointer write cut short by a kill
            stray.unlink(missing_ok=True)

    def _remove_other_builds(self, keep: set[str], location: StoreLocation) -> None:
        for path in self.builds.glob("*"):
            if path.name not in keep:
                # The manifest goes first: a removal cut short must not leave a build that looks complete.
                (path / "manifest.json").unlink(missing_ok=True)
                shutil.rmtree(path, ignore_errors=True)
        if location.is_server:
            drop_collections(location, keep={f"chunks-{build_id}" for build_id in keep})

    # --- opening ----------------------------------------------------------------------

    def open(self, sources_dir: Path | None = None) -> LoadedIndex:
        """The current build: index, chunks and the records it was made from, all from that build.

        With `sources_dir`, the build is checked against the folder (`LoadedIndex.status`); a build of
        changed sources is still served whole, never mixed with records parsed from the new files."""
        build_id = self.current_id()
        if build_id is None:
            raise IndexMissing(f"no complete index in {self.root}: run `python -m retrieval ingest`")
        build_dir = self.builds / build_id
        manifest = Manifest.read(build_dir / "manifest.json")
        try:
            corpus = read_corpus(build_dir / "corpus.json")
        except StoredCorpusError as error:
            raise IndexUnreadable(f"{error}") from error
        chunks = self._read_chunks(build_id)
        location = self._location(build_dir, manifest.collection)
        catalog = CodeCatalog.from_dict(json.loads((build_dir / "catalog.json").read_text(encoding="utf-8")))
        status = self.status(sources_dir, manifest) if sources_dir is not None else IndexStatus(
            build_id, False, NOT_CHECKED)
        return LoadedIndex(manifest, chunks, VectorStore(location), LexicalIndex.load(build_dir / "lexical"), catalog,
                           LexicalIndex.load(build_dir / "item-lexical"), corpus=corpus, status=status)

    def status(self, sources_dir: Path | None, manifest: Manifest | None = None) -> IndexStatus:
        """Whether the current build was made from the sources folder as it is now."""
        manifest = manifest or self.current_manifest()
        if manifest is None:
            return IndexStatus(None, True, NO_INDEX)
        if sources_dir is None or not manifest.sources_fingerprint:
            return IndexStatus(manifest.build_id, False, NOT_CHECKED)
        # the build's own (size, mtime, hash) of each file: a start with unchanged files hashes none of them
        self._hashes.remember(Path(sources_dir), self._built_rows(manifest.build_id))
        now = self._hashes.files(Path(sources_dir))
        if fingerprint_of(now) == manifest.sources_fingerprint:
            return IndexStatus(manifest.build_id, False, CURRENT)
        added, removed, changed = compare_sources(self._built_sources(manifest.build_id), now)
        return IndexStatus(manifest.build_id, True, SOURCES_CHANGED, added, removed, changed)

    def _built_rows(self, build_id: str) -> list[list]:
        """[name, sha256, size, mtime_ns] of every file the build was made from (older builds: no size)."""
        try:
            return json.loads((self.builds / build_id / "sources.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []

    def _built_sources(self, build_id: str) -> tuple[SourceFile, ...]:
        return tuple(SourceFile(row[0], row[1]) for row in self._built_rows(build_id))


class LiveIndex:
    """The build an ingest last swapped in, for a long-running process that shares the data folder with
    an ingest job (and, in server mode, the Chroma server with other processes).

    `get()` returns the open build and reopens when CURRENT names another one, checked at most every
    `interval` seconds, so after a swap every process serves the new build without a restart. A request
    holds the LoadedIndex it got for its whole length; the previous build stays on disk until the next
    swap. A build that cannot be opened leaves the last good one serving (`error` says why)."""

    def __init__(self, manager: IndexManager, sources_dir: Path | None = None, interval: float = 2.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.manager = manager
        self.sources_dir = sources_dir
        self.interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._loaded = manager.open(sources_dir)
        self._checked = clock()
        self.error = ""

    def get(self) -> LoadedIndex:
        if self._clock() - self._checked < self.interval:
            return self._loaded
        with self._lock:
            if self._clock() - self._checked >= self.interval:
                self._checked = self._clock()
                current = self.manager.current_id()
                if current and current != self._loaded.manifest.build_id:
                    try:
                        self._loaded = self.manager.open(self.sources_dir)
                        self.error = ""
                    except Exception as error:  # a build being removed, a server restarting: keep serving
                        self.error = f"{type(error).__name__}: {error}"
        return self._loaded


class SourceHashes:
    """Content hashes of a folder's files, recomputed only for files whose size or mtime changed:
    checking thousands of sources on every page view stays a directory listing."""

    def __init__(self) -> None:
        self._known: dict[Path, tuple[int, int, str]] = {}

    def files(self, directory: Path) -> tuple[SourceFile, ...]:
        found = []
        for path in source_paths(directory):
            stat = path.stat()
            known = self._known.get(path)
            if known is None or known[:2] != (stat.st_size, stat.st_mtime_ns):
                known = (stat.st_size, stat.st_mtime_ns, file_sha256(path))
                self._known[path] = known
            found.append(SourceFile(path.name, known[2]))
        return tuple(found)

    def rows(self, directory: Path) -> list[list]:
        """[name, sha256, size, mtime_ns] of the folder's files as last hashed (stored with a build)."""
        return [[path.name, known[2], known[0], known[1]] for path in source_paths(directory)
                if (known := self._known.get(path))]

    def remember(self, directory: Path, rows: list[list]) -> None:
        """Take hashes stored with a build as known, for files whose size and mtime are still those."""
        for row in rows:
            if len(row) == 4:
                self._known.setdefault(directory / row[0], (row[2], row[3], row[1]))


def _chunk_field(path: Path, name: str):
    """One field of every chunk in a chunks.jsonl, in order: `lexical` is the text BM25 indexes."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                data = json.loads(line)
                yield data[name] if name != "lexical" else data["text"] + " " + " ".join(data["codes"])


def _json_field(path: Path, n: int):
    """Field `n` of every JSON list line of a file, in order."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)[n]


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + f".tmp-{os.getpid()}")
    with open(temporary, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
