"""The desk's words: one catalogue (`labels.yml`) for every template and for the pages' scripts, so that
no raw id (`job_search`, `in_person`, `no_show`) reaches a screen.

Every key has a text in every declared language (common/languages.py), not only in the staff languages:
the desk also shows pages to visitors (a network sheet, `/resources/<id>.html`; the call screen), and
those speak the visitor's or the centre's language whatever the counsellors read.

Area and topic names are not repeated here: they come from the shared taxonomy (common/topics.yml) and
join the catalogue as `area.<id>` and `topic.<id>`. The counsellor's language is the one chosen in the
desk's chooser, kept in a cookie (it must already apply to the sign-in page, before any session exists);
before any choice, the browser's preferred languages (`Accept-Language`) among the staff languages; else
the default language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

import yaml
from fastapi import Request

from common import languages
from common.languages import CODES, DEFAULT, STAFF, preferred
from common.topics import load_taxonomy

LABELS_FILE = Path(__file__).with_name("labels.yml")
LANGUAGES = STAFF  # the languages a counsellor may choose for the staff pages (common/languages.py)
DEFAULT_LANGUAGE = DEFAULT
LANGUAGE_COOKIE = "cdm_desk_lang"


def parse_labels(raw: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """Check the catalogue's shape (every key has every declared language, as text) and return it as plain
    dicts."""
    catalogue: dict[str, dict[str, str]] = {}
    for key, texts in raw.items():
        if not isinstance(texts, Mapping):
            raise ValueError(f"labels.yml: {key!r} must map each language to a text")
        missing = [lang for lang in CODES if not isinstance(texts.get(lang), str) or not texts[lang]]
        if missing:
            raise ValueError(f"labels.yml: {key!r} has no text in {', '.join(missing)}")
        catalogue[key] = {lang: texts[lang] for lang in CODES}
    return catalogue


@cache
def _catalogue(path: Path = LABELS_FILE) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        catalogue = parse_labels(yaml.safe_load(handle))
    taxonomy = load_taxonomy()
    for prefix, items in (("area", taxonomy.areas), ("topic", taxonomy.topics)):
        for item_id, item in items.items():
            labels = item.labels
            catalogue[f"{prefix}.{item_id}"] = {lang: labels.get(lang) or labels[DEFAULT] for lang in CODES}
    # a visitor's language as a counsellor reads it, and each language's own name for the chooser
    for code, language in languages.LANGUAGES.items():
        catalogue[f"language.{code}"] = {lang: language.names[lang] for lang in CODES}
        catalogue[f"ui_language.{code}"] = dict.fromkeys(CODES, language.own_name)
    return catalogue


@cache
def labels_for(lang: str) -> dict[str, str]:
    """Every label in one declared language (an unknown one gets the default), as the page's JSON gets it."""
    lang = lang if lang in CODES else DEFAULT_LANGUAGE
    return {key: texts[lang] for key, texts in _catalogue().items()}


def translate(lang: str, key: str, **values: object) -> str:
    """One label with its `{name}` values filled in. An unknown key is shown as itself, so that a missing
    label is visible in review (and caught by the browser test that looks for raw ids) rather than fatal."""
    text = labels_for(lang).get(key, key)
    return text.format(**values) if values else text


def translator(lang: str) -> Callable[..., str]:
    """`t("key", name=value)` for the templates, bound to one language."""
    return lambda key, **values: translate(lang, key, **values)


def language_of(request: Request) -> str:
    """The counsellor's language: the one chosen in the desk (cookie), else the browser's preferred staff
    language, else the default."""
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    return preferred(request.headers.get("accept-language", ""), LANGUAGES) or DEFAULT_LANGUAGE
