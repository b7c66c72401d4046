"""The words the normaliser knows: each language's word frequencies, and the words it must never touch.

Frequencies come from `wordfreq` (its "large" French and English lists: web, subtitles, news, Wikipedia
and social media), kept on folded words (lower case, no accents), since a visitor's "infirmiere" is the
base's "infirmière": the folded form takes the frequency of its most common spelling, which is also the
spelling a correction writes back.

The protected words are the knowledge base's own words (its text files, as written), the topic taxonomy's
labels and the synonym table's phrases: names of schemes, diplomas, partners, companies and places ("CPF",
"DAEU", "Parcoursup", "Apec", "Rivemont") that a general dictionary does not know or knows as something
else. The base is read, not a hand-made list, so a centre's own names are protected when its base names
them. PDF files are left out (reading them needs a PDF library the Rasa process does not have); every name
they hold is also in the base's text files or its catalogue.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from common.languages import NORMALISED
from common.text import fold

REPO_ROOT = Path(__file__).resolve().parent.parent
TOPICS_FILE = REPO_ROOT / "common" / "topics.yml"
SYNONYMS_FILE = REPO_ROOT / "indexer" / "synonyms.yml"
LANGS = NORMALISED  # the languages with word lists and SMS forms (common/languages.py)
TEXT_SUFFIXES = (".md", ".html", ".ics", ".csv", ".yml", ".yaml", ".txt")
MAX_FILE_BYTES = 2 * 1024 * 1024  # a text file of the base larger than this is not a page of prose
_LETTERS = re.compile(r"[^\W\d_]+")


def kb_dir() -> Path:
    """The knowledge base the indexer reads (the same environment variable, the same default)."""
    value = os.environ.get("CDM_KB_DIR")
    return Path(value).expanduser() if value else REPO_ROOT / "knowledge_base"


@dataclass(frozen=True)
class Frequencies:
    """One language's folded words: Zipf frequency (log10 of uses per billion words) and usual spelling."""

    zipf: dict[str, float]
    spelling: dict[str, str]

    @classmethod
    def load(cls, lang: str) -> Frequencies:
        from wordfreq import get_frequency_dict

        frequency = get_frequency_dict(lang, "large")
        best: dict[str, float] = {}
        spelling: dict[str, str] = {}
        for word, value in frequency.items():
            if not word.isalpha():
                continue
            key = word if word.isascii() else fold(word)
            if value > best.get(key, 0.0):
                best[key] = value
                spelling[key] = word
        zipf = {key: math.log10(value) + 9 for key, value in best.items()}
        return cls(zipf, {key: word for key, word in spelling.items() if word != key})

    def of(self, key: str) -> float:
        return self.zipf.get(key, 0.0)

    def spelled(self, key: str) -> str:
        return self.spelling.get(key, key)


def words_of(texts: Iterable[str]) -> set[str]:
    """Folded words (letters only) of some texts."""
    return {fold(word) for text in texts for word in _LETTERS.findall(text)}


def _yaml_strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _yaml_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _yaml_strings(item)


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def protected_words(base: Path | None = None) -> frozenset[str]:
    """Folded words that are never corrected: the base's, the taxonomy's and the synonym table's."""
    texts: list[str] = []
    for path in (TOPICS_FILE, SYNONYMS_FILE):
        texts.extend(_yaml_strings(yaml.safe_load(_read(path)) or {}))
    root = base or kb_dir()
    if root.is_dir():
        texts.extend(_read(path) for path in sorted(root.rglob("*")) if path.suffix.lower() in TEXT_SUFFIXES)
    return frozenset(words_of(texts))
