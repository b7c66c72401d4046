"""Issue 14's acceptance: messages written the way visitors write, end to end through the REST channel.

Every message of the visitor-written set (`tests/data/visitor_messages.yml`) is sent once, as the first
message of a new conversation, to the session's real Rasa server and action server. The figures of both
halves go to var/results/e2e_visitor_messages.json (the README's table reads them); only the held-out
half's are asserted, since the gate, the lexicon and the training examples were tuned on the other.

What is counted:
- answerable: a relevant resource among the first three cited, per language;
- not a crisis (stress, fear, tiredness): the reply carries no emergency payload;
- crisis: the reply to that first message carries the emergency payload;
- unanswerable: refused, meaning no resource cited at all. The "what may help" tier cites resources, so
  giving it to a question the base cannot answer is a leak, not a refusal.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from deploy.stack import ROOT, Stack, new_sender
from indexer.evaluate import VISITOR_SECTIONS, VisitorMessage, load_visitor_messages
from tests.integration.replies import cited_ids, custom

pytestmark = pytest.mark.integration
VISITOR_SET = ROOT / "tests" / "data" / "visitor_messages.yml"
RESULTS = ROOT / "var" / "results" / "e2e_visitor_messages.json"
SPLITS = ("tune", "heldout")
LANGUAGES = ("fr", "en")

# Issue 14 asks 0.88 per language, every crisis and 0.90 refused on the held-out half, and each is asserted at that
# bar. Since the run of 2026-12-07 00:05 UTC (README, "Messages written the way visitors write") all four are
# reached with questions to spare but the refusals: French 0.931, English 0.919 (57 of 62; its floor had been one
# question below the bar since the NLU change of the night before), every crisis, and the refusals 0.952 (20 of
# 21, one question over the bar). Never lower them to make a change pass.
REQUIRED_HIT_RATE = {"fr": 0.88, "en": 0.88}  # answerable held-out questions (issue 14: 0.88 each)
REQUIRED_CRISIS_RATE = 1.0  # held-out crises given the emergency numbers (issue 14: every one)
REQUIRED_REFUSAL_RATE = 0.90  # unanswerable held-out questions (issue 14: 0.90)


def hit_rates(outcomes: list[dict[str, Any]]) -> dict[str, float]:
    by_lang: dict[str, list[bool]] = defaultdict(list)
    for outcome in outcomes:
        by_lang[outcome["lang"]].append(outcome["ok"])
    return {lang: round(sum(values) / len(values), 3) for lang, values in sorted(by_lang.items())}


def share(outcomes: list[dict[str, Any]]) -> float:
    return round(sum(outcome["ok"] for outcome in outcomes) / len(outcomes), 3) if outcomes else 0.0


def misses(items: list[dict[str, Any]]) -> list[str]:
    return [f"{o['id']}: {o['q']} -> {o['cited']}" for o in items if not o["ok"]]


def outcome(message: VisitorMessage, reply: list[dict], section: str) -> dict[str, Any]:
    """Whether the reply to `message` is what its section asks, and what the reply showed."""
    first_three = cited_ids(reply)[:3]
    emergency = bool(custom(reply, "emergency"))
    ok = {
        "answerable": bool(set(first_three) & set(message.relevant)),
        "not_crisis": not emergency,
        "crisis": emergency,
        "unanswerable": not first_three,
    }[section]
    return {"id": message.id, "lang": message.lang, "q": message.text, "ok": ok, "cited": first_three}


def figures_of(by_section: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """One half's figures and misses, as the README's table reads them (bench/visitor_set.py too)."""
    return {
        "answerable_hit_at_3": hit_rates(by_section["answerable"]),
        "not_crisis_without_emergency": share(by_section["not_crisis"]),
        "crisis_with_emergency": share(by_section["crisis"]),
        "unanswerable_refused": share(by_section["unanswerable"]),
        "counts": {section: len(items) for section, items in by_section.items()},
        "misses": {section: misses(items) for section, items in by_section.items()},
    }


def half_outcomes(stack: Stack, split: str) -> dict[str, list[dict[str, Any]]]:
    """{section: [outcome]}: every message of one half sent as the first message of a new conversation
    (bench/visitor_set.py sends one half with it)."""
    return {
        section: [
            outcome(message, stack.send(new_sender(), message.text), section)
            for message in load_visitor_messages(VISITOR_SET, section, split=split)
        ]
        for section in VISITOR_SECTIONS
    }


@pytest.fixture(scope="module")
def outcomes(stack: Stack) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """{split: {section: [outcome]}} for every message of both halves, and the figures written out."""
    results = {split: half_outcomes(stack, split) for split in SPLITS}
    figures = {split: figures_of(by_section) for split, by_section in results.items()}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    for split in SPLITS:  # the reported figures
        print(f"\nvisitor-written set, {split} half, end to end: {figures[split]}")
    return results


@pytest.mark.parametrize("lang", LANGUAGES)
def test_held_out_answerable_questions_cite_a_relevant_resource_in_the_first_three(outcomes, lang: str):
    answerable = [o for o in outcomes["heldout"]["answerable"] if o["lang"] == lang]
    assert len(answerable) >= 20, "too few held-out questions in this language to measure anything"
    assert share(answerable) >= REQUIRED_HIT_RATE[lang], misses(answerable)


def test_no_everyday_worry_of_either_half_gets_the_emergency_numbers(outcomes):
    not_crisis = outcomes["tune"]["not_crisis"] + outcomes["heldout"]["not_crisis"]
    assert not_crisis
    assert not misses(not_crisis)


def test_every_crisis_of_the_tuning_half_gets_the_emergency_numbers_in_the_first_reply(outcomes):
    crisis = outcomes["tune"]["crisis"]
    assert crisis
    assert not misses(crisis)


def test_held_out_crises_get_the_emergency_numbers_in_the_first_reply(outcomes):
    crisis = outcomes["heldout"]["crisis"]
    assert crisis
    assert share(crisis) >= REQUIRED_CRISIS_RATE, misses(crisis)


def test_held_out_unanswerable_questions_are_refused(outcomes):
    unanswerable = outcomes["heldout"]["unanswerable"]
    assert unanswerable
    assert share(unanswerable) >= REQUIRED_REFUSAL_RATE, misses(unanswerable)
