"""Language detection restricted to the languages the network serves (`records.LANGS`).

A resource declares its language, but a French sheet may quote an English passage; chunks are
detected one by one so that each is analysed with the right lemmatiser or stemmer. Short texts (a
two-word query) fall back to a default rather than trusting a coin toss. Restricting lingua to the
served languages keeps it from answering Catalan or Galician for a Spanish or Portuguese message
typed without accents.

French and English are told apart as before the other languages came (lingua restricted to those two):
among five, an English message full of French words ("cpf how", "how long is the periode d'essai")
spreads its confidence and fell to the default. A message is read as one of the other languages only
when the five-language detector names it with enough confidence, otherwise as French or English.
"""

from __future__ import annotations

from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from indexer.records import LANGS
from spelling.written_in import own_words


@cache
def _codes() -> dict[Language, str]:
    return {Language.from_iso_code_639_1(IsoCode639_1.from_str(code)): code for code in LANGS}


BASE = ("fr", "en")  # the languages told apart first, and the default's


@cache
def detector(langs: tuple[str, ...] = LANGS) -> LanguageDetector:
    codes = [language for language, code in _codes().items() if code in langs]
    return LanguageDetectorBuilder.from_languages(*codes).with_preloaded_language_models().build()


def _by_words(text: str, values: list, min_share: float = 0.5) -> tuple[str, float] | None:
    """A language outside `BASE` that the message's own words name when lingua hesitates: more words that
    are that language's alone than any other language's ("o que e o rvcc e onde se faz" is Portuguese by
    "onde" and "faz", though lingua spreads it over five languages), backed by two such words or by half of
    lingua's confidence going to the languages outside `BASE`. Short accentless questions are where lingua's
    letter statistics say least and a function word says most."""
    counts = own_words(text)
    best = max((lang for lang in LANGS if lang not in BASE), key=counts.__getitem__)
    if counts[best] < 1 or counts[best] <= max(count for lang, count in counts.items() if lang != best):
        return None
    confidence = {_codes()[value.language]: float(value.value) for value in values}
    share = sum(value for lang, value in confidence.items() if lang not in BASE)
    return (best, confidence.get(best, 0.0)) if counts[best] >= 2 or share >= min_share else None


def _other(text: str, min_share: float = 0.75) -> tuple[str, float] | None:
    """A language outside `BASE` when the five-language detector puts it first and gives the languages
    outside `BASE` together at least `min_share`: Spanish, Italian and Portuguese typed without accents
    share much of their confidence ("cuanto cobra un aprendiz": Portuguese 0.44, Spanish 0.39), but
    together they stand clear of French and English. One word ("vae?") is too little to tell, and two
    only when the first language is clear ("cerco lavoro" yes, "cv europass" no)."""
    words = len(text.split())
    if words < 2:
        return None
    values = detector().compute_language_confidence_values(text)
    by_words = _by_words(text, values)
    if by_words:
        return by_words
    if not values or _codes()[values[0].language] in BASE or (words == 2 and values[0].value < 0.6):
        return None
    share = sum(value.value for value in values if _codes()[value.language] not in BASE)
    return (_codes()[values[0].language], float(values[0].value)) if share >= min_share else None


def confidences(text: str) -> dict[str, float]:
    """The five-language detector's confidence in each language for `text` (empty for no text)."""
    if not text.strip():
        return {}
    values = detector().compute_language_confidence_values(text)
    return {_codes()[value.language]: float(value.value) for value in values}


def detect(text: str, default: str = "fr", min_confidence: float = 0.65) -> str:
    """One of `LANGS`; `default` when the text is too short or too mixed to tell."""
    if len(text.strip()) < 3:
        return default
    other = _other(text)
    if other:
        return other[0]
    values = detector(BASE).compute_language_confidence_values(text)
    if not values or values[0].value < min_confidence:
        return default
    return _codes()[values[0].language]


def detect_with_confidence(text: str) -> tuple[str, float]:
    if not text.strip():
        return "fr", 0.5
    other = _other(text)
    if other:
        return other
    values = detector(BASE).compute_language_confidence_values(text)
    if not values:
        return "fr", 0.5
    return _codes()[values[0].language], float(values[0].value)
