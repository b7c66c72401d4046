"""The job-title lane (indexer/job_titles.py): which messages ask about a trade, how titles are read,
and that a sheet is found by a title it does not hold word for word."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.job_titles import TitleIndex, job_query, named_trade, sheet_title, title_terms


@pytest.mark.parametrize(
    "message",
    [
        "comment devenir taxidermiste ?",
        "fiche métier conseillère gestion sinistres",
        "fiche metier boulanger",
        "je voudrais devenir vendangeuse",
        "jveux etre infirmiere",
        "je veux être électricienne, quel diplôme il faut ?",
        "bonjour, le métier de soudeur ça paye ?",
        "quelle formation pour être résinière ?",
        "je cherche un emploi de cariste",
        "how do I become a welder?",
        "I'd like to work as a security guard",
        "slt devenir aide soignante a 40 ans c possible",
    ],
)
def test_a_message_about_a_trade_is_a_job_title_query(message):
    assert job_query(message)


@pytest.mark.parametrize(
    "message",
    [
        "comment financer un bilan de compétences",
        "atelier CV mardi",
        "je suis au chomage depuis 2 ans",
        "where is the business creation area?",
        "c'est quoi la VAE",
        "how do I write a cover letter",
        "je deviens fou avec parcoursup",
    ],
)
def test_other_messages_get_no_job_title_ranking(message):
    assert not job_query(message)


@pytest.mark.parametrize(
    ("message", "trade"),
    [
        ("I'd like to work as a security guard, do I need a special licence?", "security guard"),
        ("je voudrais devenir infirmière, il faut faire quelles études ?", "infirmiere"),
        ("je cherche un emploi d'agent de quai", "agent de quai"),
        ("fiche métier de la boulangère", "boulangere"),
        (
            "comment devenir ingénieure en études, recherche et développement",
            "ingenieure en etudes, recherche et developpement",
        ),
        ("que vais-je devenir", ""),
        ("ma fille veut etre mecanicienne mais ses copines se moquent", "mecanicienne"),
        ("how do I become a welder at the Airbus factory?", "welder"),
        ("pour devenir electricien il faut quel diplome ?", "electricien"),
    ],
)
def test_only_the_words_naming_the_trade_meet_the_titles(message, trade):
    assert named_trade(message) == trade


def test_feminine_inclusive_and_unaccented_forms_share_their_stems():
    assert title_terms("Conseillère en gestion de sinistres") == title_terms("conseiller gestion sinistre")
    assert title_terms("Infirmier·ère") == title_terms("infirmiere") == title_terms("INFIRMIER")
    assert title_terms("Vendangeuse") == title_terms("vendangeur")
    assert title_terms("Chargée d'études") == title_terms("chargé d'études")
    assert title_terms("Cheffe d'équipe") == title_terms("chef d'équipe")
    assert title_terms("Maquignonne") == title_terms("maquignon")
    assert title_terms("formateur·rice pour adultes") == title_terms("formateur pour adultes")
    assert title_terms("de la et en") == []


def test_a_sheet_title_loses_its_kind_prefix():
    assert sheet_title("Fiche métier : infirmier·ère") == "infirmier·ère"
    assert sheet_title("Etalagiste") == "Etalagiste"


def _index() -> TitleIndex:
    """Three sheets as a generation holds them: titles, then one dense-only chunk per alternative title."""
    resources = [
        {"id": "guide", "title": "Devenir conseiller en insertion", "kind": "guide"},
        {"id": "insurance", "title": "Indemnisations en assurances", "kind": "career_sheet"},
        {"id": "display", "title": "Etalagiste", "kind": "career_sheet"},
        {"id": "counsellor", "title": "Fiche métier : conseiller·ère en insertion", "kind": "career_sheet"},
    ]
    lines = [
        (1, "Appellations", "Conseiller / Conseillère sinistres en assurances"),
        (1, "Appellations", "Gestionnaire de sinistres"),
        (1, "Appellations", "Rédacteur / Rédactrice sinistres"),
        (2, "Appellations", "Décorateur / Décoratrice étalagiste"),
        (2, "Appellations", "Etalagiste en parfumerie"),
        (3, "Où travailler", "missions locales"),
    ]
    return TitleIndex.from_records(
        resources,
        np.array([line[0] for line in lines]),
        [line[1] for line in lines],
        [line[2] for line in lines],
        np.ones(len(lines), dtype=bool),
    )


def test_sheets_are_ranked_on_their_names_only():
    index = _index()
    assert len(index) == 3  # the guide is no career sheet
    ranked = index.rank("conseillère gestion sinistres")
    assert ranked[0][0] == 1
    assert index.rank("décoratrice")[0][0] == 2
    assert index.rank("missions locales") == []  # a list under another heading names no trade
    assert index.rank("conseillere insertion")[0][0] == 3


def test_filters_leave_sheets_out():
    allowed = np.array([True, False, True, True])
    assert [position for position, _ in _index().rank("conseillère sinistres", allowed)] == [3]


def test_coverage_says_how_much_of_the_trade_the_first_sheet_is_called_by():
    index = _index()
    assert index.coverage("décoratrice", 2) == 1.0
    assert index.coverage("conseillère méthanisation", 1) < index.coverage("conseillère sinistres", 1) == 1.0
    assert index.coverage("décoratrice", 1) == 0.0
    assert index.coverage("décoratrice", 0) == 0.0  # no career sheet


def test_a_sheet_whose_list_made_no_line_chunks_is_called_by_its_passage():
    """An index chunked before lists under a title heading always made line chunks ("card-3") kept a list
    with a title over twelve words (or a single title) in its passage only."""
    resources = [{"id": "guard", "title": "Garde de parc naturel", "kind": "career_sheet"}]
    chunks = [
        ("Appellations", "Agent chargé de protection Garde du littoral Garde-pêche", False, True),
        ("Appellations", "du littoral Garde-pêche Garde moniteur de parc naturel", False, True),
    ]
    index = TitleIndex.from_records(
        resources,
        np.zeros(len(chunks), dtype=np.int64),
        [chunk[0] for chunk in chunks],
        [chunk[1] for chunk in chunks],
        [chunk[2] for chunk in chunks],
        [chunk[3] for chunk in chunks],
    )
    assert index.rank("garde du littoral")[0][0] == 0
    # The second passage's overlap with the first is not counted twice.
    assert index.lines[0][1].split().count("littoral") == 1


def test_a_stem_no_sheet_holds_is_searched_through_its_family():
    index = TitleIndex([0, 1], [["Agent de photocopie"], ["Agent de quai"]], k1=1.2, b=0.3)
    assert title_terms("photocopieuse") == ["photocopieur"]  # a stem neither sheet holds
    assert [position for position, _ in index.rank("photocopieuse")] == [0]
    assert index.coverage("photocopieuse", 0) == 1.0
