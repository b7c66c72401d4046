"""Retrieval quality on labelled questions: hit@1, hit@3 and MRR for BM25, dense and fusion.

Questions come from `tests/data/dev_questions.yml` (written as visitors ask, labelled with the
resources that answer them) or from the ROME held-out job titles. Scores are reported per language
and, separately, for questions asked in one language about what only the other language's resources
hold, since that is where the packaged English-centred model is weakest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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
    """{mode: {group: Scores}} with groups fr, en (same-language questions), cross, all."""
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
