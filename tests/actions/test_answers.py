"""How an answer is put together from search results: extraction, citations, follow-ups, the gate."""

from __future__ import annotations

import dataclasses

import pytest

from actions.answers import (
    AnswerGate,
    Verdict,
    answer_gate,
    best_sentence,
    choose_citations,
    compose,
    content_stems,
    key_points,
    off_topic_belief,
    reads_as_a_point,
    sentences,
    topic_of,
    where_to_find,
)
from actions.questions import carries_content, follow_up_query, requested_kind, required_probability
from indexer.search import Retrieval, SearchResult


def result(rid: str, *, lang: str = "fr", publisher: str = "Cité", score: float = 1.0, passage: str = "", topics=()):
    return SearchResult(
        id=rid,
        title=f"Titre {rid}",
        kind="guide",
        topics=list(topics or ["vae"]),
        lang=lang,
        score=score,
        source=f"{rid}.md",
        snippet=passage[:100],
        where="Rayon B1",
        publisher=publisher,
        audience=["all"],
        updated="2026-01-01",
        similarity=0.5,
        passage=passage,
    )


VAE = (
    "## La VAE\nLa validation des acquis de l'expérience permet d'obtenir un diplôme grâce à son expérience. "
    "Il faut au moins un an d'activité en rapport avec la certification visée. "
    "Le dossier de recevabilité se dépose sur France VAE."
)


def test_sentences_split_lines_and_sentences_without_markup():
    assert sentences(VAE)[0] == "La VAE"
    assert sentences(VAE)[1].startswith("La validation des acquis")
    assert len(sentences(VAE)) == 4


LEAFLET = (
    "CITÉ DES MÉTIERS DE RIVEMONT · FICHE PRATIQUE Mon compte (CPF) : mode d'emploi Le compte personnel de "
    "formation permet de financer des formations certifiantes. Combien y a-t-il sur mon compte ? Un salarié à "
    "mi-temps acquiert 500 € par an, dans la limite de 5 000 €. Les droits restent sur le compte pendant les "
    "périodes de chô"
)


def test_page_furniture_glued_headings_questions_and_cut_sentences_are_never_key_points():
    readable = [piece for piece in sentences(LEAFLET, "Mon compte (CPF) : mode d'emploi") if reads_as_a_point(piece)]
    assert readable == [
        "Le compte personnel de formation permet de financer des formations certifiantes.",
        "Un salarié à mi-temps acquiert 500 € par an, dans la limite de 5 000 €.",
    ]
    assert not reads_as_a_point("handicapés acquièrent 800 € par an, dans la limite de 8 000 €.")  # cut at its start
    assert not reads_as_a_point("Trop court, vraiment.")  # no verb's worth of words
    # a cross-reference points elsewhere
    assert not reads_as_a_point(
        'Related resources: English guides "Newcomers: getting your qualifications recognised".'
    )
    assert not reads_as_a_point("Voir aussi la fiche sur le compte personnel de formation et ses démarches.")


def test_a_name_after_a_linking_word_stays_in_its_sentence():
    text = "Les offres sont sur 1jeune1solution.gouv.fr et La bonne alternance pour les jeunes."
    assert sentences(text) == [text]


def test_the_key_point_is_the_sentence_sharing_most_words_with_the_question():
    sentence = best_sentence(VAE, content_stems("combien de temps d'activité pour viser une certification ?"))
    assert sentence == "Il faut au moins un an d'activité en rapport avec la certification visée."
    assert best_sentence("Trop court.", {"court"}) is None


def test_key_points_come_from_the_visitors_language_when_it_has_some():
    english = result("en-1", lang="en", passage="The VAE lets you turn experience into a diploma.")
    cited = [english, result("fr-1", passage=VAE)]
    points, other = key_points("combien d'années d'activité pour une VAE ?", cited, "fr")
    assert {point.resource.id for point in points} == {"fr-1"} and len(points) == 2 and not other
    points, other = key_points("how many years of experience for a VAE?", cited[1:], "en")
    assert points and other  # only French text: said so, not hidden


def test_citations_keep_order_but_seek_a_second_publisher():
    same = [result(f"r{i}", score=1.0 - i / 10) for i in range(3)]
    other = result("partner", publisher="France Travail", score=0.75)
    assert [r.id for r in choose_citations([*same, other])] == ["r0", "r1", "partner"]
    far_below = result("partner", publisher="France Travail", score=0.2)
    assert [r.id for r in choose_citations([*same, far_below])] == ["r0", "r1", "r2"]


def test_topic_is_the_named_one_else_the_one_citations_share():
    cited = [result("a", topics=["cv_cover_letter"]), result("b", topics=["cv_cover_letter", "job_interview"])]
    assert topic_of(None, cited) == "cv_cover_letter"
    assert topic_of("vae", cited) == "vae"
    assert topic_of("not-a-topic", cited) == "cv_cover_letter"


def test_compose_names_the_area_of_the_topic():
    answer = compose("VAE", Retrieval([result("fr-1", passage=VAE)], 1.0, 5.0, "fr"), "fr")
    assert answer.topic == "vae" and answer.area == "training"
    assert answer.shown_ids == ["fr-1"]


