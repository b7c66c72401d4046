"""What a visitor reads in an answer, on the shipped index: whole sentences taken from the resources the
answer cites, each attributed, never a heading, a page header or half a sentence; and a `where` to act on.

Twenty questions of the development set, drawn at random with a fixed seed, go through the real
`action_answer_question` (the index of `make index`, the answer gate, the message catalogue).
"""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from actions.knowledge import knowledge
from actions.questions import ActionAnswerQuestion
from indexer.store import Store
from tests.actions.helpers import run, tracker

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "dev_questions.yml"
ANSWERS_CHECKED = 20
SEED = 14
# A sentence opens with a capital, a digit or a quote and ends with a full stop, "!" or "…" (a quote or
# a bracket may close after it); it has a verb's worth of words; a page header is a run of capitals.
OPENS = re.compile(r"^[A-ZÀ-ÖØ-Þ0-9«\"“(]")
CLOSES = re.compile(r"[.!…][»\"”)]?$")
CAPITALS_RUN = re.compile(r"(?:\b[A-ZÀ-ÖØ-Þ]{2,}\b\W+){3,}")
MIN_WORDS = 6
# The network's own Markdown sheets (not its web pages): every centre's visitor is sent to the desk's page.
NETWORK_SHEETS = {
    path.stem
    for path in (Path(__file__).resolve().parents[2] / "knowledge_base" / "network").rglob("*.md")
    if not re.search(r'^where: "?https?://', path.read_text(encoding="utf-8"), re.MULTILINE)
}


@cache
def index_texts() -> dict[str, tuple[set[str], list[str]]]:
    """Resource id -> (its title and headings, the text of its passages), from the loaded generation."""
    generation = knowledge().searcher.generation
    texts: dict[str, tuple[set[str], list[str]]] = {}
    with Store(generation.path / "meta.sqlite") as store:
        for resource in store.resources():
            texts[resource["id"]] = ({resource["title"]}, [])
        for resource_id, _ordinal, heading, text, _lang, _lexical in store.chunks():
            headings, passages = texts[resource_id]
            headings.add(heading)
            passages.append(" ".join(text.split()))
    return texts


def answered(question: dict) -> tuple[str, list[dict]] | None:
    """(text of the key points message, items of the resources payload), or None if not answered."""
    messages, _ = run(
        ActionAnswerQuestion(), tracker(question["q"], "ask_question", slots={"language": question["lang"]})
    )
    cards = [m["custom"] for m in messages if (m.get("custom") or {}).get("type") == "resources"]
    points = [
        m["text"] for m in messages if (m.get("text") or "").count("\n• ") or (m.get("text") or "").startswith("• ")
    ]
    if not cards or not points:
        return None
    return points[0], cards[0]["items"]


def sampled_answers() -> list[tuple[dict, str, list[dict]]]:
    questions = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["questions"]
    random.Random(SEED).shuffle(questions)
    found = []
    for question in questions:
        answer = answered(question)
        if answer is not None:
            found.append((question, *answer))
        if len(found) == ANSWERS_CHECKED:
            break
    return found


@pytest.fixture(scope="module")
def answers() -> list[tuple[dict, str, list[dict]]]:
    return sampled_answers()


def test_twenty_answers_are_checked(answers):
    assert len(answers) == ANSWERS_CHECKED


def test_key_points_are_whole_sentences_from_a_cited_resource(answers):
    texts = index_texts()
    for question, message, items in answers:
        lines = [line[2:] for line in message.splitlines() if line.startswith("• ")]
        assert lines, (question["id"], message)
        for line in lines:
            # "sentence (Title)" or "sentence (Title, en anglais)": the attribution names a cited resource.
            cited = [item for item in items if re.search(rf" \({re.escape(item['title'])}(, [^)]+)?\)$", line)]
            assert cited, (question["id"], line)
            sentence = line[: line.rindex(f" ({cited[0]['title']}")]
            headings, passages = texts[cited[0]["id"]]
            where = (question["id"], sentence)
            assert OPENS.match(sentence) and CLOSES.search(sentence), where
            assert len(sentence.split()) >= MIN_WORDS, where
            assert not CAPITALS_RUN.search(sentence) and "·" not in sentence, where
            assert not any(heading and sentence.startswith(heading) for heading in headings), where
            assert any(sentence in passage for passage in passages), where


def test_a_resource_in_another_language_says_so(answers):
    for question, _message, items in answers:
        for item in items:
            assert ("lang_note" in item) == (item["lang"] != question["lang"]), (question["id"], item)


def test_every_cited_resource_has_a_where_to_act_on(answers):
    for question, _message, items in answers:
        for item in items:
            where = item["where"]
            if item["id"].startswith("leaflet-"):
                assert where.endswith(f"/resources/{item['id']}.pdf"), (question["id"], item)
            elif item["id"].startswith("web-"):
                assert where.startswith("https://"), (question["id"], item)
            elif item["id"] in NETWORK_SHEETS:  # no shelf in every centre: a page of the desk
                assert where.endswith(f"/resources/{item['id']}.html"), (question["id"], item)
            else:
                assert where.startswith("https://") or where.startswith("Rayon "), (question["id"], item)
