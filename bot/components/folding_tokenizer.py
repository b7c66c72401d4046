"""Whitespace tokens without accents or case, so that "numérique", "numerique" and "NUMERIQUE" are
one feature: visitors often type without accents, and the training data cannot list every spelling."""

import unicodedata

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message


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
        for token in tokens:
            token.text = fold(token.text)
        return tokens
