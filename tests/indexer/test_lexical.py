"""Lemmas, folded accents and French gendered job titles meet in one form."""

from __future__ import annotations

import pytest

from indexer.lexical import Analyzer, LexicalIndex, fold


@pytest.fixture(scope="module")
def analyzer(builder) -> Analyzer:
    return builder.analyzer


@pytest.mark.parametrize(
    ("lang", "variant", "form"),
    [
        # gendered job titles share the masculine's terms
        ("fr", "vendangeuse", "vendangeur"),
        ("fr", "infirmière", "infirmier"),
        ("fr", "conductrice", "conducteur"),
        ("fr", "accastilleuse", "accastilleur"),
        ("fr", "boulangère", "boulanger"),
        ("fr", "Infirmier(ère)", "infirmier"),
        ("fr", "technicienne", "technicien"),
        # American spellings meet the base's British ones
        ("en", "my degree is not recognized", "my degree is not recognised"),
        ("en", "a specialized organization", "a specialised organisation"),
        ("en", "the job center", "the job centre"),
        ("en", "a driver's license", "a driver's licence"),
    ],
)
def test_variants_share_terms(analyzer, lang, variant, form):
    assert analyzer.analyse(variant, lang) == analyzer.analyse(form, lang)


def test_query_terms_cover_both_languages_and_drop_the_frame(analyzer):
    terms = analyzer.analyse_query("Je voudrais devenir accastilleuse")
    assert "accastilleur" in terms and "voudrais" not in terms and "devenir" not in terms
    assert "interview" in analyzer.analyse_query("Job interviews")


@pytest.mark.parametrize(
    ("everyday", "standard"),
    [("je bosse", "travailler"), ("on a bossé", "travailler"), ("un boulot", "travail"), ("le chômdu", "chômage")],
)
def test_everyday_french_meets_the_base_s_word(analyzer, everyday, standard):
    assert analyzer.analyse(everyday, "fr") == analyzer.analyse(standard, "fr")


def test_a_word_with_another_common_sense_is_left_alone(analyzer):
    assert analyzer.analyse("ma boîte", "fr") != analyzer.analyse("mon entreprise", "fr")


def test_accents_fold():
    assert fold("Élève à l'École Œnologie") == "eleve a l'ecole oenologie"


def test_a_word_the_index_lacks_meets_its_family():
    index = LexicalIndex.build(
        [["oleiculture", "verre"], ["technicien", "technique", "technologie", "technicite"], ["chef"]]
    )
    assert index.kin("oleiculteur") == ["oleiculture"]
    assert index.kin("verre") == []  # known
    assert index.kin("techniciens") == ["technicien"]
    assert index.kin("technocrate") == []  # "techn" is too short a prefix to name a family
    assert index.kin("chefs") == []  # too short to guess from
    assert index.kin("boulangerie") == []


def test_words_ending_like_american_spellings_keep_their_letters(analyzer):
    assert analyzer.analyse("size prize citizen", "en") == ["size", "prize", "citizen"]
