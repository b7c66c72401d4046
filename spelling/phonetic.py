"""Sound keys, French and English: two spellings that read aloud the same get the same key.

Why: visitors who learnt French by ear write it as it sounds ("antreprise", "contable", "soudeuze",
"kontra"). Such a word can be three or four edits from the word meant, and its first letter may differ,
so the spelling corrector's edit distance cannot reach it; the way it sounds can. The key drops what
French does not pronounce (a final consonant, a final "e", an "h", a doubled letter) and writes each sound
one way: "c"/"k"/"qu" as "k", "z" as "s", "tion" as "sion", "au"/"eau" as "o", "ai"/"ei"/"er" at the end as
"e", and the nasal vowels "an"/"en", "in"/"ain"/"un", "on" each as one capital letter.

It is a coarse key on purpose, written for this project after the usual French rules of reading (no
library of the pinned environments ships one): many words share a key ("vers", "vert", "verre"), so the
normaliser uses it only to choose among words far more frequent than what was typed, and never for a word
either language knows.
"""

from __future__ import annotations

import re

from common.text import fold

# (pattern, replacement), applied in order to a folded lower-case word.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[^a-z]", ""),
        (r"([a-z])\1+", r"\1"),  # doubled letters: "appel" reads as "apel"
        (r"ph", "f"),
        (r"sch", "ch"),
        (r"ch", "$"),  # "ch" is one sound; kept apart from "c" and "h"
        (r"gu(?=[eiy])", "g"),
        (r"g(?=[eiy])", "j"),
        (r"gn", "ni"),
        (r"qu?", "k"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"h", ""),
        (r"w", "v"),
        (r"y", "i"),
        (r"x$", ""),
        (r"x", "ks"),
        (r"(?<!s)ti(?=on|el)", "si"),  # "formation", "essentiel"; not "question"
        (r"eau|au", "o"),
        (r"ou", "u"),
        (r"oi", "wa"),
        (r"(?:ai|ei)(?![nm])", "e"),
        (r"(?:er|ez|et)$", "e"),
        (r"(?:ain|ein|in|im|un|um)(?![aeiou])", "I"),
        (r"(?:an|am|en|em)(?![aeiou])", "A"),
        (r"(?:on|om)(?![aeiou])", "O"),
        (r"z", "s"),  # "s" and "z" are one letter here, voiced or not: "formasion", "soudeuze"
        (r"pt", "t"),  # "comptable", "sept": the "p" is silent
        (r"(?<=[a-zAIO$])s$", ""),  # a plural
        (r"(?<=[a-zAIO$])e?[stdp]?$", ""),  # a final "e" or silent consonant
        (r"([a-zA-Z$])\1+", r"\1"),  # doubles the rules made ("ss" -> "s" after "c" -> "s")
    )
)


def french_key(word: str) -> str:
    """The key of `word` as French reads it aloud ("entreprise" and "antreprise" share "Atrepris")."""
    key = fold(word).lower()
    for pattern, replacement in _RULES:
        key = pattern.sub(replacement, key)
    return key


# English: a consonant skeleton after the usual rules of reading, in the manner of Metaphone (written for
# this project, not copied): "bizness" and "business" share "BSNS", "wurker" and "worker" "WRKR",
# "tecnishun" and "technician" "TKNXN". Vowels after the first letter say little in English spelling by
# ear ("dissabilitee"), so they are dropped.
_EN_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[^a-z]", ""),
        (r"^(?:k(?=n)|g(?=n)|p(?=n)|w(?=r))", ""),
        (r"([a-z])\1+", r"\1"),
        (r"^wh", "w"),
        (r"ph", "f"),
        (r"ck", "k"),
        (r"sch", "sk"),
        (r"tch", "ch"),
        (r"ch(?=[^aeiouy]|$)", "k"),  # "technician", "christmas"
        (r"ch|sh|ci(?=[ao])|ti(?=[ao])|si(?=[ao])", "X"),  # "-tion", "-cian", "-sion": one sound
        (r"th", "0"),
        (r"gh(?=[^aeiouy]|$)", ""),  # "heights", "night"
        (r"dg(?=[eiy])", "j"),
        (r"g(?=[eiy])", "j"),
        (r"c(?=[eiy])", "s"),
        (r"[cq]", "k"),
        (r"x", "ks"),
        (r"z", "s"),
        (r"v", "f"),
        (r"[why](?![aeiouy])", ""),  # a "w", "h" or "y" not before a vowel is silent or a vowel
        (r"(?<=.)[aeiouyhw]", ""),
        (r"^[aeiouy]", "A"),
        (r"([a-zA-Z0])\1+", r"\1"),
    )
)


def english_key(word: str) -> str:
    """The key of `word` as English reads it aloud ("bizness" and "business" share "BSNS")."""
    key = fold(word).lower()
    for pattern, replacement in _EN_RULES:
        key = pattern.sub(replacement, key)
    return key.upper()


SOUND_KEYS = {"fr": french_key, "en": english_key}
