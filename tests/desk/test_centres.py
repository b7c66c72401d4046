"""One desk, several centres: a ticket is queued with its centre's counsellors, and an account of one
centre gets 403 on another centre's tickets, transcripts, live chats and display (desk/centres.py)."""

from __future__ import annotations

import requests

from tests.desk.server import DeskServer


def test_each_centre_sees_only_its_own_queue_and_gets_403_on_the_other(desk: DeskServer) -> None:
    rivemont = desk.create_ticket(conversation_id="centres-a", summary="Bilan de compétences").json()
    valmeuse_ticket = desk.create_ticket(conversation_id="centres-b", centre="valmeuse", summary="Forem")
    assert valmeuse_ticket.status_code == 201, valmeuse_ticket.text
    valmeuse = valmeuse_ticket.json()
    # The visitor is told where to go in their own centre's building.
    assert valmeuse["where"] != rivemont["where"]

    alex, lou = desk.counsellor("alex"), desk.counsellor("lou")  # admins of rivemont and of valmeuse
    seen_by_alex = {item["code"] for item in alex.get(f"{desk.url}/api/tickets", timeout=10).json()["tickets"]}
    seen_by_lou = {item["code"] for item in lou.get(f"{desk.url}/api/tickets", timeout=10).json()["tickets"]}
    assert rivemont["code"] in seen_by_alex and valmeuse["code"] not in seen_by_alex
    assert valmeuse["code"] in seen_by_lou and rivemont["code"] not in seen_by_lou

    for who, other in ((alex, valmeuse["code"]), (lou, rivemont["code"])):
        assert who.get(f"{desk.url}/desk/api/tickets/{other}", timeout=10).status_code == 403  # transcript
        assert who.post(f"{desk.url}/desk/api/tickets/{other}/claim", timeout=10).status_code == 403
        called = who.post(f"{desk.url}/desk/api/tickets/{other}/call", json={"desk": "2"}, timeout=10)
        assert called.status_code == 403
        closed = who.post(f"{desk.url}/desk/api/tickets/{other}/close", json={"outcome": "answered"}, timeout=10)
        assert closed.status_code == 403
        message = who.post(f"{desk.url}/desk/api/tickets/{other}/messages", json={"text": "bonjour"}, timeout=10)
        assert message.status_code == 403
        events = who.get(f"{desk.url}/desk/api/tickets/{other}/events", timeout=10, stream=True)
        assert events.status_code == 403
        events.close()

    # Each still works its own ticket.
    assert lou.post(f"{desk.url}/desk/api/tickets/{valmeuse['code']}/call", json={"desk": "B"}, timeout=10).ok
    assert alex.post(f"{desk.url}/desk/api/tickets/{rivemont['code']}/call", json={"desk": "4"}, timeout=10).ok


def test_each_display_shows_only_its_centre_and_refuses_other_centres_counsellors(desk: DeskServer) -> None:
    mine = desk.create_ticket(conversation_id="display-a").json()["code"]
    theirs = desk.create_ticket(conversation_id="display-b", centre="valmeuse").json()["code"]
    alex, lou = desk.counsellor("alex"), desk.counsellor("lou")
    assert alex.post(f"{desk.url}/desk/api/tickets/{mine}/call", json={"desk": "1"}, timeout=10).ok
    assert lou.post(f"{desk.url}/desk/api/tickets/{theirs}/call", json={"desk": "9"}, timeout=10).ok

    def board(centre: str | None) -> set[str]:
        query = f"?centre={centre}" if centre else ""
        return {item["code"] for item in requests.get(f"{desk.url}/display/called{query}", timeout=10).json()["called"]}

    assert mine in board("rivemont") and theirs not in board("rivemont")
    assert theirs in board("valmeuse") and mine not in board("valmeuse")
    assert board(None) == board("rivemont") == board("nowhere")  # unknown or absent: the default centre

    page = requests.get(f"{desk.url}/display?centre=valmeuse", timeout=10)
    assert page.status_code == 200 and "Valmeuse" in page.text
    assert alex.get(f"{desk.url}/display?centre=valmeuse", timeout=10).status_code == 403
    assert alex.get(f"{desk.url}/display/called?centre=valmeuse", timeout=10).status_code == 403
    assert lou.get(f"{desk.url}/display?centre=valmeuse", timeout=10).status_code == 200
    assert lou.get(f"{desk.url}/display?centre=rivemont", timeout=10).status_code == 403


def test_a_ticket_names_a_centre_the_desk_serves(desk: DeskServer) -> None:
    assert desk.create_ticket(conversation_id="centres-x", centre="atlantis").status_code == 422
    assert desk.create_ticket(conversation_id="centres-y", centre="x" * 100).status_code == 422


def test_the_pages_take_the_centre(desk: DeskServer) -> None:
    for path in ("/", "/kiosk"):
        valmeuse = requests.get(f"{desk.url}{path}?centre=valmeuse", timeout=10).text
        assert 'data-centre="valmeuse"' in valmeuse and "Cité des métiers de Valmeuse" in valmeuse
        assert "Rivemont" not in valmeuse
        default = requests.get(f"{desk.url}{path}?centre=%3Cscript%3E", timeout=10).text
        assert (
            'data-centre="rivemont"' in default
            and "<script>" not in default.split("<body", 1)[1].split("<script src")[0]
        )
