"""The French sound key, and the normaliser reaching through it what the edit distance cannot."""

from __future__ import annotations

import pytest

from spelling import Normaliser
from spelling.normaliser import load_lexicon
from spelling.phonetic import english_key, french_key
from spelling.vocabulary import Frequencies


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("antreprise", "entreprise"),
        ("contable", "comptable"),
        ("soudeuze", "soudeuse"),
        ("kontra", "contrat"),
        ("formasion", "formation"),
        ("aprantissage", "apprentissage"),
        ("secretere", "secrétaire"),
        ("boulangé", "boulanger"),
        ("chaumage", "chômage"),
    ],
)
def test_spellings_that_sound_the_same_share_a_key(written: str, meant: str) -> None:
    assert french_key(written) == french_key(meant)


@pytest.mark.parametrize(
    ("one", "other"),
    [("infirmier", "enfermer"), ("question", "kession"), ("formation", "information"), ("bilan", "billet")],
)
def test_words_that_sound_different_do_not(one: str, other: str) -> None:
    assert french_key(one) != french_key(other)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("bizness", "business"),
        ("wurker", "worker"),
        ("dissabilitee", "disability"),
        ("terbine", "turbine"),
        ("tecnishun", "technician"),
        ("qualifikations", "qualifications"),
        ("enginear", "engineer"),
    ],
)
def test_english_spellings_that_sound_the_same_share_a_key(written: str, meant: str) -> None:
    assert english_key(written) == english_key(meant)


@pytest.mark.parametrize(("one", "other"), [("worker", "walker"), ("nurse", "nurture"), ("career", "carpet")])
def test_english_words_that_sound_different_do_not(one: str, other: str) -> None:
    assert english_key(one) != english_key(other)


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    return Normaliser.shared()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("je cherche une antreprise pour mon alternance", "je cherche une entreprise pour mon alternance"),
        ("je veux devenir contable", "je veux devenir comptable"),  # not the English "constable"
        ("kel formasion pour etre asistante maternelle", "quel formation pour etre assistante maternelle"),
        ("comman faire mon cévé", "comment faire mon CV"),  # not the English "command"
    ],
)
def test_french_written_by_ear_is_read_as_meant(normaliser: Normaliser, text: str, expected: str) -> None:
    assert normaliser.normalise(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("who can help me write a bizness plan", "who can help me write a business plan"),
        ("what is the dissabilitee wurker status", "what is the disability worker status"),
        # the English "turbine", not the base's French "terminé" one letter away
        ("wind terbine jobs, do you need a degree", "wind turbine jobs, do you need a degree"),
        # of the words that sound alike, the nearest in spelling: "germany", not "german"; "heavy", not "have"
        ("can i get a job in jermany", "can i get a job in germany"),
        ("i cant carry hevy stuf anymore", "i can't carry heavy stuff anymore"),
        # a French name in an English message: the base's "travail", one letter away, not "trophy" or "trivia"
        ("how do i regista wiv france travaie", "how do i register with france travail"),
    ],
)
def test_english_written_by_ear_is_read_as_meant(normaliser: Normaliser, text: str, expected: str) -> None:
    assert normaliser.normalise(text).text == expected


def test_each_language_sounds_its_own_words(normaliser: Normaliser) -> None:
    assert normaliser.normalise("I want to become a contable in Paris").text == "I want to become a constable in Paris"


def test_a_sounding_word_must_be_far_more_frequent_than_the_typed_one() -> None:
    frequencies = {
        "fr": Frequencies({"entreprise": 5.0, "antreprise": 4.0, "une": 6.0, "pour": 6.0}, {}),
        "en": Frequencies({}, {}),
    }
    close = Normaliser(frequencies, frozenset(), load_lexicon())
    assert close.normalise("une antreprise pour").text == "une antreprise pour"
    frequencies["fr"] = Frequencies({"entreprise": 5.0, "une": 6.0, "pour": 6.0}, {})
    far = Normaliser(frequencies, frozenset(), load_lexicon())
    assert far.normalise("une antreprise pour").text == "une entreprise pour"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("where can i lern to use a computer", "where can i learn to use a computer"),
        ("i want to wurk in a hospital at night", "i want to work in a hospital at night"),
        # names of places both languages write ("france") vote for neither
        ("how to find wurk in spain from france", "how to find work in spain from france"),
    ],
)
def test_a_four_letter_word_is_read_by_ear_when_the_language_is_sure(
    normaliser: Normaliser, text: str, expected: str
) -> None:
    assert normaliser.normalise(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "lern",  # no word of either language to be sure of
        "je veux lern cette formation",  # French words around it: not sure it is English
        "what is the bafa and the daeu",  # acronyms of the base: known, whatever they sound like
    ],
)
def test_a_four_letter_word_is_left_as_written_when_the_language_is_not_sure(normaliser: Normaliser, text: str) -> None:
    assert normaliser.normalise(text).text == text
