"""Issue 15's acceptance, bounded inputs: bad requests on the REST webhook get a clear 4xx that names the
limit, never a 5xx, and do not stall the other visitors.

The stall is measured inside one run, as a ratio: a visitor's turn times (p95) while attackers send bad
requests as fast as they can, against the same visitor's turn times just before.
"""

from __future__ import annotations

import json
import statistics
import threading
import time

import pytest
import requests

from deploy.stack import Stack, new_sender

pytestmark = pytest.mark.integration
TURNS = 20
ATTACKERS = 4
# A stalled event loop would multiply a visitor's p95 by far more (one unbounded request holds it for
# seconds); the bound leaves room for two busy cores shared with the attackers' own client threads.
MAX_P95_RATIO = 3.0


def deep(levels: int) -> str:
    """Metadata nested `levels` deep, as JSON text (too deep for Python's own encoder to write)."""
    return '{"level": ' * levels + '"x"' + "}" * levels


def bad_requests() -> dict[str, tuple[bytes, dict[str, str]]]:
    """Name -> (raw body, headers) of each kind of bad request."""
    as_json = {"Content-Type": "application/json"}

    def body(payload: object) -> bytes:
        return json.dumps(payload).encode()

    return {
        "empty": (b"", as_json),
        "array": (body([{"sender": "a", "message": "bonjour"}]), as_json),
        "string": (body("bonjour"), as_json),
        "two megabytes": (body({"sender": "a", "message": "a" * 2_000_000}), as_json),
        "deep metadata": (f'{{"sender": "a", "message": "b", "metadata": {deep(40)}}}'.encode(), as_json),
        "very deep metadata": (f'{{"sender": "a", "message": "b", "metadata": {deep(5000)}}}'.encode(), as_json),
        "wide metadata": (body({"sender": "a", "message": "b", "metadata": {str(i): i for i in range(500)}}), as_json),
        "long metadata text": (body({"sender": "a", "message": "b", "metadata": {"page": "é" * 5000}}), as_json),
        "binary": (bytes(range(256)) * 8, {"Content-Type": "application/octet-stream"}),
        "invalid UTF-8": (b'{"sender": "a", "message": "\xff\xfe caf\xe9"}', as_json),
        "no sender": (body({"message": "bonjour"}), as_json),
        "metadata not an object": (body({"sender": "a", "message": "b", "metadata": [1, 2]}), as_json),
    }


EXPECTED_LIMIT = {
    "two megabytes": "CDM_RASA_MAX_BODY_BYTES",
    "deep metadata": "CDM_RASA_MAX_METADATA_DEPTH",
    "wide metadata": "CDM_RASA_MAX_METADATA_LEAVES",
    "long metadata text": "CDM_RASA_MAX_METADATA_CHARS",
}


def post(stack: Stack, raw: bytes, headers: dict[str, str]) -> requests.Response:
    return requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", data=raw, headers=headers, timeout=60)


@pytest.mark.parametrize("kind", list(bad_requests()))
def test_each_bad_request_gets_a_clear_4xx(stack: Stack, kind: str):
    raw, headers = bad_requests()[kind]
    response = post(stack, raw, headers)
    assert 400 <= response.status_code < 500, f"{kind}: {response.status_code} {response.text[:300]}"
    answer = response.json()
    assert answer["error"], answer
    if kind in EXPECTED_LIMIT:
        assert answer["limit"] == EXPECTED_LIMIT[kind] and isinstance(answer["max"], int), answer
        assert str(answer["max"]) in answer["error"]


def test_the_bounds_still_let_a_normal_visitor_through(stack: Stack):
    reply = stack.send(new_sender(), "bonjour", {"channel": "web", "centre": "rivemont", "page": "/ateliers"})
    assert reply and all("text" in message or "custom" in message for message in reply)


def turn_times(stack: Stack, count: int) -> list[float]:
    visitor, times = new_sender(), []
    questions = ["bonjour", "je cherche une formation", "quels ateliers la semaine prochaine ?", "merci"]
    for turn in range(count):
        started = time.perf_counter()
        assert stack.send(visitor, questions[turn % len(questions)]), "the visitor got no answer"
        times.append(time.perf_counter() - started)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def test_bad_requests_do_not_stall_other_visitors(stack: Stack):
    turn_times(stack, 4)  # warm: the first turns of a conversation load what later ones reuse
    before = turn_times(stack, TURNS)
    stop, statuses = threading.Event(), []
    kinds = list(bad_requests().values())

    def attack(offset: int) -> None:
        sent = offset
        with requests.Session() as session:
            while not stop.is_set():
                raw, headers = kinds[sent % len(kinds)]
                try:
                    response = session.post(
                        f"{stack.rasa_url}/webhooks/rest/webhook", data=raw, headers=headers, timeout=60
                    )
                    statuses.append(response.status_code)
                except requests.ConnectionError:
                    statuses.append(0)  # Sanic closes the connection after refusing an oversized body
                sent += 1

    attackers = [threading.Thread(target=attack, args=(i,)) for i in range(ATTACKERS)]
    for thread in attackers:
        thread.start()
    try:
        during = turn_times(stack, TURNS)
    finally:
        stop.set()
        for thread in attackers:
            thread.join(timeout=60)
    served = [status for status in statuses if status]
    assert len(statuses) >= 10 * TURNS, f"the attack was too feeble to prove anything ({len(statuses)} requests)"
    assert all(400 <= status < 500 for status in served), sorted(set(served))
    ratio = p95(during) / p95(before)
    print(f"p95 {p95(before) * 1000:.0f} ms, under attack {p95(during) * 1000:.0f} ms ({len(statuses)} requests)")
    assert ratio <= MAX_P95_RATIO, f"p95 {ratio:.1f} times higher under attack"
