"""Safety and privacy through the real Rasa server and action server (the session stack, in-memory store).

- Distress: messages in crisis get the emergency numbers in the first reply, including messages the
  intent classifier files elsewhere (the lexicon safety net, bot/components/distress_safety_net.py);
  everyday hyperbole does not.
- "efface tout" leaves no trace of the conversation in any Rasa API route.
- "vous gardez quoi sur moi ?" gets the privacy note.
"""

from __future__ import annotations

import json

import pytest
import requests

from common.site import load_site
from deploy.stack import Stack, new_sender

pytestmark = pytest.mark.integration
SITE = load_site()

# The classifier files each of these under another intent (checked below, through the parse result's
# `distress_lexicon.classifier_intent`): the lexicon is what gets them the numbers.
MISSED_BY_THE_CLASSIFIER = {
    "fr": [
        "bonjour je cherche une formation en comptabilité mais honnêtement j'ai des idées noires en ce moment",
        "vous avez des ateliers CV cette semaine ? sinon je vais me foutre en l'air",
        "vous ouvrez a quelle heure demain, j'en peux plus de mon boulot",
        "mon fils de 16 ans se scarifie depuis qu'il a raté son bac, il peut venir ?",
        "faut prendre rdv pour parler de mes idees suicidaires",
    ],
    "en": [
        "what are your opening hours? I've been self-harming again",
        "is it free? I just want to end it all honestly",
        "can I come without appointment, my partner hits me and I need a job to leave",
        "where are you located? I wish I was dead",
        "do you have workshops on interviews, I can't cope anymore",
    ],
}
# Typos and SMS spelling that the lexicon tolerates.
MISSPELT = ["g envi de mourrir", "je pense au suiside", "i'm being harrassed by a colleague"]
CLEAN = [
    "je veux en finir avec mon CV",
    "ce stage me tue de rire",
    "mon CV est à mourir de rire",
    "je craque pour ce métier",
    "the deadline is killing me haha",
    "I'm dying to start my apprenticeship",
]


def parse(stack: Stack, text: str) -> dict:
    response = stack.api("POST", "/model/parse", json={"text": text})
    response.raise_for_status()
    return response.json()


def emergency_payloads(messages: list[dict]) -> list[dict]:
    return [m["custom"] for m in messages if (m.get("custom") or {}).get("type") == "emergency"]


def check_first_reply_has_the_numbers(stack: Stack, text: str) -> None:
    reply = stack.send(new_sender(), text)
    payloads = emergency_payloads(reply)
    assert payloads, f"no emergency numbers for {text!r}: {reply}"
    assert [n["number"] for n in payloads[0]["numbers"]] == [item.number for item in SITE.emergency_numbers]


@pytest.mark.parametrize("text", [*MISSED_BY_THE_CLASSIFIER["fr"], *MISSED_BY_THE_CLASSIFIER["en"], *MISSPELT])
def test_distress_gets_the_emergency_numbers_in_the_first_reply(stack: Stack, text: str):
    check_first_reply_has_the_numbers(stack, text)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_safety_net_is_what_catches_these(stack: Stack, lang: str):
    """Keeps the test above honest: these messages are ones the classifier alone gets wrong."""
    for text in MISSED_BY_THE_CLASSIFIER[lang]:
        result = parse(stack, text)
        assert result["intent"]["name"] == "express_distress"
        assert result["distress_lexicon"]["classifier_intent"] != "express_distress", text


@pytest.mark.parametrize("text", CLEAN)
def test_everyday_hyperbole_gets_no_emergency_numbers(stack: Stack, text: str):
    assert parse(stack, text)["intent"]["name"] != "express_distress"
    assert not emergency_payloads(stack.send(new_sender(), text))


def rasa_api_views(stack: Stack, visitor: str) -> dict[str, str]:
    """Everything the Rasa HTTP API can say about one conversation, as text."""
    base = f"/conversations/{visitor}"
    views = {}
    for include in ("ALL", "AFTER_RESTART", "APPLIED", "NONE"):
        response = stack.api("GET", f"{base}/tracker", params={"include_events": include})
        response.raise_for_status()
        views[f"tracker {include}"] = json.dumps(response.json(), ensure_ascii=False)
    response = stack.api("GET", f"{base}/story", params={"all_sessions": "true"})
    response.raise_for_status()
    views["story"] = response.text
    return views


