"""The French sound key, and the normaliser reaching through it what the edit distance cannot."""

from __future__ import annotations

import pytest

from spelling import Normaliser
from spelling.normaliser import load_lexicon
from spelling.phonetic import french_key
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


def test_the_sound_key_is_for_french_messages_only(normaliser: Normaliser) -> None:
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
