"""Recall and precision of redaction per type on a hand-labelled set (`cdm eval --pii`).

The set is a TSV file: the visitor's text, a tab, and the same text with each piece of personal data
replaced by its placeholder (or `=` when nothing must change). The expected spans are recovered by
matching the second column against the first, so the file stays readable and easy to extend.

Scoring is about what a reader of the redacted text could still see:
- an expected span counts as found when every letter and digit in it is covered by predicted spans of
  the same type (a half-hidden name is a miss);
- a predicted span counts as correct when it overlaps an expected span of the same type;
- the words outside every expected span must stay: the share of them no predicted span touches is
  what the counsellor keeps of the visitor's message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from privacy.redactor import Redaction, analyse
from privacy.spans import KINDS, PiiSpan, replace

MIN_RECALL = 0.97
MIN_KEPT = 0.95
_PLACEHOLDER = re.compile(r"\[(" + "|".join(KINDS) + r")\]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Example:
    line: int
    text: str
    expected: str
    spans: tuple[PiiSpan, ...]


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {kind: Score() for kind in KINDS})
    words: int = 0
    kept: int = 0
    hidden_chars: int = 0
    pii_chars: int = 0
    misses: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        total = Score()
        for score in self.scores.values():
            total.expected += score.expected
            total.found += score.found
            total.predicted += score.predicted
            total.correct += score.correct
        return total

    @property
    def kept_share(self) -> float:
        return self.kept / self.words if self.words else 1.0

    def passes(self, min_recall: float = MIN_RECALL, min_kept: float = MIN_KEPT) -> bool:
        recalls = [score.recall for score in self.scores.values() if score.expected] + [self.overall.recall]
        return min(recalls) >= min_recall and self.kept_share >= min_kept


def load_examples(path: Path) -> list[Example]:
    """The examples of a TSV set; ValueError (with the line number) when a line is malformed."""
    examples = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        text, tab, expected = raw.partition("\t")
        if not tab:
            raise ValueError(f"{path}:{number}: no tab between the text and the expected text")
        expected = text if expected.strip() == "=" else expected
        try:
            spans = expected_spans(text, expected)
        except ValueError as error:
            raise ValueError(f"{path}:{number}: {error}") from None
        examples.append(Example(number, text, expected, spans))
    return examples


def expected_spans(text: str, expected: str) -> tuple[PiiSpan, ...]:
    """The spans of `text` that `expected` replaces by placeholders."""
    parts = _PLACEHOLDER.split(expected)
    literals, kinds = parts[0::2], parts[1::2]
    pattern = "".join(
        re.escape(literal) + ("(.+?)" if index < len(kinds) else "") for index, literal in enumerate(literals)
    )
    match = re.fullmatch(pattern, text, re.DOTALL)
    if match is None:
        raise ValueError("the expected text is not the text with some parts replaced by placeholders")
    return tuple(PiiSpan(match.start(g + 1), match.end(g + 1), kind) for g, kind in enumerate(kinds))


def evaluate(examples: Sequence[Example], analyser: Callable[[str], Redaction] = analyse) -> Report:
    report = Report()
    for example in examples:
        redaction = analyser(example.text)
        if redaction.text != example.text:
            raise ValueError(f"line {example.line}: the analyser changed the text it scored")
        _score(report, example, redaction.spans)
        got = replace(example.text, redaction.spans)
        if got != example.expected:
            report.misses.append((example.line, example.expected, got))
    return report


def _score(report: Report, example: Example, predicted: Sequence[PiiSpan]) -> None:
    text = example.text
    for span in example.spans:
        score = report.scores[span.kind]
        score.expected += 1
        wanted = _alnum_positions(text, span.start, span.end)
        same_kind = _covered(predicted, span.kind)
        anyone = _covered(predicted, None)
        if wanted <= same_kind:
            score.found += 1
        report.pii_chars += len(wanted)
        report.hidden_chars += len(wanted & anyone)
    for span in predicted:
        score = report.scores[span.kind]
        score.predicted += 1
        if any(e.kind == span.kind and e.start < span.end and span.start < e.end for e in example.spans):
            score.correct += 1
    for word in _WORD.finditer(text):
        if any(e.start < word.end() and word.start() < e.end for e in example.spans):
            continue
        report.words += 1
        if not any(p.start < word.end() and word.start() < p.end for p in predicted):
            report.kept += 1


def _alnum_positions(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if text[i].isalnum()}


def _covered(spans: Sequence[PiiSpan], kind: str | None) -> set[int]:
    return {i for span in spans if kind is None or span.kind == kind for i in range(span.start, span.end)}


def format_table(report: Report) -> str:
    lines = [f"{'type':<15}{'expected':>9}{'recall':>9}{'predicted':>11}{'precision':>11}"]
    for kind, score in report.scores.items():
        lines.append(_row(kind, score))
    lines.append(_row("overall", report.overall))
    hidden = report.hidden_chars / report.pii_chars if report.pii_chars else 1.0
    lines.append(f"personal characters hidden (any placeholder): {hidden:.3f}")
    lines.append(f"must-stay words kept: {report.kept_share:.3f} ({report.kept} of {report.words})")
    return "\n".join(lines)


def _row(label: str, score: Score) -> str:
    return f"{label:<15}{score.expected:>9}{score.recall:>9.3f}{score.predicted:>11}{score.precision:>11.3f}"
