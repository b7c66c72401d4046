"""Reading redacted text: does a message do anything but hand over personal data?

"Vous pouvez me joindre au [PHONE] ou à [EMAIL]" asks nothing: searching the resource base on what is
left finds noise, and a counsellor's summary quoting it as the visitor's need is useless. Such a message
gets a word on anonymity instead, and is left out of summaries.
"""

from __future__ import annotations

import re

from common.text import fold
from privacy.spans import PLACEHOLDERS

_PLACEHOLDER = re.compile("|".join(re.escape(placeholder) for placeholder in PLACEHOLDERS.values()))
_WORD = re.compile(r"[^\W\d_]{4,}")  # words of four letters or more: "me", "au", "ou", "my" say nothing
# Words that come with giving one's details, and fillers around them, in French and English (folded).
# fmt: off
_GIVING_WORDS = frozenset({
    "joindre", "appeler", "rappeler", "contacter", "contactez", "appelez", "numero", "mail", "email", "adresse",
    "coordonnees", "prenom", "appelle", "telephone", "portable", "voici", "pouvez", "peux", "vous", "votre",
    "habite", "suis", "merci", "bonjour",
    "reach", "call", "contact", "number", "phone", "address", "name", "details", "here", "please", "thanks",
    "hello", "live", "this", "that", "with",
})
# fmt: on


def only_personal_data(text: str) -> bool:
    """True when a redacted message holds a placeholder and at most one other meaningful word."""
    if not _PLACEHOLDER.search(text):
        return False
    words = _WORD.findall(fold(_PLACEHOLDER.sub(" ", text)))
    return sum(word not in _GIVING_WORDS for word in words) < 2
