"""Retrieval quality on labelled questions: hit@1, hit@3 and MRR for BM25, dense and fusion.

Questions come from `tests/data/dev_questions.yml` (written as visitors ask, labelled with the
resources that answer them), from the answerable section of `tests/data/visitor_messages.yml` (written
the way visitors really write, split once into a tuning and a held-out half) or from the ROME held-out
job titles. Scores are reported per language
and, separately, for questions asked in one language about what only the other language's resources
hold, since that is where the packaged English-centred model is weakest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from indexer.records import LANGS
from indexer.search import MODES, Searcher

CUTOFF = 10  # MRR counts the first relevant result within the top 10


@dataclass(frozen=True)
class Question:
    text: str
    lang: str
    relevant: tuple[str, ...]
    cross_language: bool = False
    id: str = ""


@dataclass
class Scores:
    count: int = 0
    hit1: float = 0.0
    hit3: float = 0.0
    mrr: float = 0.0
    misses: list[tuple[str, list[str]]] = field(default_factory=list)

    def add(self, rank: int | None) -> None:
        self.count += 1
        if rank is not None:
            self.hit1 += rank == 1
            self.hit3 += rank <= 3
            self.mrr += 1.0 / rank

    def finish(self) -> Scores:
        if self.count:
            self.hit1 /= self.count
            self.hit3 /= self.count
            self.mrr /= self.count
        return self


def load_questions(path: Path) -> list[Question]:
    """YAML list of {id, q, lang, relevant: [ids], cross_language} or JSON lines {query, relevant, lang}."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        items = [json.loads(line) for line in text.splitlines() if line.strip()]
        return [Question(item["query"], item.get("lang", "fr"), tuple(item["relevant"])) for item in items]
    data = yaml.safe_load(text)
    items = data["questions"] if isinstance(data, dict) else data
    return [
        Question(
            text=item["q"],
            lang=item["lang"],
            relevant=tuple(item["relevant"]),
            cross_language=bool(item.get("cross_language", False)),
            id=str(item.get("id", "")),
        )
        for item in items
    ]


VISITOR_SECTIONS = ("answerable", "not_crisis", "crisis", "unanswerable")
SPLITS = ("tune", "heldout")


@dataclass(frozen=True)
class VisitorMessage:
    """One message of the visitor-written set; `topics` and `relevant` are empty outside `answerable`."""

    id: str
    lang: str
    split: str
    text: str
    style: str = ""
    topics: tuple[str, ...] = ()
    relevant: tuple[str, ...] = ()
    # Written after the split, for the round that tunes on it: always in the tune half, and left out of
    # the halves' balance, so that tuning data can grow without ever moving a message between halves.
    late: bool = False

    def as_question(self) -> Question:
        return Question(text=self.text, lang=self.lang, relevant=self.relevant, id=self.id)


def load_visitor_messages(path: Path, section: str, split: str | None = None) -> list[VisitorMessage]:
    """The messages of one section of a visitor-written set, of one half when `split` is given.

    The halves were fixed when the set was written: tune on `tune`, report on `heldout`. A file that
    is not such a set, or a message without its fields, raises ValueError naming the cause.
    """
    if section not in VISITOR_SECTIONS:
        raise ValueError(f"unknown section {section!r} (one of {', '.join(VISITOR_SECTIONS)})")
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (one of {', '.join(SPLITS)})")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get(section), list):
        raise ValueError(f"{path.name}: no {section!r} section")
    messages = []
    for item in data[section]:
        try:
            message = VisitorMessage(
                id=str(item["id"]),
                lang=str(item["lang"]),
                split=str(item["split"]),
                text=str(item["q"]),
                style=str(item.get("style", "")),
                topics=tuple(item.get("topics", ())),
                relevant=tuple(item.get("relevant", ())),
                late=bool(item.get("late", False)),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"{path.name}: {section} message {item!r} lacks {error}") from None
        if message.split not in SPLITS:
            raise ValueError(f"{path.name}: {message.id} has split {message.split!r}")
        if message.late and message.split != "tune":
            raise ValueError(f"{path.name}: {message.id} was written after the split, so it can only tune")
        if section == "answerable" and not message.relevant:
            raise ValueError(f"{path.name}: answerable message {message.id} names no relevant resource")
        if split is None or message.split == split:
            messages.append(message)
    return messages


def is_visitor_set(path: Path) -> bool:
    """Whether a YAML question file is laid out as a visitor-written set (sections, not a list)."""
    if path.suffix not in (".yml", ".yaml"):
        return False
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return isinstance(data, dict) and "answerable" in data


def first_relevant_rank(result_ids: list[str], relevant: Iterable[str]) -> int | None:
    wanted = set(relevant)
    for rank, resource_id in enumerate(result_ids, start=1):
        if resource_id in wanted:
            return rank
    return None


def group_of(question: Question) -> str:
    return "cross" if question.cross_language else question.lang


def evaluate(
    searcher: Searcher, questions: list[Question], modes: Iterable[str] = MODES
) -> dict[str, dict[str, Scores]]:
    """{mode: {group: Scores}} with a group per language (same-language questions), cross, all."""
    table: dict[str, dict[str, Scores]] = {}
    for mode in modes:
        groups: dict[str, Scores] = {}
        for question in questions:
            ids = [result.id for result in searcher.search(question.text, CUTOFF, mode=mode)]
            rank = first_relevant_rank(ids, question.relevant)
            for name in (group_of(question), "all"):
                scores = groups.setdefault(name, Scores())
                scores.add(rank)
                if (rank is None or rank > 3) and name == "all":
                    scores.misses.append((question.text, ids[:3]))
        table[mode] = {name: scores.finish() for name, scores in groups.items()}
    return table


def question_groups(questions: list[Question]) -> tuple[str, ...]:
    """The groups a table shows for a set: its languages in `LANGS` order, then cross and all."""
    langs = {question.lang for question in questions if not question.cross_language}
    cross = ("cross",) if any(question.cross_language for question in questions) else ()
    return (*(lang for lang in LANGS if lang in langs), *cross, "all")


def format_table(table: dict[str, dict[str, Scores]], groups: Iterable[str] = ("fr", "en", "cross", "all")) -> str:
    """A Markdown table: one row per retriever and group."""
    lines = ["| retriever | questions | n | hit@1 | hit@3 | MRR |", "|---|---|---|---|---|---|"]
    for mode, by_group in table.items():
        for group in groups:
            if group in by_group:
                scores = by_group[group]
                lines.append(
                    f"| {mode} | {group} | {scores.count} | {scores.hit1:.3f} | {scores.hit3:.3f} | {scores.mrr:.3f} |"
                )
    return "\n".join(lines)
