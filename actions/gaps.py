"""Knowledge gaps, the action server's side: a question the answer gate refused or only answered with
"may help" is sent to the desk, where counsellors see such questions grouped by meaning and turn them
into resources (desk/gaps.py).

What leaves: the question redacted (`privacy.redact`, again: the channel already did), its language,
the conversation's centre, the hour (never finer), the gate's verdict and the question's dense vector
(the searcher's own, already computed for the search: no second model). No sender id, no time.
Fire-and-forget: a bounded queue drained by one daemon thread (actions/background.py), with the desk
client's short time-outs, so the visitor's answer never waits for the desk, a visitor sending refused
questions in a loop cannot start a thread per question, and a desk that is down only loses the gap.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import cache

from rasa_sdk import Tracker

from actions import settings
from actions.answers import Verdict
from actions.background import BackgroundQueue
from actions.centre import centre_of
from actions.desk_client import DeskUnavailable, desk
from actions.knowledge import knowledge
from privacy import redact

log = logging.getLogger(__name__)
MAX_CHARS = 2000  # the desk's bound on a gap's text
BACKLOG = 200  # reports waiting for the desk; beyond this, new ones are dropped


@cache
def _queue() -> BackgroundQueue:
    return BackgroundQueue("gap-report", BACKLOG)


def gap_body(text: str, language: str, centre: str, verdict: Verdict, now: dt.datetime) -> dict:
    """The report, without its vector: everything the desk keeps about the question."""
    hour = now.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
    return {
        "text": redact(text)[:MAX_CHARS],
        "language": language,
        "centre": centre,
        "hour": hour.isoformat(),
        "verdict": verdict.value,
    }


def _send(text: str, language: str, centre: str, verdict: Verdict, now: dt.datetime) -> None:
    try:
        body = gap_body(text, language, centre, verdict, now)  # redacting may load its model: not in the action
        body["vector"] = [round(float(x), 6) for x in knowledge().searcher.question_vector(text)]
        desk().report_gap(body)
    except (DeskUnavailable, RuntimeError, TimeoutError, OSError) as error:
        log.warning("knowledge gap not reported: %s", error)


def report(tracker: Tracker, text: str, language: str, verdict: Verdict) -> None:
    """Report a question the gate did not answer outright, in the background."""
    if verdict is Verdict.SURE or not text.strip():
        return
    centre, now = centre_of(tracker), settings.now()
    _queue().submit(lambda: _send(text, language, centre, verdict, now))
