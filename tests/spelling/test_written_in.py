"""Messages in Spanish, Italian or Portuguese are left as written by the fr/en normaliser (issue 17)."""

from __future__ import annotations

import pytest

from spelling import normalise
from spelling.written_in import own_words, unnormalised_language

FOREIGN = [
    ("quiero trabajar en un restaurante", "es"),
    ("busco trabajo de camarero, tengo experiencia", "es"),
    ("cerco lavoro come cameriere", "it"),
    ("non ce la faccio piu, voglio morire", "it"),
    ("quero fazer um curso de cozinha", "pt"),
    ("ola, estou a procura de emprego", "pt"),
]


@pytest.mark.parametrize(("text", "lang"), FOREIGN)
def test_spanish_italian_and_portuguese_are_recognised(text, lang):
    assert unnormalised_language(text) == lang


@pytest.mark.parametrize(("text", "_lang"), FOREIGN)
def test_and_left_as_written_by_the_normaliser(text, _lang):
    assert normalise(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "slt jsuis en 1ere et jveu fer infirmiere kom on fai",
        "I search travail in restaurant",
        "non non merci",
        "ciao ciao",
        "quelles aides pour creer sa boite quand on est au chomage, l'acre l'arce c quoi ?",
        "comment financer une formation avec mon CPF ?",
        "how do I become an electrician",
    ],
)
def test_french_english_and_a_stray_foreign_word_are_not_taken_for_another_language(text):
    assert unnormalised_language(text) is None


def test_own_words_tell_the_languages_without_a_normaliser_from_one_another():
    counts = own_words("quero abrir um cafe, onde faço isso")
    assert counts["pt"] >= 2 and counts["es"] == 0 and counts["it"] == 0
    assert own_words("como")["es"] == own_words("como")["pt"] == 0  # common to both: no one's own
