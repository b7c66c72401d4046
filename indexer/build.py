"""Build or update the index of a knowledge base, incrementally and atomically.

Incremental: a file whose size and modification time (or, failing that, content hash) match the
previous generation is neither re-read nor re-embedded: its rows are copied over. Only added and
changed files are parsed, analysed and embedded; deleted files simply drop out.

Atomic: each build writes a complete new generation under `generations/`, then swaps the `current`
symlink with one rename. A reader sees the old generation or the new one, never a half-written one;
the previous generations stay on disk a while for readers that still hold them.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import numpy as np

from common.centres import owner_of
from indexer.chunking import chunk_resource, topic_card
from indexer.dense import Centering, DenseIndex, Embedder, set_threads
from indexer.language import detect
from indexer.lexical import ANALYSER_VERSION, Analyzer, LexicalIndexes
from indexer.records import Problem, Resource, SourceError, WorkshopSeries
from indexer.settings import Settings
from indexer.sources import reader_for
from indexer.store import CURRENT, ChunkRow, FileEntry, Store, current_generation

GENERATIONS = "generations"


class Progress(Protocol):
    """What the build reports while it runs (the command shows it as a progress bar)."""

    def start(self, total: int, what: str) -> None: ...
    def advance(self, count: int = 1) -> None: ...
    def close(self) -> None: ...


class _Silent:
    def start(self, total: int, what: str) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass
class BuildReport:
    """What a build did, for the summary the command prints and for tests."""

    files_seen: int = 0
    files_read: list[str] = field(default_factory=list)
    files_reused: int = 0
    files_deleted: list[str] = field(default_factory=list)
    skipped: dict[str, list[Problem]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    resources: int = 0
    series: int = 0
    chunks: int = 0
    chunks_embedded: int = 0
    seconds: float = 0.0
    changed: bool = True
    generation: str | None = None

    @property
    def exit_status(self) -> int:
        return 3 if self.skipped else 0


def kb_files(kb_dir: Path) -> list[Path]:
    """Files a reader knows, in a stable order; `_` and dot folders and READMEs are not content."""
    found: list[Path] = []
    for root, dirs, files in os.walk(kb_dir):
        dirs[:] = sorted(name for name in dirs if not name.startswith(("_", ".")))
        for name in sorted(files):
            if name.startswith((".", "_")) or name.upper().startswith("README"):
                continue
            path = Path(root) / name
            if reader_for(path.suffix) is not None:
                found.append(path)
    return found


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index directory; a second waits rather than interleaving."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_info(settings: Settings) -> dict[str, str]:
    """What must match for a previous generation's rows to be reusable."""
    return {
        "embedding_model": settings.embedding_model,
        "analyser": ANALYSER_VERSION,
        "chunking": f"{settings.chunk_words}/{settings.chunk_overlap_words}/{settings.chunk_list_items}/card-3/names-1",
        "dense": "centred-3",
        "lexical": "text-chunks-3",
    }


@dataclass
class _Pending:
    """A file read in this run, waiting for batched analysis and embedding."""

    entry: FileEntry
    resources: list[Resource]
    series: list[WorkshopSeries]
    previous: FileEntry | None = None  # the file's rows in the previous generation, if it had some
    reuse_terms: bool = True  # False when the analyser changed: only embeddings are reused


