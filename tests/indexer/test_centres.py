"""One index, several centres: each query returns only the asking centre's records and the network's,
the centre's own first among comparably relevant ones; workshops come from the centre's calendar only."""

from __future__ import annotations

from datetime import datetime

import pytest

from common.centres import NETWORK, centre_ids
from indexer.evaluate import load_questions
from indexer.search import Searcher
from indexer.workshops import WorkshopFinder
from tests.indexer.conftest import REPO_ROOT

DEV = REPO_ROOT / "tests" / "data" / "dev_questions.yml"
MONDAY = datetime.fromisoformat("2026-12-07T09:00:00+01:00")


def test_every_record_carries_its_centre(shipped_searcher: Searcher) -> None:
    owners = {str(owner) for owner in shipped_searcher.generation.resource_centre}
    assert owners == {*centre_ids(), NETWORK}
    by_id = {resource["id"]: resource["centre"] for resource in shipped_searcher.generation.resources}
    assert by_id["sheet-soudeur-fr"] == NETWORK and by_id["partner-france-travail-fr"] == "rivemont"
    assert all(data["centre"] in centre_ids() for data, _ in shipped_searcher.generation.series)


@pytest.mark.parametrize("centre", ["rivemont", "valmeuse"])
def test_a_centre_never_sees_another_centres_resources(shipped_searcher: Searcher, centre: str) -> None:
    """Over every development question, at both centres: only the centre's own or network resources."""
    for question in load_questions(DEV):
        results = shipped_searcher.search(question.text, 10, centre=centre)
        assert results, question.text
        strangers = [(result.id, result.centre) for result in results if result.centre not in (centre, NETWORK)]
        assert not strangers, (question.text, strangers)


def test_the_same_question_finds_each_centres_own_service(shipped_searcher: Searcher) -> None:
    question = "comment m'inscrire comme demandeur d'emploi ?"
    at_rivemont = shipped_searcher.search(question, 3, centre="rivemont")
    at_valmeuse = shipped_searcher.search(question, 3, centre="valmeuse")
    assert at_rivemont[0].centre == "rivemont" and "france-travail" in at_rivemont[0].id
    assert at_valmeuse[0].centre == "valmeuse" and "forem" in at_valmeuse[0].id


def test_the_centres_own_resource_outranks_a_comparable_network_one(shipped_searcher: Searcher) -> None:
    """Within `own_centre_bonus` of a network resource, the centre's own comes first; a clearly better
    network resource keeps the lead; another centre's preference does not apply."""
    generation = shipped_searcher.generation
    own = int(next(i for i, owner in enumerate(generation.resource_centre) if owner == "rivemont"))
    network = int(next(i for i, owner in enumerate(generation.resource_centre) if owner == NETWORK))
    near = 1.0 - shipped_searcher.tuning.own_centre_bonus / 2
    far = 1.0 - shipped_searcher.tuning.own_centre_bonus * 2
    prefer = shipped_searcher.prefer_own
    assert [index for index, _ in prefer([(network, 1.0), (own, near)], generation, "rivemont")] == [own, network]
    assert [index for index, _ in prefer([(network, 1.0), (own, far)], generation, "rivemont")] == [network, own]
    assert [index for index, _ in prefer([(network, 1.0), (own, near)], generation, "valmeuse")] == [network, own]


def test_workshops_come_from_the_centres_calendar_only(shipped_searcher: Searcher) -> None:
    finder = WorkshopFinder(shipped_searcher)
    own_series = {
        centre: {data["uid"] for data, _ in shipped_searcher.generation.series if data["centre"] == centre}
        for centre in centre_ids()
    }
    for centre in centre_ids():
        found = finder.find("atelier", MONDAY, 20, centre=centre)
        assert found, centre
        assert {result.series_uid for result in found} <= own_series[centre]
        sessions = finder.sessions(MONDAY, MONDAY.replace(day=21), centre=centre)
        assert sessions and {session.series_uid for session in sessions} <= own_series[centre]