@pytest.mark.parametrize(
    ("lang", "said", "erase", "confirmation"),
    [
        (
            "fr",
            ["bonjour", "je suis apicultrice et je cherche une reconversion en zythologie", "c'est gratuit ?"],
            "efface tout",
            "cette conversation a été effacée",
        ),
        (
            "en",
            ["hello", "I am a beekeeper looking to retrain in zythology", "is it free?"],
            "start over and forget what I said",
            "this conversation has been erased",
        ),
    ],
)
def test_end_session_leaves_no_trace_in_the_rasa_api(stack: Stack, lang, said, erase, confirmation):
    visitor = new_sender()
    for text in said:
        stack.send(visitor, text)
    before = rasa_api_views(stack, visitor)
    assert "zytholog" in before["tracker ALL"] and "zytholog" in before["story"]  # kept until then

    reply = stack.send(visitor, erase)
    assert confirmation in " ".join(m.get("text") or "" for m in reply)

    for view, text in rasa_api_views(stack, visitor).items():
        for word in ("zytholog", said[0], said[2], erase, confirmation):
            assert word not in text, f"{word!r} still in {view}"
    # the conversation goes on, in the same language, from a clean slate
    after = stack.send(visitor, said[2])
    assert after and "zytholog" not in rasa_api_views(stack, visitor)["tracker ALL"]


@pytest.mark.parametrize(
    ("first", "question", "note"),
    [
        ("c'est gratuit ?", "et vous gardez quoi sur moi ?", "Je ne vous demande jamais qui vous êtes"),
        ("do I need an appointment?", "what do you keep about me?", "I never ask who you are"),
    ],
)
def test_what_is_kept_is_a_follow_up_of_the_access_conditions(stack: Stack, first, question, note):
    visitor = new_sender()
    access = " ".join(m.get("text") or "" for m in stack.send(visitor, first))
    assert note not in access
    reply = stack.send(visitor, question)
    assert note in " ".join(m.get("text") or "" for m in reply)
    assert "/end_session" in [b["payload"] for m in reply for b in m.get("buttons") or []]


class SocketIOVisitor:
    """A socket.io visitor over Engine.IO v4 long-polling, with nothing but HTTP requests (no client
    library in the test environment): connect, ask for a session, say something, read the replies."""

    def __init__(self, rasa_url: str) -> None:
        self.url = f"{rasa_url}/socket.io/"
        self.http = requests.Session()
        opening = self.http.get(self.url, params={"EIO": "4", "transport": "polling"}, timeout=30).text
        self.sid = json.loads(opening[opening.index("{") :])["sid"]
        self.post("40")
        self.packets()

    def post(self, packet: str) -> None:
        params = {"EIO": "4", "transport": "polling", "sid": self.sid}
        self.http.post(self.url, params=params, data=packet.encode(), timeout=30).raise_for_status()

    def packets(self) -> list[str]:
        params = {"EIO": "4", "transport": "polling", "sid": self.sid}
        return self.http.get(self.url, params=params, timeout=60).text.split("\x1e")

    def emit(self, event: str, data: dict) -> None:
        self.post("42" + json.dumps([event, data]))

    def events(self, name: str, wanted: int = 1) -> list:
        found: list = []
        self.seen: list[str] = []
        for _ in range(4):  # each poll waits at most the server's ping interval (25 s)
            for packet in self.packets():
                self.seen.append(packet[:300])
                if packet == "2":
                    self.post("3")  # the server's ping: answer it or the session is dropped
                elif packet.startswith("42"):
                    event, *args = json.loads(packet[2:])
                    found.extend(args if event == name else [])
            if len(found) >= wanted:
                break
        return found


def test_the_socketio_channel_redacts_too(stack: Stack):
    visitor = SocketIOVisitor(stack.rasa_url)
    session_id = new_sender()
    visitor.emit("session_request", {"session_id": session_id})
    assert visitor.events("session_confirm") == [session_id]
    visitor.emit(
        "user_uttered",
        {"message": "bonjour, je m'appelle Ysaline Kervadec, 06 47 29 81 36", "session_id": session_id},
    )
    assert visitor.events("bot_uttered"), visitor.seen  # the bot answered over socket.io
    tracker = stack.tracker(session_id, include_events="ALL")
    said = [event["text"] for event in tracker["events"] if event["event"] == "user"]
    assert said == ["bonjour, je m'appelle [NAME], [PHONE]"]


def test_a_question_word_after_cest_is_no_name(stack: Stack):
    """Everyday French ("c'est quoi ..."): redacted as "c'est [NAME] un cv" it got the anonymity note."""
    visitor = new_sender()
    replies = "\n".join(m.get("text") or "" for m in stack.send(visitor, "c'est quoi un cv de competences ?"))
    tracker = stack.tracker(visitor, include_events="ALL")
    said = [event["text"] for event in tracker["events"] if event["event"] == "user"]
    assert said == ["c'est quoi un cv de competences ?"]
    assert "Pas besoin de me donner votre nom" not in replies