class Builder:
    """Holds the heavy tools (spaCy pipelines, embedding model) across builds in one process."""

    def __init__(self, settings: Settings, analyzer: Analyzer | None = None, embedder: Embedder | None = None):
        self.settings = settings
        self.analyzer = analyzer or Analyzer()
        self.embedder = embedder or Embedder(settings.embedding_model)

    def build(
        self, kb_dir: Path | None = None, index_dir: Path | None = None, progress: Progress | None = None
    ) -> BuildReport:
        kb_dir = Path(kb_dir or self.settings.kb_dir)
        index_dir = Path(index_dir or self.settings.index_dir)
        if not kb_dir.is_dir():
            raise FileNotFoundError(f"knowledge base folder not found: {kb_dir}")
        progress = progress or _Silent()
        started = time.perf_counter()
        import torch

        threads = torch.get_num_threads()
        set_threads(os.cpu_count() or 1)
        try:
            with _build_lock(index_dir):
                report = self._build(kb_dir, index_dir, progress)
        finally:
            set_threads(threads)
        report.seconds = time.perf_counter() - started
        return report

    def _build(self, kb_dir: Path, index_dir: Path, progress: Progress) -> BuildReport:
        report = BuildReport()
        info = _build_info(self.settings)
        reanalyse = False
        previous_dir = current_generation(index_dir)
        previous: Store | None = None
        if previous_dir is not None and (previous_dir / "meta.sqlite").exists():
            previous = Store(previous_dir / "meta.sqlite")
            stored_info = previous.info()
            changed = {key for key, value in info.items() if stored_info.get(key) != value}
            if changed and changed <= {"analyser", "dense", "lexical"}:
                # Only the analysis or the index layout changed: every file is processed again, but passages keep
                # their embeddings (the expensive part).
                reanalyse = True
            elif changed:
                previous.close()
                previous = None
        old_files = previous.files() if previous else {}
        paths = kb_files(kb_dir)
        report.files_seen = len(paths)
        entries: list[FileEntry] = []
        pending: list[_Pending] = []
        progress.start(len(paths), "reading")
        try:
            for path in paths:
                rel = path.relative_to(kb_dir).as_posix()
                entry, fresh = self._entry_for(path, rel, old_files.get(rel), previous, reanalyse)
                entries.append(entry)
                if fresh is not None:
                    pending.append(fresh)
                    report.files_read.append(rel)
                else:
                    report.files_reused += 1
                progress.advance()
        finally:
            progress.close()
        current_paths = {entry.path for entry in entries}
        report.files_deleted = sorted(path for path in old_files if path not in current_paths)
        if previous is not None and not pending and not report.files_deleted:
            # Unchanged files may still have a new mtime (touch): not a change worth a generation.
            report.changed = False
            report.generation = previous_dir.name if previous_dir else None
            self._fill_counts(report, entries, previous)
            previous.close()
            return report
        if previous is not None:
            previous.close()
        report.chunks_embedded = self._process(pending, progress)
        self._check_duplicates(entries)
        generation = self._write_generation(index_dir, info, entries)
        report.generation = generation.name
        self._fill_counts(report, entries, None)
        return report

    # reading --------------------------------------------------------------------------------------
    def _entry_for(
        self,
        path: Path,
        rel: str,
        old: tuple[int, int, str, bool] | None,
        previous: Store | None,
        reanalyse: bool = False,
    ) -> tuple[FileEntry, _Pending | None]:
        stat = path.stat()
        unchanged = old is not None and previous is not None and not reanalyse
        if unchanged and old[0] == stat.st_size and old[1] == stat.st_mtime_ns:
            entry = previous.entry(rel)
            if not _lost_a_duplicate(entry):
                return entry, None
        if stat.st_size > self.settings.max_file_bytes:
            entry = FileEntry(rel, stat.st_size, stat.st_mtime_ns, "")
            limit = self.settings.max_file_bytes
            entry.problems.append(Problem(rel, f"file too large ({stat.st_size:,} bytes; the limit is {limit:,})"))
            entry.skipped = True
            return entry, _Pending(entry, [], [])
        data = path.read_bytes()
        sha = _sha256(data)
        if unchanged and old[2] == sha:
            entry = previous.entry(rel)
            if not _lost_a_duplicate(entry):
                entry.mtime_ns = stat.st_mtime_ns
                return entry, None
        entry = FileEntry(rel, stat.st_size, stat.st_mtime_ns, sha)
        old_entry = previous.entry(rel) if old is not None and previous is not None else None
        reader = reader_for(path.suffix)
        resources: list[Resource] = []
        series: list[WorkshopSeries] = []
        try:
            result = reader(data, rel)
        except SourceError as error:
            entry.problems.append(Problem(rel, error.reason, error.line))
        except Exception as error:  # a reader bug must not stop the whole build
            entry.problems.append(Problem(rel, f"could not be read ({type(error).__name__}: {error})"))
        else:
            entry.problems.extend(result.problems)
            for record in result.records:
                (resources if isinstance(record, Resource) else series).append(record)
        entry.skipped = bool(entry.problems)
        return entry, _Pending(entry, resources, series, old_entry, reuse_terms=not reanalyse)

    # analysis and embedding -----------------------------------------------------------------------
    def _process(self, pending: list[_Pending], progress: Progress) -> int:
        """Chunk, detect, analyse and embed everything read in this run, in large batches."""
        rows: list[ChunkRow] = []
        for item in pending:
            # Each record belongs to the centre whose folder holds the file, or to the whole network.
            centre = owner_of(item.entry.path)
            for resource in item.resources:
                item.entry.resources.append({**resource.metadata(), "centre": centre})
                card = ChunkRow(
                    resource.id, -1, "", resource.title, topic_card(resource), resource.lang, [], np.zeros(0)
                )
                item.entry.chunks.append(card)
                rows.append(card)
                for chunk in chunk_resource(
                    resource,
                    self.settings.chunk_words,
                    self.settings.chunk_overlap_words,
                    self.settings.chunk_list_items,
                ):
                    lang = detect(chunk.text, default=resource.lang)
                    row = ChunkRow(
                        resource.id, chunk.ordinal, chunk.heading, chunk.text, chunk.context, lang, [], np.zeros(0)
                    )
                    row.lexical = chunk.lexical
                    item.entry.chunks.append(row)
                    rows.append(row)
        series_items = [(item, series) for item in pending for series in item.series]
        if not rows and not series_items:
            return 0
        # Passages already known (the unchanged paragraphs of an edited file, copies of the same text)
        # reuse their terms and vectors: an edit re-embeds only what it changed.
        known_terms: dict[str, list[str]] = {}
        known_vectors: dict[str, np.ndarray] = {}
        for item in pending:
            if item.previous is not None:
                for data, vector in item.previous.series:
                    known_vectors.setdefault(f"{data['title']}. {data['description']}", vector)
                for old in item.previous.chunks:
                    known_vectors.setdefault(_embedding_text(old), old.vector)
                    if old.lexical and item.reuse_terms:
                        known_terms.setdefault(_lexical_text(old), old.terms)
        lexical_rows = [row for row in rows if row.lexical]
        to_analyse = list(
            dict.fromkeys(
                (_lexical_text(row), row.lang) for row in lexical_rows if _lexical_text(row) not in known_terms
            )
        )
        for (text, _lang), terms in zip(
            to_analyse,
            self.analyzer.analyse_many([t for t, _ in to_analyse], [lang for _, lang in to_analyse]),
            strict=True,
        ):
            known_terms[text] = terms
        for row in lexical_rows:
            row.terms = known_terms[_lexical_text(row)]
        series_texts = [f"{series.title}. {series.description}" for _, series in series_items]
        wanted = [_embedding_text(row) for row in rows] + series_texts
        to_embed = list(dict.fromkeys(text for text in wanted if text not in known_vectors))
        progress.start(len(to_embed), "embedding")
        batch = 128
        try:
            for start in range(0, len(to_embed), batch):
                part = to_embed[start : start + batch]
                for text, vector in zip(part, self.embedder.embed(part), strict=True):
                    known_vectors[text] = vector
                progress.advance(len(part))
        finally:
            progress.close()
        for row in rows:
            row.vector = known_vectors[_embedding_text(row)]
        for (item, series), text in zip(series_items, series_texts, strict=True):
            item.entry.series.append(({**series.metadata(), "centre": owner_of(item.entry.path)}, known_vectors[text]))
        return len(to_embed)

    @staticmethod
    def _check_duplicates(entries: list[FileEntry]) -> None:
        """A resource id is unique across the base: the later file (in path order) loses the resource."""
        owner: dict[str, str] = {}
        for entry in entries:
            kept = []
            for resource in entry.resources:
                first = owner.setdefault(resource["id"], entry.path)
                if first != entry.path:
                    entry.problems.append(
                        Problem(entry.path, f"id {resource['id']!r} {_DUPLICATE} {first}", resource.get("line"))
                    )
                    entry.skipped = True
                else:
                    kept.append(resource)
            dropped = {resource["id"] for resource in entry.resources} - {resource["id"] for resource in kept}
            entry.resources = kept
            entry.chunks = [chunk for chunk in entry.chunks if chunk.resource_id not in dropped]

    # writing -------------------------------------------------------------------------------------
    def _write_generation(self, index_dir: Path, info: dict[str, str], entries: list[FileEntry]) -> Path:
        generations = index_dir / GENERATIONS
        generations.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        final = generations / f"{stamp}-{os.getpid()}"
        partial = generations / f".{final.name}.partial"
        partial.mkdir()
        try:
            build_info = {**info, "built_at": datetime.now(UTC).isoformat(timespec="seconds")}
            store = Store(partial / "meta.sqlite", create=True)
            try:
                store.write(build_info, entries)
            finally:
                store.close()
            chunk_rows = [chunk for entry in entries for chunk in entry.chunks]
            LexicalIndexes.build(_lexical_terms(chunk_rows), [chunk.lang for chunk in chunk_rows]).save(partial)
            dimension = self.embedder.dimension
            vectors = (
                np.vstack([chunk.vector for chunk in chunk_rows]).astype(np.float32)
                if chunk_rows
                else np.zeros((0, dimension), dtype=np.float32)
            )
            centering = Centering.fit(vectors, [chunk.lang for chunk in chunk_rows], dimension)
            centering.save(partial / "centering.npz")
            DenseIndex.build(centering.documents(vectors, [chunk.lang for chunk in chunk_rows]), dimension).save(
                partial / "dense.faiss"
            )
            os.replace(partial, final)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        _swap_current(index_dir, final)
        _prune(index_dir, keep=self.settings.keep_generations)
        return final

    @staticmethod
    def _fill_counts(report: BuildReport, entries: list[FileEntry], _previous: Store | None) -> None:
        report.resources = sum(len(entry.resources) for entry in entries)
        report.series = sum(len(entry.series) for entry in entries)
        report.chunks = sum(len(entry.chunks) for entry in entries)
        report.problems = [problem for entry in entries for problem in entry.problems]
        report.skipped = {entry.path: entry.problems for entry in entries if entry.problems}