@pytest.mark.parametrize(
    ("text", "last", "expected"),
    [
        ("et pour les plus de 50 ans ?", "me reconvertir", "me reconvertir et pour les plus de 50 ans ?"),
        ("what about apprenticeships?", "how to fund training", "how to fund training what about apprenticeships?"),
        ("et pour les plus de 50 ans ?", None, "et pour les plus de 50 ans ?"),
        ("comment écrire un CV ?", "comment me reconvertir", "comment écrire un CV ?"),
    ],
)
def test_follow_ups_lean_on_the_last_question(text, last, expected):
    assert follow_up_query(text, last) == expected


def test_a_kind_named_in_the_question_filters_the_resources():
    assert requested_kind("avez-vous des livres sur le métier d'infirmier ?") == "book"
    assert requested_kind("do you have books on nursing?") == "book"
    assert requested_kind("une vidéo sur la VAE") == "video"
    assert requested_kind("comment livrer des colis") is None
    assert requested_kind("is there a book on nursing?") == "book"
    assert requested_kind("how do I book a course with my training account?") is None  # the verb


def test_the_gate_is_monotonic_and_can_be_raised():
    gate = AnswerGate(intercept=-5, weights={"similarity": 8, "coverage": 2, "bm25": 0.1}, threshold=0.5, may_help=0.2)
    weak = Retrieval([result("a")], coverage=0.2, top_bm25=1.0, query_lang="fr")
    strong = Retrieval([result("a")], coverage=1.0, top_bm25=8.0, query_lang="fr")
    assert gate.probability(strong) > gate.probability(weak)
    assert gate.trusts(strong) and not gate.trusts(weak)
    assert not gate.trusts(strong, at_least=0.999)
    assert not gate.trusts(Retrieval([], 1.0, 9.0, "fr"))


def test_the_gate_has_a_middle_tier_between_its_two_bars():
    gate = AnswerGate(intercept=-5, weights={"coverage": 10}, threshold=0.8, may_help=0.3)
    sure = Retrieval([result("a")], coverage=0.8, top_bm25=1.0, query_lang="fr")  # p = 0.95
    plausible = Retrieval([result("a")], coverage=0.5, top_bm25=1.0, query_lang="fr")  # p = 0.5
    unlikely = Retrieval([result("a")], coverage=0.2, top_bm25=1.0, query_lang="fr")  # p = 0.05
    assert gate.verdict(sure) is Verdict.SURE
    assert gate.verdict(plausible) is Verdict.MAY_HELP
    assert gate.verdict(unlikely) is Verdict.NONE
    assert gate.verdict(Retrieval([], 1.0, 9.0, "fr")) is Verdict.NONE
    # the classifier's off-topic confidence is a floor on showing anything at all
    assert gate.verdict(plausible, at_least=0.6) is Verdict.NONE
    assert gate.verdict(sure, at_least=0.6) is Verdict.SURE


def test_the_shipped_gate_reads_its_two_bars():
    gate = answer_gate()
    assert 0.0 < gate.may_help <= gate.threshold < 1.0


def test_the_classifier_s_doubt_raises_the_bar():
    assert required_probability({"name": "ask_question", "confidence": 0.5}) == 0.0  # the gate's own threshold
    assert required_probability({"name": "out_of_scope", "confidence": 0.7}) == 0.7  # to be outweighed
    # a message the classifier could not place meets the gate's own bars: retrieval before giving up
    assert required_probability({"name": "nlu_fallback", "confidence": 0.45}) == 0.0


@pytest.mark.parametrize("text", ["cv pour job etudiant ?", "I search travail in restaurant", "kom devenir infirmiere"])
def test_a_message_with_content_words_is_searched(text):
    assert carries_content(text)


@pytest.mark.parametrize("text", ["", "et ?", "ok", "?!", "what?"])
def test_a_message_without_content_words_is_not(text):
    assert not carries_content(text)


def test_the_classifier_s_off_topic_belief_weighs_against_showing_resources():
    gate = AnswerGate(intercept=-5, weights={"coverage": 10, "off_topic": -6}, threshold=0.8, may_help=0.3)
    sure = Retrieval([result("a")], coverage=0.8, top_bm25=1.0, query_lang="fr")
    assert gate.verdict(sure) is Verdict.SURE
    assert gate.verdict(sure, off_topic=0.9) is Verdict.NONE
    ranking = [{"name": "ask_question", "confidence": 0.7}, {"name": "out_of_scope", "confidence": 0.2}]
    assert off_topic_belief({"intent_ranking": ranking}) == 0.2
    assert off_topic_belief({"intent_ranking": ranking[:1]}) == 0.0  # left out of the ranking: unlikely
    assert off_topic_belief({}) == 0.0


def test_each_resource_says_where_a_visitor_of_any_centre_finds_it():
    shelved = dataclasses.replace(result("sheet-own"), centre="rivemont")
    network_sheet = result("sheet-network")  # written by the network: no shelf in every centre
    network_site = dataclasses.replace(result("site-network"), where="https://eures.europa.eu")
    leaflet = dataclasses.replace(result("leaflet-cpf"), source="centres/rivemont/pdf/leaflet-cpf.pdf")
    assert where_to_find(shelved) == "Rayon B1"
    desk = where_to_find(leaflet).removesuffix("/resources/leaflet-cpf.pdf")
    assert desk.startswith("http") and "/resources/" not in desk
    assert where_to_find(network_sheet) == f"{desk}/resources/sheet-network.html"
    assert where_to_find(network_site) == "https://eures.europa.eu"
