"""The metadata store of one index generation: SQLite, beside the BM25 and FAISS files.

Per file it keeps size, modification time and a content hash, plus what the file produced (resources,
chunks with their index terms and embedding, workshop series, or the problems that made it skipped).
The next build copies a file's rows from here instead of re-reading and re-embedding it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.records import Problem

SCHEMA = """
CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL,
    problems TEXT NOT NULL, skipped INTEGER NOT NULL
);
CREATE TABLE resources (id TEXT PRIMARY KEY, file TEXT NOT NULL, position INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE chunks (
    pos INTEGER PRIMARY KEY, resource_id TEXT NOT NULL, file TEXT NOT NULL, ordinal INTEGER NOT NULL,
    heading TEXT NOT NULL, text TEXT NOT NULL, context TEXT NOT NULL, lang TEXT NOT NULL,
    terms TEXT NOT NULL, vector BLOB NOT NULL, lexical INTEGER NOT NULL
);
CREATE TABLE series (uid TEXT PRIMARY KEY, file TEXT NOT NULL, data TEXT NOT NULL, vector BLOB NOT NULL);
CREATE INDEX chunks_file ON chunks(file);
CREATE INDEX resources_file ON resources(file);
CREATE INDEX series_file ON series(file);
"""
CURRENT = "current"  # the link, inside an index directory, to the generation readers use


def current_generation(index_dir: Path) -> Path | None:
    """The directory `current` points at, or None when no index was built yet."""
    link = index_dir / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    path = (index_dir / target).resolve()
    return path if path.is_dir() else None


@dataclass
class ChunkRow:
    resource_id: str
    ordinal: int
    heading: str
    text: str
    context: str
    lang: str
    terms: list[str]
    vector: np.ndarray
    lexical: bool = True  # False: a list-item chunk only the dense index holds


@dataclass
class FileEntry:
    """Everything one knowledge-base file contributes to a generation."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
    resources: list[dict] = field(default_factory=list)
    chunks: list[ChunkRow] = field(default_factory=list)
    series: list[tuple[dict, np.ndarray]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: bool = False


def _vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def _vector(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


class Store:
    """Read and write one generation's `meta.sqlite`."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = path
        if create:
            self.connection = sqlite3.connect(path)
            self.connection.executescript(SCHEMA)
        else:
            self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # writing -------------------------------------------------------------------------------------
    def write(self, info: dict[str, str], entries: list[FileEntry]) -> None:
        """Write a whole generation in one transaction, chunk positions in file order."""
        cursor = self.connection.cursor()
        cursor.executemany("INSERT INTO info VALUES (?, ?)", sorted(info.items()))
        pos = 0
        position = 0
        for entry in entries:
            problems = json.dumps([[p.reason, p.line] for p in entry.problems], ensure_ascii=False)
            cursor.execute(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)",
                (entry.path, entry.size, entry.mtime_ns, entry.sha256, problems, int(entry.skipped)),
            )
            for resource in entry.resources:
                cursor.execute(
                    "INSERT INTO resources VALUES (?, ?, ?, ?)",
                    (resource["id"], entry.path, position, json.dumps(resource, ensure_ascii=False)),
                )
                position += 1
            for chunk in entry.chunks:
                cursor.execute(
                    "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        pos,
                        chunk.resource_id,
                        entry.path,
                        chunk.ordinal,
                        chunk.heading,
                        chunk.text,
                        chunk.context,
                        chunk.lang,
                        " ".join(chunk.terms),
                        _vector_bytes(chunk.vector),
                        int(chunk.lexical),
                    ),
                )
                pos += 1
            for data, vector in entry.series:
                cursor.execute(
                    "INSERT INTO series VALUES (?, ?, ?, ?)",
                    (data["uid"], entry.path, json.dumps(data, ensure_ascii=False), _vector_bytes(vector)),
                )
        self.connection.commit()

    # reading -------------------------------------------------------------------------------------
    def info(self) -> dict[str, str]:
        return dict(self.connection.execute("SELECT key, value FROM info"))

    def files(self) -> dict[str, tuple[int, int, str, bool]]:
        """path -> (size, mtime_ns, sha256, skipped)."""
        rows = self.connection.execute("SELECT path, size, mtime_ns, sha256, skipped FROM files")
        return {path: (size, mtime, sha, bool(skipped)) for path, size, mtime, sha, skipped in rows}

    def entry(self, path: str) -> FileEntry:
        """A file's rows, ready to be copied into the next generation unchanged."""
        size, mtime_ns, sha, problems, skipped = self.connection.execute(
            "SELECT size, mtime_ns, sha256, problems, skipped FROM files WHERE path = ?", (path,)
        ).fetchone()
        entry = FileEntry(path, size, mtime_ns, sha, skipped=bool(skipped))
        entry.problems = [Problem(path, reason, line) for reason, line in json.loads(problems)]
        entry.resources = [
            json.loads(data)
            for (data,) in self.connection.execute(
                "SELECT data FROM resources WHERE file = ? ORDER BY position", (path,)
            )
        ]
        entry.chunks = [
            ChunkRow(rid, ordinal, heading, text, context, lang, terms.split(), _vector(blob), bool(lexical))
            for rid, ordinal, heading, text, context, lang, terms, blob, lexical in self.connection.execute(
                "SELECT resource_id, ordinal, heading, text, context, lang, terms, vector, lexical FROM chunks "
                "WHERE file = ? ORDER BY pos",
                (path,),
            )
        ]
        entry.series = [
            (json.loads(data), _vector(blob))
            for data, blob in self.connection.execute("SELECT data, vector FROM series WHERE file = ?", (path,))
        ]
        return entry

    def problems(self) -> list[Problem]:
        out = []
        for path, problems in self.connection.execute("SELECT path, problems FROM files ORDER BY path"):
            out.extend(Problem(path, reason, line) for reason, line in json.loads(problems))
        return out

    def skipped_files(self) -> list[str]:
        return [path for (path,) in self.connection.execute("SELECT path FROM files WHERE skipped = 1 ORDER BY path")]

    def resources(self) -> list[dict]:
        return [json.loads(data) for (data,) in self.connection.execute("SELECT data FROM resources ORDER BY position")]

    def chunks(self) -> Iterator[tuple[str, int, str, str, str, int]]:
        """(resource_id, ordinal, heading, text, lang, lexical) in index order; ordinal -1 is the topic card."""
        yield from self.connection.execute(
            "SELECT resource_id, ordinal, heading, text, lang, lexical FROM chunks ORDER BY pos"
        )

    def series(self) -> list[tuple[dict, np.ndarray]]:
        return [
            (json.loads(data), _vector(blob))
            for data, blob in self.connection.execute("SELECT data, vector FROM series ORDER BY uid")
        ]


def indexed_files(index_dir: Path, suffix: str | tuple[str, ...]) -> dict[str, str]:
    """Resource id -> knowledge-base file (relative path) of the current generation's files ending in
    `suffix`: what a server may hand out as the original of a cited resource, and nothing else."""
    generation = current_generation(index_dir)
    if generation is None:
        return {}
    with Store(generation / "meta.sqlite") as store:
        rows = store.connection.execute("SELECT id, file FROM resources")
        return {rid: file for rid, file in rows if file.lower().endswith(suffix)}
