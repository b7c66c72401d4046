"""Compose a grounded answer from retrieved resources: key points, citations, area, next steps.

Nothing here is generated: key points are sentences lifted from the best passages and attributed to
their resource, so every claim the visitor reads can be checked in the resource it names. The answer
informs and offers options; it never decides for the visitor.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path

import yaml

from common.text import fold
from common.topics import load_taxonomy
from indexer.lexical import stop_words
from indexer.search import Retrieval, SearchResult

GATE_FILE = Path(__file__).with_name("answer_gate.yml")
MAX_CITED = 3
MAX_POINTS = 3
# A resource from another publisher replaces the last citation when it scores at least this share of
# it: plurality of viewpoints, without citing something much less relevant to get it.
PLURALITY_MIN_SHARE = 0.8
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«\"(0-9])")
_WORD = re.compile(r"[^\W_]+")
_MARKUP = re.compile(r"[*_`#>|]+")


# The retrieval signals the gate may weigh, by the name the gate file uses.
GATE_SIGNALS = {
    "similarity": "best_similarity",  # best passage similarity among the first three results
    "coverage": "coverage",  # share of the query's words the lexical index knows
    "agreement": "agreement",  # overlap of the two retrievers' five best resources
    "bm25": "top_bm25",  # best BM25 score (depends on query length: used with care)
}


class Verdict(Enum):
    """What the gate makes of a retrieval: an answer, resources that may help, or nothing to show."""

    SURE = "sure"  # the key points and resources, as an answer
    MAY_HELP = "may_help"  # the resources as leads, worded as such, with a counsellor offered
    NONE = "none"  # the honest "nothing reliable" (or, for a message the NLU could not place, the fallback)


@dataclass(frozen=True)
class AnswerGate:
    """Logistic model of "the first results answer the question", fitted on answerable and unanswerable
    questions (`bench/answer_threshold.py` writes `answer_gate.yml`), with two bars.

    Above `threshold` the assistant answers. Between `may_help` and `threshold` retrieval is plausible
    but not sure: the visitor gets the resources as "what may help" and a counsellor, rather than being
    turned away from a search that most often did find something. Below `may_help` it says it has
    nothing reliable. Citing resources to a question the base cannot answer is a leak whichever words
    introduce them, so `may_help` is the bar that keeps unanswerable questions refused.
    """

    intercept: float
    weights: dict[str, float]
    threshold: float
    may_help: float

    def probability(self, retrieval: Retrieval) -> float:
        score = self.intercept + sum(
            weight * float(getattr(retrieval, GATE_SIGNALS[name])) for name, weight in self.weights.items()
        )
        return 1.0 / (1.0 + math.exp(-score))

    def verdict(self, retrieval: Retrieval, at_least: float = 0.0) -> Verdict:
        """The tier of this retrieval; `at_least` is a floor on the probability of showing anything
        (e.g. the classifier's off-topic confidence, which must be outweighed)."""
        if not retrieval.results:
            return Verdict.NONE
        probability = self.probability(retrieval)
        if probability < max(self.may_help, at_least):
            return Verdict.NONE
        return Verdict.SURE if probability >= self.threshold else Verdict.MAY_HELP

    def trusts(self, retrieval: Retrieval, at_least: float = 0.0) -> bool:
        """Whether to answer outright; `at_least` raises the bar (e.g. for extras beside another answer)."""
        return bool(retrieval.results) and self.probability(retrieval) >= max(self.threshold, at_least)


@cache
def answer_gate() -> AnswerGate:
    with GATE_FILE.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    weights = {str(name): float(value) for name, value in raw["weights"].items()}
    unknown = set(weights) - set(GATE_SIGNALS)
    if unknown:
        raise ValueError(f"{GATE_FILE.name}: unknown signals {sorted(unknown)}")
    threshold = float(raw["threshold"])
    may_help = float(raw.get("may_help", threshold))
    if may_help > threshold:
        raise ValueError(f"{GATE_FILE.name}: may_help ({may_help}) above threshold ({threshold})")
    return AnswerGate(float(raw["intercept"]), weights, threshold, may_help)


@dataclass(frozen=True)
class KeyPoint:
    text: str
    resource: SearchResult


@dataclass
class Answer:
    points: list[KeyPoint]
    cited: list[SearchResult]
    topic: str | None
    area: str | None
    other_language: bool = False  # the key points are in the other language (nothing in the visitor's)

    @property
    def shown_ids(self) -> list[str]:
        return [result.id for result in self.cited]


def choose_citations(results: list[SearchResult], limit: int = MAX_CITED) -> list[SearchResult]:
    """The resources to cite: best first, from more than one publisher when the results allow it.

    Retrieval order is kept across languages (the key points prefer the visitor's language instead):
    moving same-language resources first cost the cross-language questions their only right answer.
    """
    ordered = list(results)
    cited = ordered[:limit]
    publishers = {result.publisher for result in cited}
    if len(cited) == limit and len(publishers) == 1:
        for candidate in ordered[limit:]:
            if candidate.publisher not in publishers and candidate.score >= PLURALITY_MIN_SHARE * cited[-1].score:
                cited[-1] = candidate
                break
    return cited


@cache
def _stop() -> frozenset[str]:
    return stop_words()


def content_stems(text: str) -> set[str]:
    """Content words cut to five letters: cheap, and enough to match "financer" with "financement"."""
    stop = _stop()
    return {word[:5] for word in _WORD.findall(fold(text)) if len(word) > 2 and word not in stop}


def sentences(passage: str) -> list[str]:
    """Sentences and list items of a passage, without Markdown marks."""
    pieces: list[str] = []
    for line in passage.splitlines():
        line = _MARKUP.sub("", line).strip(" -•\t")
        if line:
            pieces.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return pieces


def best_sentence(passage: str, query_stems: set[str], min_chars: int = 35, max_chars: int = 260) -> str | None:
    """The passage's sentence that shares most words with the question (earlier ones win ties)."""
    best, best_score = None, 0.0
    for position, sentence in enumerate(sentences(passage)):
        if not min_chars <= len(sentence) <= max_chars:
            continue
        stems = content_stems(sentence)
        if not stems:
            continue
        overlap = len(stems & query_stems)
        score = overlap / math.sqrt(len(stems)) + 0.3 / (1 + position)
        if score > best_score:
            best, best_score = sentence, score
    return best


def key_points(query: str, cited: list[SearchResult], lang: str) -> tuple[list[KeyPoint], bool]:
    """One sentence from each cited resource, in the visitor's language when any resource is."""
    query_stems = content_stems(query)
    same = [result for result in cited if result.lang == lang]
    readable = same or cited
    points: list[KeyPoint] = []
    for result in readable[:MAX_POINTS]:
        sentence = best_sentence(result.passage or result.snippet, query_stems)
        if sentence and all(sentence != point.text for point in points):
            points.append(KeyPoint(sentence, result))
    if len(points) < 2 and points:  # one readable resource: a second sentence from the same passage
        first = points[0]
        rest = (first.resource.passage or first.resource.snippet).replace(first.text, " ")
        second = best_sentence(rest, query_stems)
        if second:
            points.append(KeyPoint(second, first.resource))
    return points, not same


def topic_of(entity_topic: str | None, cited: list[SearchResult]) -> str | None:
    """The question's topic: the one the visitor named, else the one most cited resources share."""
    taxonomy = load_taxonomy()
    if entity_topic and taxonomy.is_topic(entity_topic):
        return entity_topic
    votes: Counter[str] = Counter()
    for rank, result in enumerate(cited):
        for topic in result.topics:
            if taxonomy.is_topic(topic):
                votes[topic] += 1.0 / (1 + rank)
    return votes.most_common(1)[0][0] if votes else None


def compose(query: str, retrieval: Retrieval, lang: str, entity_topic: str | None = None) -> Answer:
    cited = choose_citations(retrieval.results)
    points, other_language = key_points(query, cited, lang)
    topic = topic_of(entity_topic, cited)
    area = load_taxonomy().area_of(topic).id if topic else None
    return Answer(points, cited, topic, area, other_language)


def resources_payload(cited: list[SearchResult]) -> dict:
    """The `resources` custom payload of interfaces.md."""
    return {
        "type": "resources",
        "items": [
            {
                "id": result.id,
                "title": result.title,
                "kind": result.kind,
                "topics": list(result.topics),
                "lang": result.lang,
                "where": result.where,
                "publisher": result.publisher,
            }
            for result in cited
        ],
    }
