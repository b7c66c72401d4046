"""The bot's side of the handoff without the desk: codes as typed, the summary, the texts about when to
come, and what the visitor is told when the desk cannot be reached (a real refused connection)."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from rasa_sdk import Tracker

from actions import desk_client
from actions.desk_client import Opening, Ticket, TicketStatus
from actions.handoff import (
    ActionCheckTicket,
    ActionRequestCounsellor,
    channel_of,
    route,
    status_reply,
    ticket_message,
)
from actions.messages import render
from actions.summary import Turn, need_summary, transcript, visitor_turns
from actions.ticket_code import ALPHABET, find_code, normalize
from common.site import load_site
from tests.actions.helpers import run

SITE = load_site()
PARIS = SITE.timezone


@pytest.mark.parametrize(
    ("typed", "code"),
    [("K7M4", "K7M4"), ("k7-m4", "K7M4"), ("K7 M4", "K7M4"), (" hx3p ", "HX3P"), ("K7-42", "K742")],
)
def test_codes_are_normalised_as_typed(typed: str, code: str):
    assert normalize(typed) == code


@pytest.mark.parametrize("typed", ["K0M4", "KOM4", "K1M4", "KIM4", "K7M", "K7M44", "", None, 42])
def test_what_cannot_be_a_code_is_refused(typed: object):
    assert normalize(typed) is None


def test_the_alphabet_has_no_lookalikes():
    assert not set("01OI") & set(ALPHABET)
    assert len(ALPHABET) == 32


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("où en est mon ticket k7-m4 ?", "K7M4"),
        ("my code is K7 M4", "K7M4"),
        ("j'ai le code CASE", "CASE"),
        ("où en est gs-qc ?", "GSQC"),
        ("gsqc", "GSQC"),
        ("what is my code", None),
        ("je suis arrivé à 9h45", None),
        ("mon code", None),
    ],
)
def test_codes_are_found_in_free_text(text: str, code: str | None):
    assert find_code(text) == code


def _tracker(events: list[dict], slots: dict | None = None, latest: dict | None = None) -> Tracker:
    latest = latest or {"text": "", "intent": {"name": "request_counsellor"}, "entities": []}
    return Tracker("visitor-1", slots or {}, latest, events, False, None, {}, "action_listen")


def _user(text: str, intent: str, channel: str | None = None) -> dict:
    event = {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}
    if channel:
        event["metadata"] = {"channel": channel}
    return event


def test_the_channel_comes_from_the_widget_metadata():
    assert channel_of(_tracker([_user("bonjour", "greet", "kiosk"), _user("un conseiller", "request_counsellor")])) == (
        "kiosk"
    )
    assert channel_of(_tracker([_user("bonjour", "greet")])) == "web"
    assert channel_of(_tracker([_user("bonjour", "greet", "fax")])) == "web"


def test_routing_by_topic_and_urgency():
    assert route("vae", urgent=False) == ("vae", "training")
    assert route(None, urgent=True) == ("work_wellbeing", "career_change")
    assert route(None, urgent=False) == (None, "orientation")


def test_a_wrong_default_area_is_named(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CDM_HANDOFF_DEFAULT_AREA", "reception")
    with pytest.raises(ValueError, match="CDM_HANDOFF_DEFAULT_AREA='reception'"):
        route(None, urgent=False)


def test_the_summary_quotes_the_visitor_redacted_and_skips_small_talk():
    turns = [
        Turn("bonjour", "greet"),
        Turn("Je m'appelle Jeanne Dupont, mon numéro est 06 12 34 56 78", "out_of_scope"),
        Turn("comment financer une formation de cariste à Lyon avec mon CPF ?", "ask_question"),
        Turn("merci", "thank"),
        Turn("je veux voir un conseiller", "request_counsellor"),
    ]
    summary = need_summary(turns, "training_funding", None, "fr")
    assert summary.startswith("Sujet : Financer sa formation (CPF, aides).")
    assert "« Je m'appelle [NAME], mon numéro est [PHONE] »" in summary
    assert "cariste à Lyon avec mon CPF" in summary
    assert "Jeanne" not in summary and "06 12" not in summary
    assert "bonjour" not in summary and "voir un conseiller" not in summary


def test_the_summary_without_any_detail_says_so():
    summary = need_summary([Turn("un humain svp", "request_counsellor")], None, None, "en")
    assert summary == "Asked to talk to a counsellor, without saying more."


def test_the_last_question_comes_first_and_quotes_are_bounded():
    long = "je cherche une formation " + "vraiment " * 80 + "longue"
    summary = need_summary([Turn(long, "ask_question")], None, "devenir électricien", "fr")
    assert summary.index("devenir électricien") < summary.index("je cherche")
    assert len(summary) < 600 and "…" in summary


def test_the_transcript_is_the_current_session_redacted():
    events = [
        _user("ancienne conversation de Paul Martin", "ask_question"),
        {"event": "session_started"},
        _user("mon email est jeanne.dupont@example.org", "ask_question"),
        {"event": "bot", "text": "Voici ce que j'ai trouvé."},
        _user("/request_counsellor", "request_counsellor"),
    ]
    track = _tracker(events)
    assert transcript(track) == [
        {"who": "visitor", "text": "mon email est [EMAIL]"},
        {"who": "bot", "text": "Voici ce que j'ai trouvé."},
    ]
    assert [turn.text for turn in visitor_turns(track)] == ["mon email est jeanne.dupont@example.org"]


def _ticket(**opening) -> Ticket:
    return Ticket("K7M4", "secret", "training", "Pôle Formation, 1er étage", 12, 2, "in_person", Opening(**opening))


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_open_with_time_to_spare_says_go_now():
    key, values = ticket_message(
        _ticket(open_now=True, closes_at="2026-12-22T18:00:00+01:00", next_opening=None),
        SITE,
        _at("2026-12-22T15:00:00+01:00"),
        "fr",
    )
    text, _ = render(key, "fr", **values)
    assert key == "handoff_in_person"
    assert "K7M4" in text and "Pôle Formation, 1er étage" in text and "environ 12 min" in text


def test_closing_soon_says_when_to_come_back_with_the_code():
    # Friday 18 December 2026, 17:40: the centre closes at 18:00 and opens Saturday at 10:00.
    key, values = ticket_message(
        _ticket(open_now=True, closes_at="2026-12-18T18:00:00+01:00", next_opening=None),
        SITE,
        _at("2026-12-18T17:40:00+01:00"),
        "en",
    )
    text, _ = render(key, "en", **values)
    assert key == "handoff_closing_soon"
    assert "we close in 20 minutes (18:00)" in text
    assert "come back tomorrow from 10:00 with this code" in text


def test_closed_says_which_day_to_come():
    # Christmas Day 2026 (a Friday, closed), then the year-end closure of site.yml on Saturday.
    key, values = ticket_message(
        _ticket(open_now=False, closes_at=None, next_opening=None), SITE, _at("2026-12-25T11:00:00+01:00"), "fr"
    )
    text, _ = render(key, "fr", **values)
    assert key == "handoff_closed"
    assert "Venez le lundi 28 décembre à partir de 09:30 avec ce code : K7M4" in text


def test_a_waiting_code_while_closed_is_told_when_to_come():
    status = TicketStatus("K7M4", "waiting", 3, 1500, None)
    key, values = status_reply(status, SITE, _at("2026-12-18T19:00:00+01:00"), "en")
    assert render(key, "en", **values)[0] == (
        "Code K7M4 is in the queue (place: 3). We are closed at the moment: come tomorrow from 10:00 with this code."
    )
    key, values = status_reply(status, SITE, _at("2026-12-18T11:00:00+01:00"), "fr")
    assert render(key, "fr", **values)[0] == "Le code K7M4 est dans la file (place : 3), attente : environ 1500 min."


def test_an_empty_queue_is_not_a_wait_of_zero_minutes():
    status = TicketStatus("K7M4", "waiting", 1, 0, None)
    key, values = status_reply(status, SITE, _at("2026-12-18T11:00:00+01:00"), "en")
    assert render(key, "en", **values)[0] == "Code K7M4 is in the queue (place: 1), wait: you are next or nearly."


def test_a_called_code_says_which_desk():
    key, values = status_reply(TicketStatus("K7M4", "called", 0, 0, "3"), SITE, _at("2026-12-18T11:00:00+01:00"), "fr")
    assert render(key, "fr", **values)[0] == "C'est votre tour : le code K7M4 a été appelé. Présentez-vous au bureau 3."
    key, values = status_reply(TicketStatus("K7M4", "called", 0, 0, None), SITE, _at("2026-12-18T11:00:00+01:00"), "en")
    assert key == "ticket_called_no_desk"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_desk(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CDM_DESK_URL", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("CDM_DESK_SERVICE_TOKEN", "test-token")
    desk_client.desk.cache_clear()
    yield
    desk_client.desk.cache_clear()


def test_an_unreachable_desk_still_tells_where_to_go(unreachable_desk):
    track = _tracker(
        [_user("je veux voir un conseiller pour ma VAE", "request_counsellor")],
        latest={
            "text": "je veux voir un conseiller pour ma VAE",
            "intent": {"name": "request_counsellor"},
            "entities": [{"entity": "topic", "value": "vae"}],
        },
    )
    messages, events = run(ActionRequestCounsellor(), track)
    assert events == []
    assert not any((m.get("custom") or {}).get("type") == "handoff" for m in messages)
    text = messages[0]["text"]
    assert "Je n'arrive pas à obtenir un code" in text and SITE.text(SITE.areas["training"], "fr") in text
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/request_counsellor"]


def test_an_unreachable_desk_cannot_check_a_code(unreachable_desk):
    track = _tracker(
        [], latest={"text": "où en est k7-m4", "intent": {"name": "check_ticket"}, "entities": []}, slots={}
    )
    messages, _ = run(ActionCheckTicket(), track)
    assert "Je ne peux pas vérifier le code K7M4" in messages[0]["text"]


def test_no_code_at_all_asks_for_it(unreachable_desk):
    track = _tracker([], latest={"text": "où en est mon ticket", "intent": {"name": "check_ticket"}, "entities": []})
    messages, _ = run(ActionCheckTicket(), track)
    assert "Quel est votre code ?" in messages[0]["text"]
