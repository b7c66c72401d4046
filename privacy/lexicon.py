"""The everyday words of French and English, to tell a first name typed in lower case from a word.

After a chat-style introduction ("jsuis karim", "c moi sofia", "im aisha") the next word is a name, or
it is an ordinary word ("jsuis perdue", "c moi qui", "im tired"). Lists of names are never complete;
dictionaries of words are nearly so. So a lower-case word after such a cue is taken for a name only when
neither language knows it. The words come from spaCy's lemmatiser tables (`spacy-lookups-data`): every
inflected form and every lemma, about three hundred thousand words without proper names. Loaded once,
on first use or at start-up through `privacy.warm_up`.

The languages of `privacy/languages/` name their own table (key `lexicon`), asked after their own chat
introductions ("soy ana" but "soy cocinero"). Those tables are large (half a million to eight hundred
thousand words for Spanish and Portuguese), so they are kept as a sorted array of the words' hashes,
eight bytes a word instead of about a hundred for a set of strings; a collision of two 64-bit hashes
would at worst keep one lower-case name unredacted after "soy", which the odds make negligible.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import IO

from common.languages import NORMALISED
from privacy.words import folded

_TABLES = ("fr_lemma_lookup.json.gz", "en_lemma_lookup.json.gz")
# The lookup tables list the forms that change and their lemmas, so a word that never inflects is missing:
# "I'm nervous about telling my boss" lost "nervous about" to [NAME], and "i'm completely lost" lost
# "completely". WordNet's index of English lemmas lists every adjective and adverb; its nouns stay out, as
# they hold people ("charles", "victor"). The French index is left out too: its adjectives hold first names
# ("julien", of the Julian calendar).
_INDEXES = ("en_lemma_index.json.gz",)
_INDEX_PARTS = ("adj", "adv")
_log = logging.getLogger(__name__)
_lock = threading.Lock()
_words: frozenset[str] | None = None
_other: dict[str, array] = {}


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


# How common (wordfreq's Zipf scale, in French or English) an everyday word must be for a word one typo
# away from it to count as that word mistyped rather than a name (`misspelt`). A word said every day is
# at 3 or more ("student" 5.0, "nurse" 4.4, "refugee" 4.0); below, "chargez" (2.7) would let a
# mistyped "charlez" through.
EVERYDAY_ZIPF = 3.0
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def misspelt(word: str) -> bool:
    """Whether a word no dictionary knows is an everyday word mistyped ("i am refujee", "im a studant"),
    not a name. Two conditions, both needed: the web never writes the word (wordfreq knows it in neither
    French nor English; first names, even rare ones such as "loubna" or "aissatou", are all there), and
    one typo (a letter changed, added, dropped or two swapped) turns it into a common word of the tables.
    Without wordfreq, nothing is taken for a typo and such a word stays redacted."""
    key = folded(word)
    if len(key) < 5 or not key.isalpha() or not key.isascii():
        return False
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return False

    def frequency(candidate: str) -> float:
        return max(zipf_frequency(candidate, lang) for lang in NORMALISED)

    if frequency(key) > 0:
        return False
    known = words()
    return any(candidate in known and frequency(candidate) >= EVERYDAY_ZIPF for candidate in _one_typo(key))


def _one_typo(word: str) -> set[str]:
    """Every string one letter change, insertion, deletion or swap of neighbours away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(left + right[1:] for left, right in splits if right),
        *(left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1),
        *(left + letter + right[1:] for left, right in splits if right for letter in _LETTERS),
        *(left + letter + right for left, right in splits for letter in _LETTERS),
    } - {word}


def is_word_in(word: str, table: str) -> bool:
    """Whether `word` is a French or English word or one of the language whose lemma table is `table`
    (True when a table is missing: no lower-case name is taken then)."""
    if is_word(word):
        return True
    return not load_table(table) or in_table(word, table)


def in_table(word: str, table: str) -> bool:
    """Whether `word` is in one language's lemma table (False when the table is missing)."""
    known = load_table(table)
    key = hash(folded(word))
    index = bisect_left(known, key)
    return index < len(known) and known[index] == key


def load_table(table: str) -> array:
    """The hashes of the folded words of one lemma table, sorted; loaded once (empty when unreadable)."""
    if table not in _other:
        with _lock:
            if table not in _other:
                _other[table] = _load_hashes(table)
    return _other[table]


def _load_hashes(table: str) -> array:
    try:
        path = resources.files("spacy_lookups_data") / "data" / table
        hashes = array("q")
        with gzip.open(str(path), "rt", encoding="utf-8") as handle:
            for word in _strings(handle):
                # Most words are plain ASCII, for which folding is lowering: skipping Unicode
                # normalisation for them halves the load time.
                hashes.append(hash(word.lower() if word.isascii() else folded(word)))
        return _sorted_unique(hashes)
    except (ImportError, OSError, ValueError) as error:
        _log.warning("privacy: word list %s unavailable (%s); no lower-case name after its chat cues", table, error)
        return array("q")


_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_PIECE = 1 << 20


def _strings(handle: IO[str]) -> Iterator[str]:
    """Every string of a lemma table, read a megabyte at a time: keys are forms and values lemmas (or
    lists of lemmas), all of them words. json.load would hold the whole table as Python objects first,
    about 150 MiB of peak memory for the Portuguese one."""
    rest = ""
    while True:
        piece = handle.read(_PIECE)
        buffer = rest + piece
        end = 0
        for match in _STRING.finditer(buffer):
            word = match.group(1)
            yield json.loads(match.group()) if "\\" in word else word
            end = match.end()
        if not piece:
            return
        rest = buffer[end:]


def _sorted_unique(hashes: array) -> array:
    try:
        import numpy

        return array("q", numpy.unique(numpy.frombuffer(hashes, dtype=numpy.int64)).tobytes())
    except ImportError:  # numpy comes with spaCy; without it, the slower way
        return array("q", sorted(set(hashes)))


def _load(tables: tuple[str, ...] = _TABLES) -> frozenset[str]:
    try:
        data = resources.files("spacy_lookups_data") / "data"
        found: set[str] = set()
        for table in tables:
            with gzip.open(str(data / table), "rt", encoding="utf-8") as handle:
                found.update(folded(word) for word in _entries(json.load(handle)))
        for table in _INDEXES:
            with gzip.open(str(data / table), "rt", encoding="utf-8") as handle:
                index = json.load(handle)
            found.update(folded(word) for part in _INDEX_PARTS for word in index.get(part, ()))
        return frozenset(found | _function_words())
    except (ImportError, OSError, ValueError) as error:
        _log.warning("privacy: word lists unavailable (%s); lower-case names after chat cues are not found", error)
        return frozenset()


# Function words that are also given names, left out so that "jsuis hui" keeps its name redacted.
_FUNCTION_WORDS_THAT_ARE_NAMES = frozenset({"hui"})


def _function_words() -> frozenset[str]:
    """French and English function words of three letters or more (spaCy's stop-word lists). The lemma
    tables list inflected forms and their lemmas, so pronouns and question words such as "quoi",
    "pourquoi", "combien" or "whose" are missing from them, and "c'est quoi un cv" lost "quoi" to [NAME].
    Two-letter words stay out: "ho", "ha" and "da" are also names."""
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH
    from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH

    return frozenset(folded(word) for word in FRENCH | ENGLISH if len(word) >= 3) - _FUNCTION_WORDS_THAT_ARE_NAMES


def _entries(table: dict[str, str | list[str]]) -> Iterable[str]:
    for form, lemmas in table.items():
        yield form
        yield from [lemmas] if isinstance(lemmas, str) else lemmas
