"""The crisis lexicon behind the distress safety net (bot/components/distress_lexicon.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.components.distress_lexicon import Decision, DistressLexicon, normalise, one_typo_apart

LEXICON = DistressLexicon()
NLU = Path(__file__).resolve().parents[2] / "bot" / "data" / "nlu"

IN_CRISIS = {
    # French, as visitors write it: no accents, typos, SMS spelling
    "je n'en peux plus de mon travail, je veux en finir": "suicide",
    "j'ai des pensées suicidaires depuis mon licenciement": "suicide",
    "g envi de mourrir": "suicide",
    "je veu mourir": "suicide",
    "parfois je pense a me tuer": "suicide",
    "je veux mettre fin à mes jours": "suicide",
    "j'ai plus envie de vivre": "suicide",
    "je pense au suiside": "suicide",
    "je me scarifie le soir": "self_harm",
    "j'ai envie de me faire du mal": "self_harm",
    "mon mari me frappe quand je parle de travailler": "violence",
    "j'ai été agressée par un client": "violence",
    "mon chef me harcèle tous les jours": "harassment",
    "harcellement moral au boulot": "harassment",
    "je suis en burn-out, je craque": "burnout",
    "je suis à bout": "burnout",
    "je fais des crises d'angoisse avant d'aller au travail": "burnout",
    # English
    "my boss harasses me and I can't cope": "harassment",
    "i'm being harrassed by a colleague": "harassment",
    "sometimes i want to kill myself": "suicide",
    "I just want to end it all": "suicide",
    "i dont want to live anymore": "suicide",
    "im suicidal": "suicide",
    "I've been cutting myself": "self_harm",
    "my partner hits me": "violence",
    "I'm burned out and I can't take it anymore": "burnout",
    "i keep having panic attacks at work": "burnout",
    "I'm completely exhausted by my job, where can I find support?": "burnout",
    "je suis épuisée par mon travail, je n'y arrive plus": "burnout",
    # SMS forms, a clause after "en finir", coercive control (written for the lexicon, not from the test sets)
    "jveux en finir ce soir": "suicide",
    "je veux en finir, je tiens plus": "suicide",
    "i want to jump off a bridge": "suicide",
    "i just want to unalive myself": "suicide",
    "on me arcele au boulot": "harassment",
    "il m'enferme dans l'appartement quand il part travailler": "violence",
    "he locks me in the flat and took my passport": "violence",
    "she slapped me in front of the team": "violence",
}

CLEAN = [
    "je veux en finir avec mon CV",
    "ce stage me tue de rire",
    "mon CV est à mourir de rire",
    "j'ai envie de créer mon entreprise",
    "je cherche un stage pour tuer le temps",
    "ça va me prendre du temps",
    "je craque pour ce métier",
    "un client agressif, comment gérer ?",
    "le lycée Marcel Pagnol propose un BTS",
    "je veux devenir livreur à vélo",
    "I want to dive into data science",
    "it finally hit me that I need a change",
    "the deadline is killing me haha",
    "I'm dying to start my apprenticeship",
    "I'm amused by this quiz",
    "I'm a bit tired after the job fair",
    "je suis fatiguée de chercher, vous avez des ateliers ?",
    "c'est gratuit ?",
    "j'habite a 20 kms de la cite",
    "mon collegue me tape sur les nerfs",
    "il menace de me licencier, j'ai des droits ?",
    "i want to throw myself into a new career",
    "je m'enferme dans ma chambre pour reviser",
    "",
]


@pytest.mark.parametrize(("text", "category"), IN_CRISIS.items())
def test_crisis_expressions_are_found_in_both_languages(text, category):
    match = LEXICON.find(text)
    assert match is not None, text
    assert match.category == category


@pytest.mark.parametrize("text", CLEAN)
def test_everyday_words_and_hyperbole_do_not_trigger(text):
    assert LEXICON.find(text) is None


def test_text_is_folded_squeezed_and_split_before_matching():
    assert normalise("J'EN PEUX PLUSSS, Burn-Out !") == ["j", "en", "peux", "plus", "burnout"]


def test_one_typo_means_one_edit_or_one_swap():
    assert one_typo_apart("mourir", "mourrir")
    assert one_typo_apart("harceler", "hracelre") is False
    assert one_typo_apart("suicide", "siucide")
    assert one_typo_apart("creer", "crever")  # why "crever" is matched exactly, never with a typo
    assert not one_typo_apart("mourir", "nourrir")


@pytest.mark.parametrize(
    "text",
    ["je veux en finir avec mon CV", "mon CV est à mourir de rire", "je craque pour ce métier", "deadline lol"],
)
def test_harmless_phrases_that_look_like_distress_are_known(text):
    assert LEXICON.find(text) is None
    assert LEXICON.find_harmless(text).category == "harmless"


def test_a_crisis_expression_is_found_even_beside_a_harmless_phrase():
    assert LEXICON.find("je veux en finir avec la vie mdr").category == "suicide"


# Everyday worry, stress and tiredness, as visitors write it: even when the classifier says distress,
# nothing confirms it, so the safety net takes it back (no emergency numbers for a practical question).
EVERYDAY_WORRY = {
    "fr": [
        "j'ai peur de rater mon entretien",
        "j'ai peur de perdre mon salaire si je me reconvertis",
        "jai super peur de pas trouver de stage",
        "je stresse trop pour mon oral de bts",
        "je suis crevée de chercher du boulot",
        "je suis épuisé par les trajets, un job plus près ?",
        "j'angoisse de reprendre les études à 45 ans",
    ],
    "en": [
        "I'm scared of failing my interview",
        "i'm afraid of losing my salary if i retrain",
        "so stressed about my exams lol",
        "I'm really tired of job hunting",
        "worried I'm too old to change careers",
        "nervous about my first day at work",
    ],
}
# Acute distress the classifier recognises, with a sign of distress that confirms it.
CONFIRMED_DISTRESS = {
    "fr": ["je vais vraiment pas bien, aidez moi", "je suis désespérée", "plus rien n'a de sens", "au secours"],
    "en": ["i'm in a very bad place", "i feel so hopeless", "everything is falling apart", "please help me"],
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_classifier_alone_does_not_start_the_emergency_flow_on_everyday_worry(lang):
    for text in EVERYDAY_WORRY[lang]:
        assert LEXICON.find(text) is None, text
        assert LEXICON.decide(text, classifier_says_distress=True)[0] is Decision.TAKEN_BACK, text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_second_signal_confirms_the_classifier(lang):
    for text in CONFIRMED_DISTRESS[lang]:
        assert LEXICON.decide(text, classifier_says_distress=True)[0] in {Decision.CONFIRMED, Decision.CRISIS}, text
        # and a sign of distress alone, without the classifier, is not a crisis expression either
        assert LEXICON.decide(text, classifier_says_distress=False)[0] in {Decision.LEFT, Decision.CRISIS}, text


CRISIS_WITHOUT_THE_CLASSIFIER = {
    "fr": [
        "mon mari me bat",
        "je veux plus me réveiller",
        "jen peux plus de ce taf",
        "g envi de mourrir",
        "jveux mourir",
        "j'ai préparé mes médicaments",
        "mon voisin de bureau m'a menacé de me tuer",
    ],
    "en": [
        "i'm thinking of ending it all",
        "my partner beats me",
        "i can't take it any more",
        "im suicidal",
        "nobody would miss me if i disappeared",
        "my manager threatened to kill me",
        "i collapsed at work this morning",
    ],
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_crisis_expression_needs_no_classifier(lang):
    for text in CRISIS_WITHOUT_THE_CLASSIFIER[lang]:
        assert LEXICON.decide(text, classifier_says_distress=False)[0] is Decision.CRISIS, text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_distress_example_of_the_training_data_keeps_the_emergency_flow(lang):
    """The examples the classifier learns distress from are crises: each is a crisis expression or
    carries a confirming sign, so that the two-signal rule never takes a real one back."""
    data = yaml.safe_load((NLU / lang / "handoff.yml").read_text(encoding="utf-8"))
    examples = [
        line.strip()[2:]
        for item in data["nlu"]
        if item.get("intent") == "express_distress"
        for line in item["examples"].splitlines()
        if line.strip()
    ]
    assert len(examples) > 40
    taken_back = [text for text in examples if LEXICON.decide(text, True)[0] is Decision.TAKEN_BACK]
    assert not taken_back


def test_a_harmless_phrase_takes_the_classifier_s_distress_back_even_with_a_sign():
    assert LEXICON.decide("je craque pour ce métier", True)[0] is Decision.TAKEN_BACK
