"""Crisis expressions in Spanish, Italian and Portuguese (bot/components/distress_languages.yml, issue 17)."""

from __future__ import annotations

import pytest

from bot.components.distress_lexicon import EXPRESSIONS, Decision, DistressLexicon

LEXICON = DistressLexicon()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("me quiero morir, ya no puedo", "suicide"),
        ("ya no quiero vivir", "suicide"),
        ("quiero suicidarme", "suicide"),
        ("voglio morire", "suicide"),
        ("voglio farla finita", "suicide"),
        ("quero morrer", "suicide"),
        ("vou me matar", "suicide"),
        ("mi marido me pega", "violence"),
        ("mi capo mi molesta ogni giorno", "violence"),
        ("sofro assedio no trabalho", "harassment"),
        ("non ce la faccio piu con questo lavoro", "burnout"),
        ("nao aguento mais o meu chefe", "burnout"),
    ],
)
def test_crises_are_found_in_spanish_italian_and_portuguese(text, category):
    found = LEXICON.find(text)
    assert found is not None and found.category == category


@pytest.mark.parametrize(
    "text",
    [
        "me muero de risa con este curro",
        "tengo miedo de la entrevista de manana",
        "mi ammazzo di lavoro ma mi piace",
        "voglio farla finita con il mio vecchio cv",
        "morrer de rir kkkk",
        "estou cansado de procurar emprego",
    ],
)
def test_everyday_words_and_hyperbole_start_nothing(text):
    assert LEXICON.decide(text, classifier_says_distress=False)[0] is Decision.LEFT


def test_a_sign_of_distress_confirms_the_classifier_and_worry_is_taken_back():
    assert LEXICON.decide("estoy muy mal, nadie me ayuda", True)[0] is Decision.CONFIRMED
    assert LEXICON.decide("sto malissimo", True)[0] is Decision.CONFIRMED
    assert LEXICON.decide("tenho medo da entrevista", True)[0] is Decision.TAKEN_BACK


def test_french_and_english_expressions_are_unchanged():
    only_fr_en = DistressLexicon(EXPRESSIONS)
    for text in ("je veux en finir", "I want to kill myself", "je veux en finir avec mon CV"):
        assert LEXICON.decide(text, False)[0] == only_fr_en.decide(text, False)[0]
