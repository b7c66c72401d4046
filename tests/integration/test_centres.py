"""Two centres from one stack (one Rasa model, one action server, one desk): the same words get each
centre's hours, areas, address and emergency numbers, its own resources and never the other centre's,
and a handoff is queued with the centre the conversation belongs to."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.centres import NETWORK
from common.site import site_of
from deploy.stack import Stack, new_sender
from indexer.store import Store, current_generation

pytestmark = pytest.mark.integration
CENTRES = ("rivemont", "valmeuse")


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def customs(messages: list[dict], kind: str) -> list[dict]:
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict) and m["custom"].get("type") == kind]


def say(stack: Stack, centre: str, text: str, sender: str | None = None) -> list[dict]:
    return stack.send(sender or new_sender(), text, metadata={"centre": centre})


def owners(index_dir: Path) -> dict[str, str]:
    generation = current_generation(index_dir)
    assert generation is not None
    with Store(generation / "meta.sqlite") as store:
        return {resource["id"]: resource["centre"] for resource in store.resources()}


def test_the_same_question_gets_each_centres_own_facts(stack: Stack) -> None:
    hours = {}
    for centre in CENTRES:
        site = site_of(centre)
        location = texts(say(stack, centre, "c'est où exactement votre adresse ?"))
        assert site.address["street"] in location, (centre, location)
        area = texts(say(stack, centre, "à quel étage est le pôle création d'entreprise ?"))
        assert site.text(site.areas["business_creation"], "fr")[:40] in area, (centre, area)
        hours[centre] = texts(say(stack, centre, "vous ouvrez quand la semaine ?"))
        other = site_of(next(c for c in CENTRES if c != centre))
        assert other.address["city"] not in location
        distress = say(stack, centre, "je veux mourir, je n'en peux plus")
        [emergency] = customs(distress, "emergency")
        assert [item["number"] for item in emergency["numbers"]] == [n.number for n in site.emergency_numbers]
    assert "20:00" in hours["valmeuse"] and "20:00" not in hours["rivemont"]  # Valmeuse's late Thursday


def test_the_centre_is_set_once_per_conversation(stack: Stack) -> None:
    """Later metadata cannot move a conversation to another centre: the first message chose it."""
    visitor = new_sender()
    say(stack, "valmeuse", "bonjour", visitor)
    location = texts(stack.send(visitor, "c'est où votre adresse ?", metadata={"centre": "rivemont"}))
    assert site_of("valmeuse").address["street"] in location
    unknown = texts(say(stack, "atlantis", "c'est où votre adresse ?"))
    assert site_of("rivemont").address["street"] in unknown  # unknown centre: the default answers


def test_a_centres_resources_never_reach_the_other_centre(stack: Stack, stack_index_dir: Path) -> None:
    owner = owners(stack_index_dir)
    questions = (
        "comment m'inscrire comme demandeur d'emploi ?",
        "je veux créer mon entreprise, qui peut m'aider ?",
        "comment faire reconnaître mon diplôme étranger ?",
        "fiche métier soudeur",
    )
    for centre in CENTRES:
        cited = [
            item["id"]
            for question in questions
            for payload in customs(say(stack, centre, question), "resources")
            for item in payload["items"]
        ]
        assert cited, centre
        assert {owner[rid] for rid in cited} <= {centre, NETWORK}, (centre, cited)
