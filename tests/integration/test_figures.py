"""Issue 16's acceptance on figures, through the real stack (Rasa, action server, desk): conversations
full of personal data leave none of it in the figures, and known conversations give exact counts.

The action server reports in the background, so each test waits until the counts it expects arrive
(bounded), then reads the desk's `figure_counts` table directly, as an auditor would.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections import Counter

import pytest

from deploy.stack import Stack, new_sender
from tests.integration.test_no_personal_data_kept import CONVERSATIONS, METADATA

pytestmark = pytest.mark.integration
WAIT_S = 30
HELPED_YES = '/give_feedback{"helped": "yes"}'
NEXT_APPLY = '/give_feedback{"next_step": "apply"}'


def rows(stack: Stack) -> list[tuple]:
    assert stack.desk_dir is not None, "the session stack runs the desk"
    with sqlite3.connect(stack.desk_dir / "desk.sqlite3") as connection:
        return connection.execute("SELECT * FROM figure_counts").fetchall()


def counts(stack: Stack) -> Counter:
    """Every counter summed over hours: (dimension, value) -> count."""
    total: Counter = Counter()
    for _id, _centre, _hour, dimension, value, count in rows(stack):
        total[(dimension, value)] += count
    return total


def wait_for(stack: Stack, before: Counter, expected: dict[tuple[str, str], int]) -> Counter:
    """The counts once every expected increase has arrived (or the last reading after WAIT_S)."""
    deadline = time.monotonic() + WAIT_S
    while True:
        now = counts(stack)
        if all(now[key] - before[key] >= n for key, n in expected.items()) or time.monotonic() > deadline:
            return now
        time.sleep(0.3)


def test_no_typed_string_and_no_sender_id_in_the_figures(stack: Stack) -> None:
    senders = []
    before = counts(stack)
    for messages in CONVERSATIONS.values():
        sender = new_sender()
        senders.append(sender)
        for message in [*messages, "merci, au revoir", HELPED_YES, NEXT_APPLY]:
            stack.send(sender, message, metadata=METADATA)
    after = wait_for(stack, before, {("channel", "web"): 2, ("helped", "yes"): 2, ("next_step", "apply"): 2})
    assert after[("helped", "yes")] - before[("helped", "yes")] == 2, "the conversations were not counted"

    stored = "\n".join(" ".join(str(cell) for cell in row) for row in rows(stack)).lower()
    typed = [message for messages in CONVERSATIONS.values() for message in messages]
    words = {word.lower() for message in typed for word in re.findall(r"[^\W_]{3,}", message)}
    found = [text for text in [*typed, *senders] if text.lower() in stored]
    # A word is a leak when it is a whole stored token (a short one, "mon", is part of "rivemont"), or
    # anywhere in the store when it is long enough to mean something on its own.
    tokens = set(re.findall(r"[^\W_]+", stored))
    found += [word for word in words if word in tokens or (len(word) >= 6 and word in stored)]
    assert not found, f"typed text or a sender id in the figures: {found}"
    # Nothing finer than the hour: every stored time is on the hour.
    assert all(re.search(r"\d{2}:00:00(\.0+)?$", str(row[2])) for row in rows(stack))


def test_known_conversations_give_exact_counts(stack: Stack) -> None:
    before = counts(stack)
    web, kiosk = new_sender(), new_sender()
    stack.send(web, "/ask_opening_hours", metadata={"channel": "web"})  # a button: no language, so French
    stack.send(web, "au revoir", metadata={"channel": "web"})
    stack.send(web, HELPED_YES, metadata={"channel": "web"})
    stack.send(kiosk, "hello, how do I become an electrician?", metadata={"channel": "kiosk"})
    stack.send(kiosk, "thanks", metadata={"channel": "kiosk"})
    stack.send(kiosk, '/give_feedback{"helped": "partly"}', metadata={"channel": "kiosk"})
    stack.send(kiosk, '/give_feedback{"next_step": "workshop"}', metadata={"channel": "kiosk"})
    expected = {
        ("channel", "web"): 1,
        ("channel", "kiosk"): 1,
        ("language", "fr"): 1,
        ("language", "en"): 1,
        ("intent", "ask_opening_hours"): 1,
        ("intent", "goodbye"): 1,
        ("intent", "thank"): 1,
        ("intent", "give_feedback"): 3,
        ("helped", "yes"): 1,
        ("helped", "partly"): 1,
        ("next_step", "workshop"): 1,
    }
    after = wait_for(stack, before, expected)
    assert {key: after[key] - before[key] for key in expected} == expected
    verdicts = sum(after[("answer", v)] - before[("answer", v)] for v in ("answered", "may_help", "refused"))
    intents = {
        key: after[key] - before[key] for key in after if key[0] in ("intent", "answer") and after[key] - before[key]
    }
    assert verdicts == 1, f"the electrician question went through the answer gate once: {intents}"
