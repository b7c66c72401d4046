"""Spelling and SMS normalisation: what is corrected, what must never be, in French, English and both."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from spelling import Normaliser
from spelling.normaliser import load_lexicon
from spelling.vocabulary import Frequencies, protected_words

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    return Normaliser.shared()


def fixed(normaliser: Normaliser, text: str) -> str:
    return normaliser.normalise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("slt jsuis en 1ere et jveu fer infirmiere kom on fai", "je suis en 1ere et je veux faire infirmiere comment"),
        ("tkt jsp quoi faire chui perdu", "je ne sais pas quoi faire je suis perdu"),
        ("kel formation pour travailler ds le numerique stp", "quel formation pour travailler dans le numerique"),
        ("c quoi la vae", "c'est quoi la vae"),
        ("pk personne me repond, jai besoin de qqn", "pourquoi personne me repond, j'ai besoin de quelqu'un"),
        ("bcp de stress", "beaucoup de stress"),
        # a fused "je" that the word lists know from texting is still two words
        ("jpense a changer de metier", "je pense a changer de metier"),
        ("jcrois que cest trop tard", "je crois que"),
        # English forms: the content words they hide ("wrk", "gud") are what retrieval needs
        ("cn u help me find wrk in a hotel", "can you help me find work in a hotel"),
        ("hw do i write a gud cv wiv no diploma", "how do i write a good cv with no diploma"),
        ("wer do i go, dnt kno", "where do i go, don't know"),
    ],
)
def test_sms_forms_become_words(normaliser: Normaliser, text: str, expected: str) -> None:
    assert expected in fixed(normaliser, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Je voudrais une formaton en alternnance", "Je voudrais une formation en alternance"),
        ("je cherch un boulot de cuisinier", "je cherche un boulot de cuisinier"),
        ("j'veu faire une reconvertion", "j'veux faire une reconversion"),
        ("a la boule au ventre a lidee dappeler", "a la boule au ventre a l'idee d'appeler"),
        ("how do i find an apprentiship", "how do i find an apprenticeship"),
        ("how do peopel find jobs thru contacts", "how do people find jobs thru contacts"),
    ],
)
def test_typos_are_corrected_in_both_languages(normaliser: Normaliser, text: str, expected: str) -> None:
    assert fixed(normaliser, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "CPF, VAE, BTS, CAP, DAEU, Parcoursup, France Travail, Apec, Airbus, Rivemont",
        "cpf vae bts cap daeu parcoursup france travail apec airbus rivemont",
        "je voudrais devenir chauffeuse de bus ou vendeuse",  # feminine job titles are words, not typos
        "is there a video of someone who retrained as a care assistant?",  # an inflection of a known word
        "je voudrais devenir vitrier, saigneur ou gemmologue",  # rare job titles, not typos of a neighbour
    ],
)
def test_names_schemes_and_inflections_survive(normaliser: Normaliser, text: str) -> None:
    assert normaliser.normalise(text).changes == ()


@pytest.mark.parametrize(
    "text",
    [
        "je m'appelle [NAME], mon code est K7-42, appelez le [PHONE]",
        "voir https://www.francetravail.fr/candidat ou www.apec.fr, ecrire a contact@cite.fr",
        "rdvv le 12/03/2026 a 14h30, 3 formatons",  # the chunks holding digits stay as they are
    ],
)
def test_placeholders_numbers_codes_and_addresses_are_never_touched(normaliser: Normaliser, text: str) -> None:
    untouchable = [word for word in text.split() if any(char.isdigit() or char in "[]@/" for char in word)]
    out = fixed(normaliser, text)
    assert all(word in out.split() for word in untouchable)


def test_words_of_either_language_survive_in_a_mixed_message(normaliser: Normaliser) -> None:
    for text in (
        "I search travail in restaurant, I speak little french",
        "je cherche un job in a restaurant, je parle english",
        "I want to work in Germany, je parle un peu anglais",
    ):
        assert fixed(normaliser, text) == text


def test_a_typo_in_a_mixed_message_is_corrected_to_the_right_word(normaliser: Normaliser) -> None:
    assert fixed(normaliser, "I search travail in restaurent") == "I search travail in restaurant"


def test_clean_questions_are_unchanged(normaliser: Normaliser) -> None:
    """The clean development set and the unanswerable set, as written, come out unchanged, but for the SMS
    form "im" ("I'm")."""
    questions = [
        item["q"]
        for name in ("dev_questions.yml", "unanswerable.yml")
        for item in yaml.safe_load((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))["questions"]
    ]
    changed = {change.original for text in questions for change in normaliser.normalise(text).changes}
    assert len(questions) > 150
    assert changed <= {"im"}


def test_a_change_says_where_it_is(normaliser: Normaliser) -> None:
    text = "slt jveu une formaton"
    result = normaliser.normalise(text)
    assert [(text[c.start : c.end], c.replacement) for c in result.changes] == [
        ("slt", "salut"),
        ("jveu", "je veux"),
        ("formaton", "formation"),
    ]
    assert all(change.original == text[change.start : change.end] for change in result.changes)


def test_a_one_letter_form_in_capitals_is_left_alone(normaliser: Normaliser) -> None:
    assert fixed(normaliser, "apprendre le langage C") == "apprendre le langage C"


def test_the_protected_words_come_from_the_base_the_taxonomy_and_the_synonym_table(tmp_path: Path) -> None:
    (tmp_path / "sheet.md").write_text("# Zorblatteur\nLe Zorblatteur travaille à Quimperlé.", encoding="utf-8")
    (tmp_path / "leaflet.pdf").write_bytes(b"%PDF-1.4 Grumpfel")
    words = protected_words(tmp_path)
    assert {"zorblatteur", "quimperle"} <= words  # the base's words, folded
    assert "grumpfel" not in words  # PDF files are not read
    assert {"numeriques", "competences"} <= words  # the taxonomy's labels
    assert {"curriculum", "resume"} <= words  # the synonym table's phrases


def test_a_protected_word_is_not_corrected_even_next_to_a_frequent_one() -> None:
    frequencies = {
        "fr": Frequencies({"formation": 5.1, "informatique": 4.5}, {}),
        "en": Frequencies({"formation": 4.0}, {}),
    }
    plain = Normaliser(frequencies, frozenset(), load_lexicon())
    protected = Normaliser(frequencies, frozenset({"formaton"}), load_lexicon())
    assert plain.normalise("une formaton").text == "une formation"
    assert protected.normalise("une formaton").text == "une formaton"


def test_the_search_index_vocabulary_counts_as_known(normaliser: Normaliser) -> None:
    assert normaliser.normalise("une formaton").text == "une formation"
    assert normaliser.normalise("une formaton", also_known={"formaton"}.__contains__).text == "une formaton"


def test_normalising_costs_little_beside_analysing_the_query(normaliser: Normaliser) -> None:
    """It runs on every message: it must cost a small share of what the retrieval's analysis of the same
    message costs (both timed in this run, so the machine's load cancels out)."""
    from indexer.lexical import Analyzer

    analyzer = Analyzer()
    texts = [f"slt jveu fer une formaton d'infirmiere n°{i} kom on fai, I search travail" for i in range(60)]
    analyzer.analyse_query(texts[0])  # load spaCy before timing
    started = time.perf_counter()
    for text in texts:
        normaliser.normalise(text)
    normalising = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        analyzer.analyse_query(text)  # distinct texts: the analyser's cache does not help
    analysing = time.perf_counter() - started
    assert normalising < 0.5 * analysing
