"""The one declaration of languages (common/languages.py) and the places that must agree with it."""

from __future__ import annotations

from pathlib import Path

import yaml
from babel import Locale

from common.languages import CODES, DEFAULT, LANGUAGES, NORMALISED, locale_of, name_of, or_default

ROOT = Path(__file__).resolve().parents[2]


def test_five_languages_french_first():
    assert CODES[:2] == ("fr", "en") and set(CODES) == {"fr", "en", "es", "it", "pt"}
    assert CODES[0] == DEFAULT
    assert set(NORMALISED) <= set(CODES)


def test_every_language_is_named_in_every_language_and_babel_knows_its_locale():
    for code, language in LANGUAGES.items():
        assert set(language.names) == set(CODES)
        assert Locale.parse(language.locale).language == code
        # its own name agrees with Babel's (folded case), so a chooser shows what a native reader expects
        assert Locale.parse(language.locale).get_language_name(code).lower() == language.names[code].lower()


def test_helpers_fall_back_to_the_default():
    assert or_default("xx") == DEFAULT and or_default(None) == DEFAULT and or_default("es") == "es"
    assert locale_of("zz") == LANGUAGES[DEFAULT].locale
    assert name_of("es", "fr") == "espagnol" and name_of("fr", "es") == "francés"


def test_the_language_slot_takes_every_declared_language():
    domain = yaml.safe_load((ROOT / "bot" / "domain" / "core.yml").read_text(encoding="utf-8"))
    assert tuple(domain["slots"]["language"]["values"]) == CODES
