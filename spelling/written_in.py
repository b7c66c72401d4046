"""Whether a message is written in a declared language the normaliser has no word lists for (issue 17).

The normaliser corrects against French and English: to it, Spanish "quiero trabajar" or Italian "cerco
lavoro" are strings of typos, which it would "correct" into French or English words. A message with at
least two different words that are common in such a language and much rarer in every normalised one is
therefore left as written (the distress safety net then reads it as written too, with the crisis expressions
of its language: bot/components/distress_languages.yml). The action server uses the same evidence to back a
shaky detection of a first message's language.

Word frequencies come from wordfreq's small lists (the common words are what tells a language apart), on
folded words.
"""

from __future__ import annotations

import math
import re
from functools import cache

from common.languages import CODES, NORMALISED
from common.text import fold

COMMON_ZIPF = 3.0  # a word at least this frequent in a language (about once per million words) is its own
MARGIN_ZIPF = 1.0  # and at least ten times more frequent there than in any normalised language
MIN_WORDS = 2  # distinct such words before a message counts as written in that language
_WORD = re.compile(r"[^\W\d_]{2,}")


@cache
def _folded(lang: str) -> dict[str, float]:
    """A language's common words, folded as visitors write them ("creer" is French "créer" as much as
    Spanish "creer"), each with the Zipf frequency of its most common spelling."""
    from wordfreq import get_frequency_dict

    table: dict[str, float] = {}
    for word, frequency in get_frequency_dict(lang, "small").items():
        key = fold(word)
        table[key] = max(table.get(key, 0.0), math.log10(frequency) + 9)
    return table


def _zipf(word: str, lang: str) -> float:
    return _folded(lang).get(word, 0.0)


def evidence(text: str) -> dict[str, int]:
    """For each declared language, how many distinct words of `text` are its own: common in it, much rarer
    in the others (for a language with a normaliser) or in every normalised one (for one without)."""
    counts = dict.fromkeys(CODES, 0)
    for word in {fold(word) for word in _WORD.findall(text or "")}:
        for lang in CODES:
            rivals = [other for other in (NORMALISED if lang not in NORMALISED else CODES) if other != lang]
            zipf = _zipf(word, lang)
            if zipf >= COMMON_ZIPF and zipf >= max((_zipf(word, other) for other in rivals), default=0.0) + MARGIN_ZIPF:
                counts[lang] += 1
    return counts


def own_words(text: str) -> dict[str, int]:
    """For each declared language, how many distinct words of `text` are its alone: common in it and much
    rarer in every other declared language ("quero", "faço" Portuguese; "hacer" Spanish; "como" none).
    Unlike `evidence`, the languages without a normaliser are also told from one another."""
    counts = dict.fromkeys(CODES, 0)
    for word in {fold(word) for word in _WORD.findall(text or "")}:
        for lang in CODES:
            zipf = _zipf(word, lang)
            if (
                zipf >= COMMON_ZIPF
                and zipf >= max(_zipf(word, other) for other in CODES if other != lang) + MARGIN_ZIPF
            ):
                counts[lang] += 1
    return counts


def unnormalised_language(text: str, min_words: int = MIN_WORDS) -> str | None:
    """The declared language without a normaliser that `text` is written in, or None."""
    counts = {lang: count for lang, count in evidence(text).items() if lang not in NORMALISED}
    best = max(counts, key=counts.__getitem__, default=None)
    return best if best is not None and counts[best] >= min_words else None
