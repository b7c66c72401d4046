"""Labelled questions sent through the REST channel: whether a relevant resource is among the first three
cited, per group of questions. One home for the end-to-end hit@3 of every language's question sets
(tests/integration/test_knowledge.py for French and English, test_new_languages.py for the others)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from deploy.stack import Stack, new_sender
from indexer.evaluate import Question, load_questions
from tests.integration.replies import cited_ids


@dataclass
class HitsAtThree:
    """Per group ("fr", "cross", "fr (all)", ...), whether each question got a relevant resource in the first
    three cited; and each miss with what was cited instead, for the README and the assertion messages."""

    hits: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    misses: list[str] = field(default_factory=list)

    def rates(self) -> dict[str, float]:
        return {group: round(sum(values) / len(values), 3) for group, values in sorted(self.hits.items())}

    def counts(self) -> dict[str, int]:
        return {group: len(values) for group, values in sorted(self.hits.items())}


def ask_each_once(stack: Stack, questions: list[Question]) -> HitsAtThree:
    """Each question as the first message of a new conversation. A question answered only by resources in
    another language counts in "cross"; every question also counts in "<its language> (all)"."""
    result = HitsAtThree()
    for question in questions:
        first_three = cited_ids(stack.send(new_sender(), question.text))[:3]
        hit = bool(set(first_three) & set(question.relevant))
        result.hits["cross" if question.cross_language else question.lang].append(hit)
        result.hits[f"{question.lang} (all)"].append(hit)
        if not hit:
            result.misses.append(f"{question.id}: {question.text} -> {first_three}")
    return result


def ask_set(stack: Stack, path: Path) -> HitsAtThree:
    return ask_each_once(stack, load_questions(path))
