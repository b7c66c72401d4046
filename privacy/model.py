"""spaCy's French pipeline, loaded once and shared, for the names that no cue phrase announces.

Only the tokenizer, the shared tok2vec layer and the entity recogniser are loaded: the parser, tagger
and lemmatizer cost time and say nothing about names. Loading takes a few seconds, so it happens on
first use (or at start-up through `warm_up`), under a lock so that concurrent first calls load once.
Each call runs inside spaCy's memory zone (spaCy 3.8+), so visitor words do not pile up in the shared
vocabulary of a long-running process. If spaCy or the model is missing, redaction still runs on cue
phrases and patterns, and a warning says which names it can no longer catch.
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import nullcontext
from typing import Any

from privacy.text import chunks

MODEL_NAME = os.environ.get("CDM_PRIVACY_MODEL", "fr_core_news_sm")
_EXCLUDED = ["morphologizer", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
_CHUNK = 2000

_log = logging.getLogger(__name__)
_load_lock = threading.Lock()
_run_lock = threading.Lock()
_nlp: Any = None
_failed = False


def load() -> Any:
    """The loaded pipeline, or None when spaCy or the model cannot be loaded (logged once)."""
    global _nlp, _failed
    if _nlp is not None or _failed:
        return _nlp
    with _load_lock:
        if _nlp is None and not _failed:
            try:
                import spacy

                _nlp = spacy.load(MODEL_NAME, exclude=_EXCLUDED)
            except (ImportError, OSError) as error:
                _failed = True
                _log.warning("privacy: %s unavailable (%s); names are found from cue phrases only", MODEL_NAME, error)
    return _nlp


def available() -> bool:
    return load() is not None


def entities(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of each entity the model finds (PER, ORG, LOC, MISC), in `text` offsets."""
    nlp = load()
    if nlp is None or not text.strip():
        return []
    found: list[tuple[int, int, str]] = []
    with _run_lock:
        zone = nlp.memory_zone() if hasattr(nlp, "memory_zone") else nullcontext()
        with zone:
            for offset, piece in chunks(text, _CHUNK):
                doc = nlp(piece)
                found.extend((offset + ent.start_char, offset + ent.end_char, str(ent.label_)) for ent in doc.ents)
    return found