_DUPLICATE = "is already used by"


def _lost_a_duplicate(entry: FileEntry) -> bool:
    """A file that lost a resource to a duplicate id is re-read: the other file may have gone."""
    return any(_DUPLICATE in problem.reason for problem in entry.problems)


def _lexical_text(row: ChunkRow) -> str:
    return f"{row.context}\n{row.text}" if row.context else row.text


def _embedding_text(row: ChunkRow) -> str:
    if row.ordinal < 0:
        return f"{row.text}. {row.context}"
    if not row.lexical:
        return f"{row.text} ({row.context})"
    return f"{row.context}\n{row.text}" if row.context else row.text


def _lexical_terms(rows: list[ChunkRow]) -> list[list[str] | None]:
    return [row.terms if row.lexical else None for row in rows]


def _swap_current(index_dir: Path, generation: Path) -> None:
    """Point `current` at the new generation with a rename, which is atomic on POSIX."""
    link = index_dir / CURRENT
    temporary = index_dir / f".{CURRENT}.{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    os.symlink(os.path.relpath(generation, index_dir), temporary)
    os.replace(temporary, link)


def _prune(index_dir: Path, keep: int) -> None:
    """Remove generations beyond the newest `keep` (never the current one) and stale partial builds."""
    current = current_generation(index_dir)
    generations = sorted(
        (path for path in (index_dir / GENERATIONS).iterdir() if path.is_dir() and not path.name.startswith(".")),
        key=lambda path: path.name,
    )
    for path in generations[:-keep] if keep > 0 else generations:
        if current is None or path.resolve() != current:
            shutil.rmtree(path, ignore_errors=True)
    for path in (index_dir / GENERATIONS).glob(".*.partial"):
        if not path.name.endswith(f"-{os.getpid()}.partial"):
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime > 3600:
                    shutil.rmtree(path, ignore_errors=True)


def build_index(
    settings: Settings, kb_dir: Path | None = None, index_dir: Path | None = None, progress: Progress | None = None
) -> BuildReport:
    """Convenience wrapper: build once with fresh tools."""
    return Builder(settings).build(kb_dir, index_dir, progress)
