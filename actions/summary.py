"""What a counsellor reads before the visitor arrives: a short summary of the need and the transcript.

Both are built only from redacted text (`privacy.redact`), since they are stored by the desk and shown
to a person. The summary is extractive: the topic's label (saying when it is the main question's) and
at most two of the visitor's own sentences, the main question first; nothing is generated, so nothing is
invented about the visitor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasa_sdk import Tracker

from actions.history import session_events
from actions.messages import text as phrase
from common.languages import DEFAULT, STAFF
from common.topics import load_taxonomy
from privacy import redact
from privacy.placeholders import only_personal_data

# Messages that say nothing about the need ("bonjour", "oui", a request for a person with no detail).
NOT_ABOUT_THE_NEED = {
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "bot_challenge",
    "change_language",
    "end_session",
    "check_ticket",
}
MAX_QUOTES = 2
MAX_QUOTE_CHARS = 240
# Requests for a person with this few words carry no detail worth quoting ("un humain svp").
MIN_WORDS_OF_A_REQUEST = 8
MAX_TRANSCRIPT_ENTRIES = 60
MAX_TRANSCRIPT_TEXT_CHARS = 2000


@dataclass(frozen=True)
class Turn:
    text: str
    intent: str | None


def _typed(text: object) -> str:
    """The visitor's typed text, or '' for a button payload ("/request_counsellor")."""
    text = (text if isinstance(text, str) else "").strip()
    return "" if text.startswith("/") else text


def visitor_turns(tracker: Tracker) -> list[Turn]:
    """What the visitor typed in this session, in order (raw: redact before storing or showing)."""
    turns = []
    for event in session_events(tracker):
        if event.get("event") == "user":
            text = _typed(event.get("text"))
            if text:
                turns.append(Turn(text, ((event.get("parse_data") or {}).get("intent") or {}).get("name")))
    return turns


def shorten(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _about_the_need(turn: Turn) -> bool:
    if turn.intent in NOT_ABOUT_THE_NEED or only_personal_data(turn.text):
        return False
    if turn.intent == "request_counsellor":
        return len(turn.text.split()) >= MIN_WORDS_OF_A_REQUEST
    return True


def need_summary(
    turns: list[Turn], topic: str | None, last_query: str | None, lang: str, *, from_main_question: bool = False
) -> str:
    """One to three sentences: the topic (and, in the same line, that it is the main question's when it
    is), then the visitor's question and latest detail, redacted."""
    lang = lang if lang in STAFF else DEFAULT  # for the counsellor: in a language of the staff pages
    sentences = []
    if topic is not None:
        label = load_taxonomy().label(topic, lang)
        if from_main_question:
            label += phrase("summary_main_question", lang)
        sentences.append(phrase("summary_topic", lang, label=label))
    quotes: list[str] = []
    candidates = [turn.text for turn in reversed(turns) if _about_the_need(turn)]
    if isinstance(last_query, str) and last_query.strip() and not last_query.startswith("/"):
        candidates.insert(0, last_query)
    for text in candidates:
        quote = shorten(redact(text))
        if quote and quote not in quotes:
            quotes.append(quote)
        if len(quotes) == MAX_QUOTES:
            break
    for quote in quotes:
        sentences.append(phrase("summary_visitor", lang, quote=quote))
    if not quotes:
        sentences.append(phrase("summary_nothing_more", lang))
    return " ".join(sentences)


def transcript(tracker: Tracker) -> list[dict[str, str]]:
    """The session's exchange, visitor text redacted, at most the last MAX_TRANSCRIPT_ENTRIES entries."""
    entries = []
    for event in session_events(tracker):
        kind = event.get("event")
        if kind == "user":
            text = _typed(event.get("text"))
            if text:
                entries.append({"who": "visitor", "text": redact(text[:MAX_TRANSCRIPT_TEXT_CHARS])})
        elif kind == "bot" and event.get("text"):
            entries.append({"who": "bot", "text": str(event["text"])[:MAX_TRANSCRIPT_TEXT_CHARS]})
    return entries[-MAX_TRANSCRIPT_ENTRIES:]
