"""No language code written as a literal outside the declaration (common/languages.py) and the catalogues.

Issue 17: adding a language must touch the files README's "Adding a language" lists and no others. Code that
writes `"fr"` or `lang == "en"` is a place a new language would be forgotten, so every such literal in the
code (Python and the pages' scripts) fails this test, except those allowed below, each with how many and why.
An allowance is a ceiling: fixing a file lowers its count (then lower the ceiling); a new literal fails.
"""

from __future__ import annotations

import re
from pathlib import Path

from common.languages import CODES

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("actions", "bot", "cdm", "common", "deploy", "desk", "indexer", "privacy", "spelling", "web", "bench")
HOME = "common/languages.py"
LITERAL = re.compile(r"""["'](?:""" + "|".join(CODES) + r""")["']""")

# path: (at most this many literals, why they may stay)
ALLOWED: dict[str, tuple[int, str]] = {
    # not language codes: French words that happen to be spelt like one
    "actions/answers.py": (1, 'the French preposition "en" in a list of French link words'),
    "common/dates.py": (2, 'the French preposition "en", Spanish "en", Portuguese "em" before a month name'),
    # docstrings and comments that show an example value
    "actions/language.py": (1, "a docstring's example"),
    "desk/web_strings.py": (2, "a docstring's example of the catalogue's shape"),
    "web/widget.js": (1, "the header comment's example of the embedding tag"),
    # language-specific machinery: it exists for these languages only
    "spelling/normaliser.py": (6, "French elisions and fused 'je' forms; an ending list; heldout's lane"),
    "spelling/phonetic.py": (4, "a sound key per language with a normaliser (French, English); the nasal 'en'"),
    "privacy/spelled.py": (6, "numbers spelt out in French or English words (text2num)"),
    "desk/static/desk.js": (1, "the staff page's language when the page names none (French, the desk's default)"),
    # the indexer's analysers and synonym expansion are per language (issue 17: langkb's lane, to be keyed
    # by the declaration)
    "indexer/expansion.py": (20, "synonym groups with a French and an English side"),
    "indexer/lexical.py": (7, "the French lemmatiser and the English analyser"),
    "indexer/search.py": (5, "the default query language and the French dense weight"),
    "indexer/language.py": (6, "detection of a resource's language, restricted to French and English"),
    "indexer/workshops.py": (1, "the default language of a workshop question"),
    "indexer/evaluate.py": (3, "the evaluation's groups of questions by language"),
    "cdm/commands/eval.py": (2, "the evaluation's groups of questions by language"),
    "indexer/tools/make_demo_pdfs.py": (3, "the demo centre's French and English leaflets"),
    "indexer/tools/rome_to_resources.py": (2, "France Travail's ROME data, in French"),
    "indexer/tools/tune_fusion.py": (2, "the French dense weight, tuned on French questions"),
    "bench/index.py": (2, "loads the French and English analysers to time them"),
    "bench/pii_compare.py": (14, "Presidio configured for French, the language it is compared in"),
}


def _counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in (".py", ".js") or "node_modules" in path.parts or "fixtures" in path.parts:
                continue
            relative = path.relative_to(ROOT).as_posix()
            if relative == HOME:
                continue
            found = len(LITERAL.findall(path.read_text(encoding="utf-8", errors="replace")))
            if found:
                counts[relative] = found
    return counts


def test_no_language_literal_outside_the_declaration_and_the_catalogues():
    over = {
        path: (found, ALLOWED.get(path, (0, ""))[0])
        for path, found in _counts().items()
        if found > ALLOWED.get(path, (0, ""))[0]
    }
    assert not over, (
        "language codes written as literals (file: found, allowed); read them from common/languages.py, or put "
        f"the words in a catalogue: {over}"
    )


def test_the_home_declares_every_code_it_is_scanned_for():
    assert "fr" in CODES and len(CODES) == len(set(CODES))
