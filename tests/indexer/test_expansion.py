"""The synonym table across languages, and how each language's lexical ranking enters the fusion."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.expansion import Expander, Group, audience_words, core_request, parse_group
from indexer.search import Rankings, Searcher, Tuning


@pytest.fixture(scope="module")
def expander(builder) -> Expander:
    return Expander(builder.analyzer)


def test_a_phrase_applies_only_when_its_words_are_in_a_row(expander):
    named = expander.expand("je viens de perdre mon emploi, comment m'inscrire à France Travail ?", "fr")
    assert "jobseeker" in named.by_lang["en"]
    scattered = expander.expand("je suis canadien avec un visa vacances-travail, je peux bosser en France ?", "fr")
    assert "jobseeker" not in scattered.terms


def test_words_are_kept_per_language_and_the_other_language_is_glossed(expander):
    french = expander.expand("c'est quoi un bilan de compétences", "fr")
    assert {"skill", "assessment"} <= set(french.by_lang["en"]) and "career_review" in french.topics
    assert "skills assessment" in french.glosses and "bilan de compétences" not in french.glosses
    english = expander.expand("what is a skills assessment", "en")
    assert "bilan" in english.by_lang["fr"] and "bilan de compétences" in english.glosses


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("j'ai 19 ans pas de diplôme, qui peut m'aider ?", ["jeunes"]),
        ("I'm 20 with no diploma", ["jeunes"]),
        ("j'ai 52 ans et personne ne veut m'embaucher", ["senior"]),
        ("se reconvertir à 50 ans, c'est possible ?", ["senior"]),
        ("j'ai 32 ans, je peux encore faire une alternance ?", []),  # neither audience
        ("j'ai 15 ans d'expérience en cuisine", []),  # a duration, not an age
        ("I have 20 years of experience in sales", []),
        ("je travaille comme aide à domicile depuis 5 ans", []),
    ],
)
def test_an_age_names_an_audience_and_a_duration_does_not(query, words):
    assert audience_words(query) == words


def test_an_age_brings_its_audience_words_and_glosses_them_first(expander):
    older = expander.expand("j'ai 52 ans et personne ne veut m'embaucher", "fr")
    assert "seniors" in older.topics and "senior" in older.by_lang["fr"]
    assert older.glosses[0] == "senior"
    assert "seniors" not in expander.expand("j'ai 15 ans d'expérience en cuisine", "fr").topics


@pytest.mark.parametrize(
    ("query", "lang", "topic", "applies"),
    [
        ("je cherche mon premier emploi", "fr", "young_first_steps", True),
        ("je cherche un emploi de cariste", "fr", "young_first_steps", False),  # "premier" is a stop word
        ("I want to take over a business", "en", "business_start", True),
        ("I run a small business and need a bookkeeper", "en", "business_start", False),
        ("travailler aux Pays-Bas", "fr", "work_abroad", True),
    ],
)
def test_a_phrase_its_analysis_shrinks_to_one_word_must_occur_word_for_word(expander, query, lang, topic, applies):
    assert (topic in expander.expand(query, lang).topics) is applies


def test_a_word_visitors_say_applies_its_group_one_way(expander):
    germany = expander.expand("je veux partir travailler en Allemagne", "fr")
    assert "work_abroad" in germany.topics and "allemagne" in germany.understood
    assert "working in Europe" in germany.glosses and "Germany" not in germany.glosses
    europe = expander.expand("comment travailler en Europe ?", "fr")
    assert "allemagne" not in europe.terms and not any("Germany" in gloss for gloss in europe.glosses)


def test_a_table_of_its_own_can_be_given(builder):
    groups = (Group(None, {"fr": ("soudeur",), "en": ("welder",)}),)
    expansion = Expander(builder.analyzer, groups).expand("how do I become a welder?", "en")
    assert expansion.by_lang["fr"] == ["soudeur"] and expansion.glosses == ["soudeur"]
    said = (Group("disability", {"fr": ("maladie chronique",), "en": ("chronic illness",)}, ((None, "diabétique"),)),)
    diabetic = Expander(builder.analyzer, said).expand("je suis diabétique", "fr")
    assert diabetic.topics == ["disability"] and diabetic.glosses == ["chronic illness"]
    assert "diabetique" in diabetic.understood and "diabetique" not in diabetic.terms


def test_said_words_keyed_by_language_are_matched_in_its_analysis(builder):
    """A Spanish visitor's "Alemania" names working in Europe, counts as understood, and is searched for
    in no resource (the base says "otro país europeo")."""
    group = parse_group({"topic": "work_abroad", "es": ["trabajar en Europa"], "said": {"es": ["Alemania"]}})
    expansion = Expander(builder.analyzer, (group,)).expand("quiero irme a trabajar a alemania", "es")
    assert expansion.topics == ["work_abroad"]
    assert set(builder.analyzer.analyse("alemania", "es")) <= expansion.understood
    assert not set(builder.analyzer.analyse("alemania", "es")) & set(expansion.terms)
    italian = Expander(builder.analyzer, (group,)).expand("voglio lavorare in alemania", "it")
    assert not italian.topics  # read in Spanish stems too, but the Spanish visitor's word only
    with pytest.raises(ValueError, match="unknown key"):
        parse_group({"topic": "work_abroad", "said": {"sp": ["Alemania"]}})


def _rankings(french: list[tuple[int, float]], english: list[tuple[int, float]], dense: list[int]) -> Rankings:
    rankings = Rankings(chunk_bm25=np.zeros(0, dtype=np.float32), query_lang="en")
    rankings.bm25_by_lang = {"en": english, "fr": french}
    rankings.bm25 = sorted(english + french, key=lambda pair: -pair[1])
    rankings.dense = [(index, 0.6 - 0.1 * rank) for rank, index in enumerate(dense)]
    return rankings


def _order(rankings: Rankings) -> list[int]:
    return [index for index, _ in Searcher.fuse(None, rankings, "fusion", Tuning())]


def test_the_other_language_ranking_weighs_as_its_best_match_compares():
    english = [(10, 8.0), (11, 6.0), (12, 4.0)]
    dense = [11, 1, 10, 12]
    # A French resource (1) that matches the translated query as well as the best English one (10)
    # counts as much as that one: with the dense evidence behind it, it comes first.
    assert _order(_rankings(french=[(1, 8.0)], english=english, dense=dense))[0] == 1
    # The same French resource matching only a word or two: it stays behind the English ones.
    order = _order(_rankings(french=[(1, 1.0)], english=english, dense=dense))
    assert order.index(1) > order.index(10) and order.index(1) > order.index(11)


@pytest.mark.parametrize(
    ("query", "core"),
    [
        ("fiche métier dessinateur de schémas électriques", "dessinateur de schémas électriques"),
        ("fiche métier de décorateur", "décorateur"),
        ("fiche métier d'électricien", "électricien"),
        ("je cherche un emploi de designer", "designer"),
        ("comment devenir une infirmière ?", "infirmière"),
        ("how do I become an anesthetist?", "anesthetist"),
    ],
)
def test_the_frame_of_a_request_ends_at_a_word_end(query, core):
    """'fiche métier de' must not take the first letters of 'dessinateur'."""
    assert core_request(query) == core
