"""The cue words of the languages beyond French and English, read from `privacy/languages/<code>.yml`.

Why data: the rules (names, addresses, identity numbers, dates of birth, phones, spelt-out e-mails) are
the same in every language; what changes is the words that announce the personal data ("me llamo", "mi
chiamo", "chamo-me"), the street types, the identity documents and their checksums, the month names.
Keeping those words in one file per language means that adding a language is adding a file, and that
nobody edits a regular expression to do it. French and English stay in the rules' own modules, where
they were tuned. Every language's cues apply to every message: the language of a message is not known
when it is redacted, and visitors mix languages.

Phrases are written in lower case without accents. They match in any case, with or without accents; a
space matches any run of spaces, "-" a hyphen, a space or nothing, "'" any apostrophe or a space, and "."
an optional full stop. Lists of words are compared folded (`words.folded`).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from privacy.words import folded

FOLDER = Path(__file__).resolve().parent / "languages"
# A letter written without its accent in a cue matches the accented forms visitors may type.
_ACCENTED = {
    "a": "[aáàâãä]",
    "e": "[eéèêë]",
    "i": "[iíìîï]",
    "o": "[oóòôõö]",
    "u": "[uúùûü]",
    "n": "[nñ]",
    "c": "[cç]",
}


@dataclass(frozen=True)
class Language:
    """One language's cues, as its file gives them (see `privacy/languages/es.yml` for every key)."""

    code: str
    data: dict[str, Any]

    def phrases(self, section: str, key: str) -> tuple[str, ...]:
        value = (self.data.get(section) or {}).get(key) or ()
        return tuple(str(item) for item in value) if isinstance(value, list) else tuple(str(value).split())

    def words(self, section: str, key: str) -> frozenset[str]:
        """Every word of the entries of `section.key`, folded ("grado medio" gives "grado" and "medio")."""
        return frozenset(folded(word) for phrase in self.phrases(section, key) for word in phrase.split())

    @property
    def lexicon(self) -> str | None:
        return self.data.get("lexicon")

    @property
    def function_words(self) -> frozenset[str]:
        return frozenset(folded(word) for word in str(self.data.get("function_words", "")).split())


@cache
def languages() -> tuple[Language, ...]:
    """The languages of `privacy/languages/`, by code. A malformed file stops the import: redaction
    must not run with a language silently missing."""
    found = []
    for path in sorted(FOLDER.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict) or data.get("language") != path.stem:
            raise ValueError(f"{path}: 'language' must be {path.stem!r}")
        found.append(Language(path.stem, data))
    return tuple(found)


def phrases(section: str, key: str) -> tuple[str, ...]:
    """The entries of `section.key` in every language."""
    return tuple(phrase for language in languages() for phrase in language.phrases(section, key))


def words(section: str, key: str) -> frozenset[str]:
    """The folded words of `section.key` in every language."""
    return frozenset().union(*(language.words(section, key) for language in languages()))


def phrase_regex(phrase: str) -> str:
    """A regular expression for one cue phrase, whole words only (see the module's docstring)."""
    parts = []
    for char in phrase.lower():
        if char == " ":
            parts.append(r"\s+")
        elif char == "-":
            parts.append(r"[\s\-]?")
        elif char in "'’":
            parts.append(r"['’ ]?")
        elif char == ".":
            parts.append(r"\.?")
        else:
            parts.append(_ACCENTED.get(char, re.escape(char)))
    return r"(?<!\w)" + "".join(parts) + r"(?!\w)"


def alternation(items: Iterable[str]) -> str:
    """One non-capturing alternation of the phrases, longest first (so "sou a" wins over "sou"); a
    pattern that matches nothing when there are none."""
    unique = sorted(set(items), key=lambda item: (-len(item), item))
    return "(?:" + "|".join(phrase_regex(item) for item in unique) + ")" if unique else r"(?!x)x"


def compiled(items: Iterable[str]) -> re.Pattern[str]:
    return re.compile(alternation(items), re.IGNORECASE)


def regions() -> tuple[str, ...]:
    """libphonenumber regions of the languages, in the order of the files."""
    found = [str((language.data.get("phones") or {}).get("region", "")).upper() for language in languages()]
    return tuple(region for region in found if region)


def checksummed() -> tuple[tuple[re.Pattern[str], Callable[[str], bool]], ...]:
    """(pattern, validator) of each identity number with a check digit, validators from python-stdnum."""
    found = []
    for language in languages():
        for entry in (language.data.get("ids") or {}).get("checksummed") or ():
            module = importlib.import_module(f"stdnum.{entry['stdnum']}")
            pattern = re.compile(rf"(?<![\w])(?:{entry['pattern']})(?![\w])", re.IGNORECASE)
            found.append((pattern, module.is_valid))
    return tuple(found)


def postcodes() -> re.Pattern[str]:
    """The postcode shapes of the languages that are not plain runs of digits ("1250-096")."""
    shapes = [shape for language in languages() for shape in language.phrases("addresses", "postcodes")]
    return re.compile("|".join(f"(?:{shape})" for shape in shapes) or r"(?!x)x")
