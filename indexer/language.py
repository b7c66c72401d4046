"""Language detection restricted to French and English, the two languages the centre serves.

A resource declares its language, but a French sheet may quote an English passage; chunks are
detected one by one so that each is analysed with the right lemmatiser. Short texts (a two-word query)
fall back to a default rather than trusting a coin toss.
"""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_CODES = {Language.FRENCH: "fr", Language.ENGLISH: "en"}


@cache
def detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_CODES).with_preloaded_language_models().build()


def detect(text: str, default: str = "fr", min_confidence: float = 0.65) -> str:
    """'fr' or 'en'; `default` when the text is too short or too mixed to tell."""
    if len(text.strip()) < 3:
        return default
    values = detector().compute_language_confidence_values(text)
    if not values or values[0].value < min_confidence:
        return default
    return _CODES[values[0].language]


def detect_with_confidence(text: str) -> tuple[str, float]:
    values = detector().compute_language_confidence_values(text) if text.strip() else []
    if not values:
        return "fr", 0.5
    return _CODES[values[0].language], float(values[0].value)
