"""The everyday words of French and English, to tell a first name typed in lower case from a word.

After a chat-style introduction ("jsuis karim", "c moi sofia", "im aisha") the next word is a name, or
it is an ordinary word ("jsuis perdue", "c moi qui", "im tired"). Lists of names are never complete;
dictionaries of words are nearly so. So a lower-case word after such a cue is taken for a name only when
neither language knows it. The words come from spaCy's lemmatiser tables (`spacy-lookups-data`): every
inflected form and every lemma, about three hundred thousand words without proper names. Loaded once,
on first use or at start-up through `privacy.warm_up`.
"""

from __future__ import annotations

import gzip
import json
import logging
import threading
from collections.abc import Iterable
from importlib import resources

from privacy.words import folded

_TABLES = ("fr_lemma_lookup.json.gz", "en_lemma_lookup.json.gz")
_log = logging.getLogger(__name__)
_lock = threading.Lock()
_words: frozenset[str] | None = None
# The tables of the other languages (`privacy/languages/*.yml`, key `lexicon`), loaded on first need:
# a process that never reads "soy ..." or "sono ..." does not pay for them.
_other: dict[str, frozenset[str]] = {}


def words() -> frozenset[str]:
    """The known words, folded (lower case, no accents); empty when the tables cannot be read, and then
    no lower-case name is taken after a weak cue (a warning says so once)."""
    global _words
    if _words is None:
        with _lock:
            if _words is None:
                _words = _load()
    return _words


def is_word(word: str) -> bool:
    """Whether `word` is an everyday French or English word (True when the lexicon is missing)."""
    known = words()
    return not known or folded(word) in known


def is_word_in(word: str, table: str) -> bool:
    """Whether `word` is a French or English word or one of the language whose lemma table is `table`
    (True when a table is missing: no lower-case name is taken then)."""
    if is_word(word):
        return True
    if table not in _other:
        with _lock:
            if table not in _other:
                _other[table] = _load((table,))
    known = _other[table]
    return not known or folded(word) in known


def _load(tables: tuple[str, ...] = _TABLES) -> frozenset[str]:
    try:
        data = resources.files("spacy_lookups_data") / "data"
        found: set[str] = set()
        for table in tables:
            with gzip.open(str(data / table), "rt", encoding="utf-8") as handle:
                found.update(folded(word) for word in _entries(json.load(handle)))
        return frozenset(found)
    except (ImportError, OSError, ValueError) as error:
        _log.warning("privacy: word lists unavailable (%s); lower-case names after chat cues are not found", error)
        return frozenset()


def _entries(table: dict[str, str | list[str]]) -> Iterable[str]:
    for form, lemmas in table.items():
        yield form
        yield from [lemmas] if isinstance(lemmas, str) else lemmas
