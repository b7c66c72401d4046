"""The visitor's pages' words, from their catalogue (`web/strings.yml`), written into the widget's script.

The widget and the kiosk hold no text of their own: when the desk serves `/widget.js` it writes the catalogue,
shaped per language, in place of the script's `STRINGS_SLOT`, with the languages of common/languages.py (their
order, own names and locales) for the language chooser and the dates. The kiosk's script reads its part from
the widget (`CdmWidget.strings()`). A key missing a language is refused here, when the desk starts serving,
not in a visitor's browser (and tests/common/test_catalogues.py says so before a release).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from common.languages import CODES, DEFAULT, LANGUAGES

STRINGS_FILE = "strings.yml"
STRINGS_SLOT = "/* the desk writes the catalogue here (desk/web_strings.py) */ {}"


def _per_language(section: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    """{"open": {"fr": ...}, "kinds.guide": {...}} -> {"fr": {"open": ..., "kinds": {"guide": ...}}}."""
    shaped: dict[str, dict[str, Any]] = {lang: {} for lang in CODES}
    for key, texts in section.items():
        missing = [lang for lang in CODES if not isinstance(texts, dict) or not texts.get(lang)]
        if missing:
            raise ValueError(f"web/{STRINGS_FILE}: {where}.{key} has no text in {', '.join(missing)}")
        for lang in CODES:
            target = shaped[lang]
            *parents, leaf = key.split(".")
            for parent in parents:
                target = target.setdefault(parent, {})
            target[leaf] = texts[lang]
    return shaped


@cache
def catalogue(web_dir: Path) -> dict[str, Any]:
    """The pages' catalogue: the languages in order and, per language, the widget's and the kiosk's words."""
    raw = yaml.safe_load((web_dir / STRINGS_FILE).read_text(encoding="utf-8")) or {}
    widget = _per_language(raw.get("widget") or {}, "widget")
    kiosk = _per_language(raw.get("kiosk") or {}, "kiosk")
    for lang in CODES:
        widget[lang]["kiosk"] = kiosk[lang]
    languages = [
        {"code": code, "name": language.own_name, "locale": language.locale.replace("_", "-")}
        for code, language in LANGUAGES.items()
    ]
    return {"default": DEFAULT, "languages": languages, "strings": widget}


@cache
def widget_script(web_dir: Path) -> str:
    """The widget's script with its catalogue written in (ASCII JSON: safe in any script context)."""
    source = (web_dir / "widget.js").read_text(encoding="utf-8")
    if STRINGS_SLOT not in source:
        raise ValueError("web/widget.js: the catalogue's slot is missing")
    return source.replace(STRINGS_SLOT, json.dumps(catalogue(web_dir), ensure_ascii=True, sort_keys=True), 1)
