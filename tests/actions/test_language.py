"""Language detection and switching, with the real lingua detector."""

import pytest

from actions.language import (
    ValidateSlotMappings,
    asks_for_a_language,
    choose_language,
    detect_language,
    studied_languages,
    weak_languages,
)
from tests.actions.helpers import run, tracker


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("bonjour", "fr"),
        ("vous ouvrez a quelle heure samedi", "fr"),
        ("jvoudrais voir un conseiller stp", "fr"),
        ("hello", "en"),
        ("are you open on Monday?", "en"),
        ("how do I become an electrician", "en"),
    ],
)
def test_detects_french_and_english(text, lang):
    assert detect_language(text)[0] == lang


@pytest.mark.parametrize("text", ["", "   ", "🙂👍", "12345", "/ask_services", "%%%"])
def test_no_language_in_payloads_emoji_or_digits(text):
    assert detect_language(text)[0] is None


def test_first_message_sets_the_language():
    assert choose_language(None, "hello, are you open today?") == "en"
    assert choose_language(None, "bonjour, vous êtes ouverts ?") == "fr"


def test_a_short_word_in_the_other_language_does_not_switch():
    assert choose_language("fr", "ok") is None
    assert choose_language("fr", "je cherche un job dans la tech") is None


def test_a_whole_sentence_in_the_other_language_switches():
    assert choose_language("fr", "sorry, could you please answer me in plain English words") == "en"


def test_an_explicit_choice_sticks():
    assert choose_language("en", "quels sont vos horaires d'ouverture", chosen=True) is None


def test_validation_action_switches_on_request_with_or_without_entity():
    action = ValidateSlotMappings()
    english = [{"entity": "language", "value": "en"}]
    _, events = run(action, tracker("parlez-vous anglais ?", "change_language", english, {"language": "fr"}))
    assert {"event": "slot", "timestamp": None, "name": "language", "value": "en"} in events
    assert any(e.get("name") == "language_chosen" and e.get("value") is True for e in events)
    _, events = run(action, tracker("another language please", "change_language", [], {"language": "en"}))
    assert any(e.get("name") == "language" and e.get("value") == "fr" for e in events)


def test_validation_action_leaves_a_set_language_alone():
    _, events = run(ValidateSlotMappings(), tracker("ok", "affirm", [], {"language": "en"}))
    assert not [e for e in events if e.get("name") == "language"]


@pytest.mark.parametrize(
    ("text", "weak"),
    [
        ("I search travail in restaurant, I speak little french", {"fr"}),
        ("i look for job in cleaning, my french is not good", {"fr"}),
        ("moi parler un peu francais, chercher travail", {"fr"}),
        ("je parle pas bien anglais, je cherche un stage", {"en"}),
        ("I speak french", set()),
        ("my french is good", set()),
        ("do you speak french?", set()),
    ],
)
def test_a_language_said_to_be_spoken_little_is_read(text, weak):
    assert weak_languages(text) == weak


def test_a_mixed_message_that_says_little_french_is_answered_in_the_other_language():
    assert choose_language(None, "je cherche travail restaurant, I speak little french") == "en"
    assert choose_language(None, "I search travail in restaurant, I speak little french") == "en"
    # wholly written in the language it says is weak: the visitor chose to write it
    assert choose_language(None, "je parle pas bien francais, je cherche du travail dans le nettoyage") == "fr"
    assert choose_language("fr", "I search travail in restaurant, I speak little french") is None


def test_a_statement_of_little_french_read_as_a_language_request_does_not_switch_to_french():
    french = [{"entity": "language", "value": "fr"}]
    message = "I search travail in restaurant, I speak little french"
    _, events = run(ValidateSlotMappings(), tracker(message, "change_language", french, {"language": "en"}))
    assert not [e for e in events if e.get("name") == "language" and e.get("value") == "fr"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("quiero trabajar en un restaurante", "es"),
        ("tengo una entrevista manana y no se que decir", "es"),
        ("cerco lavoro come cameriere", "it"),
        ("voglio fare un corso di cucina", "it"),
        ("quero fazer um curso de cozinha", "pt"),
        ("ola, estou a procura de emprego", "pt"),
    ],
)
def test_a_first_message_in_spanish_italian_or_portuguese_sets_its_language(text, lang):
    assert choose_language(None, text) == lang


def test_a_shaky_guess_of_a_language_without_a_word_of_it_stays_out():
    # among five languages lingua reads these as Italian, without confidence and without an Italian word
    assert choose_language(None, "prime de precarite cdd") in (None, "fr", "en")
    assert choose_language(None, "hello") == "en"


def test_a_whole_sentence_in_spanish_switches_a_french_conversation():
    assert choose_language("fr", "perdona, no entiendo nada, puedes contestarme en espanol por favor") == "es"


@pytest.mark.parametrize(
    ("text", "entities", "lang"),
    [
        ("hablas espanol?", [{"entity": "language", "value": "es"}], "es"),
        ("parla italiano?", [{"entity": "language", "value": "italiano"}], "it"),
        ("em portugues por favor", [], "pt"),
        ("vous parlez espagnol ?", [], "es"),
    ],
)
def test_switching_on_request_to_each_declared_language(text, entities, lang):
    _, events = run(ValidateSlotMappings(), tracker(text, "change_language", entities, {"language": "fr"}))
    assert any(e.get("name") == "language" and e.get("value") == lang for e in events)


def test_a_first_message_without_a_detectable_language_takes_the_page_s_language():
    message = tracker("hola", "greet", [], {})
    message.latest_message["metadata"] = {"channel": "web", "language": "es"}
    _, events = run(ValidateSlotMappings(), message)
    assert any(e.get("name") == "language" and e.get("value") == "es" for e in events)
    french_page = tracker("👍", "affirm", [], {})
    french_page.latest_message["metadata"] = {"language": "fr"}  # the default: left unset, as before
    _, events = run(ValidateSlotMappings(), french_page)
    assert not [e for e in events if e.get("name") == "language"]


@pytest.mark.parametrize(
    ("text", "studied"),
    [
        ("french lessons for adults", {"fr"}),
        ("where can i learn french for work", {"fr"}),
        ("cours de francais gratuit", {"fr"}),
        ("I need the english test for my visa", {"en"}),
        ("do you speak french?", set()),
        ("can we continue in english", set()),
    ],
)
def test_a_language_to_learn_is_read(text, studied):
    assert studied_languages(text) == studied


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("in English please", True),
        ("another language please", True),
        ("sorry my french is bad, can we do this in english", True),
        ("my english is ok but my french is zero, which jobs can i do", False),
        ("french classes for work", False),
        ("how do I write an English-language CV for a company in London?", False),
        ("english speaking jobs in paris", False),
        ("I search travail in restaurant, I speak little french", False),
        ("does anybody at your place speak spanish? we just arrived", True),
        ("do you have a counsellor who speaks english for my mother", False),
        ("y a t il quelqu'un qui parle anglais a l'accueil ?", False),
    ],
)
def test_a_language_named_as_a_subject_is_no_request_for_it(text, asks):
    assert asks_for_a_language(text) is asks


def test_a_question_about_french_lessons_read_as_a_language_request_does_not_switch():
    french = [{"entity": "language", "value": "fr"}]
    _, events = run(ValidateSlotMappings(), tracker("free french lessons for adults", "change_language", french, {}))
    assert not [e for e in events if e.get("name") == "language" and e.get("value") == "fr"]
