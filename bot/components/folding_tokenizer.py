"""Whitespace tokens without accents or case, so that "numérique", "numerique" and "NUMERIQUE" are
one feature: visitors often type without accents, and the training data cannot list every spelling.

When the spelling normaliser ran first (`spelling_normaliser.py`), each token holds its corrected word(s):
"jveu" becomes the two tokens "je" and "veux", both with the offsets of "jveu" in the text as written.
"""

import re
import unicodedata

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.spelling_normaliser import CHANGES
from spelling.normaliser import Change, apply

_SEPARATORS = re.compile(r"[\s'’]+")


def fold(text: str) -> str:
    """Lower case with diacritics removed; one character out per character in, so offsets still hold."""
    folded = []
    for char in text.lower():
        base = unicodedata.normalize("NFKD", char)
        stripped = "".join(c for c in base if not unicodedata.combining(c))
        folded.append(stripped if len(stripped) == 1 else char)
    return "".join(folded)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class FoldingWhitespaceTokenizer(WhitespaceTokenizer):
    """Rasa's whitespace tokenizer, with each token's text folded (its offsets unchanged)."""

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        tokens = super().tokenize(message, attribute)
        changes = message.get(CHANGES) if attribute == TEXT else None
        if changes:
            tokens = respelled(tokens, message.get(TEXT), changes)
        for token in tokens:
            token.text = fold(token.text)
        return tokens


def respelled(tokens: list[Token], text: str, changes: tuple[Change, ...]) -> list[Token]:
    """The tokens with the changes inside each made; a token whose correction is several words becomes as
    many tokens, each with the original token's offsets. A change never spans two tokens: it is made of
    letters, which the whitespace tokenizer never splits."""
    out: list[Token] = []
    for token in tokens:
        inside = [
            Change(change.start - token.start, change.end - token.start, change.original, change.replacement)
            for change in changes
            if token.start <= change.start and change.end <= token.end
        ]
        if not inside:
            out.append(token)
            continue
        words = [word for word in _SEPARATORS.split(apply(text[token.start : token.end], inside)) if word]
        out.extend(Token(word, token.start, token.end, lemma=token.lemma) for word in words or [token.text])
    return out
