"""Text normalisation shared by the parts that match visitor words against known words."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents: 'Infirmière', 'infirmiere' and 'INFIRMIERE' are one word to a visitor."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in text if not unicodedata.combining(char)).replace("œ", "oe").replace("æ", "ae")
