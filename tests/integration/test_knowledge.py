"""Answers and workshops through the REST channel of the real servers, against the shipped index.

The action server runs with a fixed clock (25 December 2026, 11:00 in Paris) and a private copy of the
index (tests/conftest.py), so relative dates resolve the same way every run and the reload test may
rebuild that copy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
import recurring_ical_events  # noqa: F401 - proves the ics texts also expand with the usual reader
import yaml
from icalendar import Calendar

from deploy.stack import ROOT, Stack, new_sender
from tests.integration.labelled_questions import ask_set
from tests.integration.replies import cited_ids, custom, texts

pytestmark = pytest.mark.integration
DATA = ROOT / "tests" / "data"
RESULTS = ROOT / "var" / "results"
# Issue 14's acceptance keeps issue 4's set at 0.92 per language, for the questions answered in their own
# language and for all questions asked in it (with those only the other language's resources answer). The
# README reports the figures and the misses.
REQUIRED_HIT_RATE = 0.92


def questions(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["questions"]


def test_development_questions_cite_a_relevant_resource_in_the_first_three(stack: Stack):
    result = ask_set(stack, DATA / "dev_questions.yml")
    rates = result.rates()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "e2e_answers.json").write_text(json.dumps({"hit_at_3": rates, "misses": result.misses}, indent=2))
    print(f"\nend-to-end hit@3 through the REST channel: {rates}")  # the reported figure
    for group in ("fr", "en", "fr (all)", "en (all)"):
        assert rates[group] >= REQUIRED_HIT_RATE, (group, rates, result.misses)


# Issue 14's bar: at least 0.90 refused, where "what may help" counts as answered (it cites resources).
# The answer gate's lower bar is fitted to it on tuning data (bench/answer_threshold.py); see the README.
REQUIRED_REFUSAL_RATE = 0.90


def test_unanswerable_questions_get_the_honest_reply_not_a_random_resource(stack: Stack):
    answered = []
    unanswerable = questions("unanswerable.yml")
    for question in unanswerable:
        reply = stack.send(new_sender(), question["q"])
        assert texts(reply).strip(), question  # something was said
        if cited_ids(reply):
            answered.append(f"{question['id']}: {question['q']} -> {cited_ids(reply)}")
    refused = 1 - len(answered) / len(unanswerable)
    print(f"\nunanswerable questions refused end to end: {refused:.3f}; answered: {answered}")  # reported
    assert refused >= REQUIRED_REFUSAL_RATE, answered


def test_the_nothing_reliable_reply_offers_options(stack: Stack):
    reply = stack.send(new_sender(), "comment devenir garde du corps d'une célébrité à Hollywood")
    assert "rien de fiable" in texts(reply) or "je ne peux pas vous aider" in texts(reply)
    assert "/request_counsellor" in [b["payload"] for m in reply for b in m.get("buttons") or []]


def test_an_answer_has_key_points_citations_area_and_next_steps(stack: Stack):
    reply = stack.send(new_sender(), "comment faire valider mon expérience pour avoir un diplôme ?")
    text = texts(reply)
    assert "Voici ce qu'en disent les ressources" in text
    assert text.count("• ") >= 2  # at least two attributed key points
    items = custom(reply, "resources")[0]["items"]
    assert 1 <= len(items) <= 3
    assert all({"id", "title", "kind", "topics", "lang", "where"} <= set(item) for item in items)
    assert "Pôle Formation" in text  # the area of the VAE topic
    assert "c'est à vous de voir" in text  # informs, does not decide
    buttons = [b["payload"] for m in reply for b in m.get("buttons") or []]
    assert "/ask_more" in buttons and "/request_counsellor" in buttons


def test_follow_ups_use_the_conversation(stack: Stack):
    visitor = new_sender()
    first = stack.send(visitor, "je voudrais changer de métier, par où commencer ?")
    first_ids = cited_ids(first)
    assert first_ids
    seniors = stack.send(visitor, "et pour les plus de 50 ans ?")
    assert cited_ids(seniors), texts(seniors)
    items = custom(seniors, "resources")[0]["items"]
    assert any("seniors" in item["topics"] for item in items), items

    more = stack.send(visitor, "vous avez d'autres ressources là-dessus ?")
    assert cited_ids(more)
    assert not set(cited_ids(more)) & set(cited_ids(seniors))  # new ones, not the same again

    english = stack.send(visitor, "in English please")
    assert "continue in English" in texts(english)
    assert "Here is what the centre's resources say" in texts(english)
    assert cited_ids(english)


@pytest.mark.parametrize(
    ("message", "where"),
    [
        ("where are the business creation counsellors in the building?", "2nd floor, room 204"),
        ("le pôle création d'entreprise, il est à quel étage ?", "2e étage, salle 204"),
    ],
)
def test_where_a_counselling_area_sits_in_the_building(stack: Stack, message: str, where: str):
    assert where in texts(stack.send(new_sender(), message))


def test_books_on_the_shelf(stack: Stack):
    reply = stack.send(new_sender(), "do you have books on nursing?")
    items = custom(reply, "resources")[0]["items"]
    assert items and all(item["kind"] == "book" for item in items)
    assert all(item["where"] for item in items)  # a shelf mark to find it


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("mon chef m'humilie devant les collègues tous les jours, je craque", "guide-harcelement-travail-fr"),
        ("je suis à bout, je pleure tous les matins avant d'aller travailler", "guide-epuisement-professionnel-fr"),
        ("my boss harasses me every day and I can't cope any more", "guide-harassment-at-work-en"),
    ],
)
def test_distress_offers_resources_on_health_at_work_after_the_numbers(stack: Stack, message: str, expected: str):
    """Not a career sheet that shares a word ("chef"): the support resources, after the emergency payload."""
    messages = stack.send(new_sender(), message)
    kinds = [m["custom"]["type"] for m in messages if "custom" in m]
    assert kinds[:2] == ["emergency", "resources"], kinds
    assert expected in cited_ids(messages)
    cited_topics = {topic for item in custom(messages, "resources")[0]["items"] for topic in item["topics"]}
    assert "work_wellbeing" in cited_topics


@pytest.mark.parametrize(
    ("message", "start", "end", "topic"),
    [
        ("il y a des ateliers CV la semaine prochaine ?", "2026-12-28", "2027-01-04", "cv_cover_letter"),
        ("des ateliers mardi ?", "2026-12-29", "2026-12-30", None),
        ("any interview workshops next week?", "2026-12-28", "2027-01-04", "job_interview"),
        ("what's on next Tuesday?", "2026-12-29", "2026-12-30", None),
    ],
)
def test_workshops_with_relative_dates(stack: Stack, message: str, start: str, end: str, topic: str | None):
    reply = stack.send(new_sender(), message)
    payload = custom(reply, "workshops")
    assert payload, texts(reply)
    items = payload[0]["items"]
    first, last = datetime.fromisoformat(f"{start}T00:00:00+01:00"), datetime.fromisoformat(f"{end}T00:00:00+01:00")
    for item in items:
        assert first <= datetime.fromisoformat(item["start"]) < last, item
        assert {"id", "title", "start", "end", "location", "topics", "ics"} <= set(item)
    if topic:
        assert any(topic in item["topics"] for item in items), items


def test_workshop_dates_are_written_in_the_visitors_language(stack: Stack):
    """On the card, once: the text before it is a lead-in that does not list the sessions again."""
    french = stack.send(new_sender(), "ateliers CV la semaine prochaine")
    assert any("lundi 28 décembre" in item["when"] for item in custom(french, "workshops")[0]["items"])
    assert "lundi 28 décembre" not in texts(french)
    english = stack.send(new_sender(), "CV workshops next week")
    assert any("Monday 28 December" in item["when"] for item in custom(english, "workshops")[0]["items"])
    assert "Monday 28 December" not in texts(english)


def test_every_ics_payload_parses_as_icalendar(stack: Stack):
    seen = 0
    for message in ("ateliers la semaine prochaine", "any events in January?", "réunion VAE", "job fair in March"):
        for payload in custom(stack.send(new_sender(), message), "workshops"):
            for item in payload["items"]:
                calendar = Calendar.from_ical(item["ics"])
                events = calendar.walk("VEVENT")
                assert len(events) == 1
                assert events[0].decoded("DTSTART") == datetime.fromisoformat(item["start"])
                assert str(events[0]["SUMMARY"]) == item["title"]
                seen += 1
    assert seen >= 6


def test_no_matching_workshop_offers_the_nearest_alternatives(stack: Stack):
    reply = stack.send(new_sender(), "un atelier sur la création d'entreprise ce soir ?")
    assert custom(reply, "workshops"), texts(reply)
    assert "Rien à cette date" in texts(reply) or "Voici ce qui a lieu" in texts(reply) or "prochaines" in texts(reply)


def test_a_rebuilt_index_is_picked_up_without_restart_or_dropped_requests(
    stack: Stack, stack_index_dir: Path, tmp_path: Path
):
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledge_base", kb, copy_function=shutil.copy2)  # keeps mtimes: incremental
    question = "comment devenir zythologue, spécialiste de la bière ?"
    (kb / "centres" / "rivemont" / "resources" / "fr" / "sheet-zythologue-fr.md").write_text(
        '---\nid: sheet-zythologue-fr\ntitle: "Zythologue : le métier"\nkind: career_sheet\n'
        'topics: [discover_jobs]\nlang: fr\naudience: [all]\nwhere: "Rayon A9"\nupdated: 2026-11-01\n---\n'
        "# Zythologue\n\nLe zythologue est un spécialiste de la bière : il en connaît les styles, les "
        "brasseries et la dégustation. Il travaille chez un brasseur, un caviste ou comme formateur.\n",
        encoding="utf-8",
    )
    failures: list[str] = []
    answered = 0
    stop = threading.Event()

    def keep_asking() -> None:
        nonlocal answered
        while not stop.is_set():
            try:
                if cited_ids(stack.send(new_sender(), "comment financer ma formation avec le CPF ?")):
                    answered += 1
                else:
                    failures.append("no resource cited during the rebuild")
            except Exception as error:  # any failure is what this test looks for
                failures.append(repr(error))

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "cdm"), "index", "--kb", str(kb), "--out", str(stack_index_dir)],
            check=True,
            capture_output=True,
            timeout=600,
        )
        deadline = time.monotonic() + 30
        found = False
        while time.monotonic() < deadline and not found:
            found = "sheet-zythologue-fr" in cited_ids(stack.send(new_sender(), question))
            time.sleep(0.5)
    finally:
        stop.set()
        asker.join()
    assert found, "the action server did not pick up the rebuilt index"
    assert not failures, failures
    assert answered > 0
