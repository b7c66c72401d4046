"""Every visitor message of the conversation tests is read by the shipped model as its story says.

Why: `rasa test core` (make test-stories) takes each story's `intent:` as given and only checks the
actions that follow, so a story whose message the NLU actually reads as another intent still passes,
while a visitor typing that very message gets another conversation. Here each message is parsed by the
running Rasa server (the model `make test` trained) and its intent compared with the story's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from deploy.stack import ROOT, Stack

pytestmark = pytest.mark.integration

STORY_FILES = sorted((ROOT / "bot" / "tests").glob("test_*.yml"))
# Rasa's entity annotations: [text](entity), [text](entity:value) and [text]{"entity": ...}.
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def plain_text(annotated: str) -> str:
    """The message as a visitor types it: annotations replaced by their text."""
    return ANNOTATION.sub(r"\1", annotated).strip()


def story_messages(path: Path) -> list[tuple[str, str, str]]:
    """(story name, message, intent) for every user step of one conversation-test file."""
    stories = yaml.safe_load(path.read_text(encoding="utf-8")).get("stories") or []
    return [
        (story["story"], plain_text(step["user"]), step["intent"])
        for story in stories
        for step in story.get("steps") or []
        if "user" in step and "intent" in step
    ]


def test_annotations_are_stripped():
    assert plain_text('parli [francese]{"entity": "language", "value": "fr"}?') == "parli francese?"
    assert plain_text("a che ora aprite [sabato](time)?") == "a che ora aprite sabato?"
    assert plain_text("[lundi](time:monday) et [mardi](time)") == "lundi et mardi"


@pytest.mark.parametrize("path", STORY_FILES, ids=lambda p: p.stem)
def test_story_messages_parse_as_their_intent(stack: Stack, path: Path):
    messages = story_messages(path)
    assert messages, f"{path.name} has no user messages"
    misread = []
    for story, text, intent in messages:
        response = stack.api("POST", "/model/parse", json={"text": text})
        response.raise_for_status()
        read_as = response.json()["intent"]["name"]
        if read_as != intent:
            misread.append(f"{story}: {text!r} read as {read_as}, story says {intent}")
    assert not misread, "\n".join(misread)
