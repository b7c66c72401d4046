"""Every catalogue of words has every declared language (common/languages.py): the bot's and the action
server's, the visitor's pages', and the desk's (its staff pages and the pages it shows visitors).

Adding a language to the declaration makes these fail until each catalogue has its texts (README, "Adding a
language"); a text added in French and English only fails them too.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml

from common.languages import CODES, DEFAULT
from common.topics import load_taxonomy
from desk.figures.report import LABELS_FILE as FIGURES_LABELS
from desk.labels import LABELS_FILE as DESK_LABELS
from desk.labels import parse_labels
from desk.web_strings import catalogue as web_catalogue

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = ROOT / "actions" / "messages.yml"
DOMAIN = ROOT / "bot" / "domain"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _messages() -> dict:
    return yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", sorted(_messages()))
def test_every_action_message_has_every_language_with_the_same_placeholders(key):
    entry = _messages()[key]
    missing = [lang for lang in CODES if not isinstance(entry.get(lang), str) or not entry[lang].strip()]
    assert not missing, f"actions/messages.yml: {key} has no text in {missing}"
    expected = _fields(entry[DEFAULT])
    for lang in CODES:
        assert _fields(entry[lang]) == expected, f"{key}.{lang} fills {_fields(entry[lang])}, not {expected}"
    for button in entry.get("buttons", []):
        assert all(button.get(lang) for lang in CODES), f"{key}: button {button['payload']} lacks a language"


def _responses() -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for path in sorted(DOMAIN.glob("*.yml")):
        found.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    return found


def _language_of(variation: dict) -> str:
    conditions = variation.get("condition") or []
    values = [c["value"] for c in conditions if c.get("type") == "slot" and c.get("name") == "language"]
    return values[0] if values else DEFAULT


@pytest.mark.parametrize("name", sorted(_responses()))
def test_every_domain_response_has_one_variation_per_language_with_the_same_buttons(name):
    variations = _responses()[name]
    languages = [_language_of(variation) for variation in variations]
    assert sorted(languages) == sorted(CODES), f"{name}: variations for {languages}, not one per declared language"
    assert not (variations[-1].get("condition")), f"{name}: the last variation must be the unconditioned default"
    payloads = {tuple(b["payload"] for b in variation.get("buttons") or []) for variation in variations}
    assert len(payloads) == 1, f"{name}: the languages' buttons differ: {payloads}"


def test_the_web_pages_catalogue_has_every_language():
    shaped = web_catalogue((ROOT / "web").resolve())  # raises on a key without a language
    assert [language["code"] for language in shaped["languages"]] == list(CODES)
    keys = {lang: set(words) for lang, words in shaped["strings"].items()}
    assert all(keys[lang] == keys[DEFAULT] for lang in CODES)


def test_every_area_and_topic_has_a_label_in_every_language():
    taxonomy = load_taxonomy()
    for item in [*taxonomy.areas.values(), *taxonomy.topics.values()]:
        assert all(item.labels.get(lang) for lang in CODES), f"common/topics.yml: {item.id} lacks a language"


def _desk_labels() -> dict:
    return yaml.safe_load(DESK_LABELS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", sorted(_desk_labels()))
def test_every_desk_label_has_every_language_with_the_same_placeholders(key):
    texts = _desk_labels()[key]
    missing = [lang for lang in CODES if not isinstance(texts.get(lang), str) or not texts[lang].strip()]
    assert not missing, f"desk/labels.yml: {key} has no text in {missing}"
    for lang in CODES:
        assert _fields(texts[lang]) == _fields(texts[DEFAULT]), f"desk/labels.yml: {key}.{lang} fills other values"
    assert parse_labels({key: texts})  # the desk loads it (it refuses the file otherwise)


def _localized_leaves(node: object, where: str) -> list[tuple[str, dict]]:
    """Every `{fr: ..., en: ...}` mapping of the figures' catalogue, with where it sits."""
    if isinstance(node, dict):
        if DEFAULT in node:
            return [(where, node)]
        return [leaf for key, value in node.items() for leaf in _localized_leaves(value, f"{where}.{key}")]
    if isinstance(node, list):
        return [leaf for i, value in enumerate(node) for leaf in _localized_leaves(value, f"{where}[{i}]")]
    return []


def test_every_figures_label_has_every_language():
    raw = yaml.safe_load(FIGURES_LABELS.read_text(encoding="utf-8"))
    leaves = _localized_leaves(raw, "labels")
    assert len(leaves) > 90  # the page words, sections, values and report categories
    missing = [f"{where}.{lang}" for where, texts in leaves for lang in CODES if not texts.get(lang)]
    assert not missing, f"desk/figures/labels.yml: no text for {missing}"
