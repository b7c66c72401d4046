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

from actions.desk_client import DeskSettings
from actions.localize import language_note
from common.centres import NETWORK
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
# Page furniture: a run of three or more words in capitals ("CITÉ DES MÉTIERS DE RIVEMONT · FICHE
# PRATIQUE"), the running header of a leaflet or a page, glued to the text once its lines are joined.
_FURNITURE = re.compile(r"(?:\b[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+\b[\s·|/-]*){3,}")
# A heading glued to the sentence after it ("Mon compte (CPF) : mode d'emploi Le compte permet…"): a word
# that opens sentences, capitalised right after a lower-case word with no punctuation between them.
_GLUED_HEADING = re.compile(
    r"(?<=[a-zà-öø-ÿ0-9)])\s+(?=(?:Le|La|Les|L['’]|Un|Une|Des|Ce|Cette|Ces|Vous|Votre|Vos|Il|Elle|Ils|Elles|On|"
    r"Nous|Pour|Si|Chaque|Seule?s?|Depuis|Dès|Avant|Après|The|You|Your|If|Each|This|These|We|Our)\b)"
)
# Words after which a capitalised word continues the sentence ("… et La bonne alternance"): no split there.
_FRENCH_LINKS = {"et", "ou", "de", "du", "des", "à", "au", "aux", "en", "sur", "pour", "avec", "par", "dans"}
_LINKING_WORDS = frozenset(_FRENCH_LINKS | {"and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from"})
# A key point reads as a sentence: it opens like one and ends like one (not a question: a heading asks).
_OPENS = re.compile(r"^[A-ZÀ-ÖØ-Þ0-9«\"“(]")
_CLOSES = re.compile(r"[.!…][»\"”)]?$")
# A cross-reference ("Related resources: English guides…", "Voir aussi…") points elsewhere: it answers nothing.
_CROSS_REFERENCE = re.compile(
    r"^(?:related resources?|see also|read also|ressources? (?:liées|associées)|voir aussi|à lire aussi)\b",
    re.IGNORECASE,
)
MIN_POINT_WORDS = 6


# The retrieval signals the gate may weigh, by the name the gate file uses.
GATE_SIGNALS = {
    "similarity": "best_similarity",  # best passage similarity among the first three results
    "coverage": "coverage",  # share of the query's words the lexical index knows
    "agreement": "agreement",  # overlap of the two retrievers' five best resources
    "bm25": "top_bm25",  # best BM25 score (depends on query length: used with care)
}
# A signal of the message rather than of its retrieval: the intent classifier's probability that it is
# outside the centre's work (`out_of_scope`). Retrieval alone reads a garbled question and a question the
# base cannot answer alike (both find passages that are only loosely similar); the classifier, trained on
# both kinds of wording, tells them apart better, so the gate weighs the two together.
OFF_TOPIC = "off_topic"
OFF_TOPIC_INTENT = "out_of_scope"


def off_topic_belief(message: dict) -> float:
    """The classifier's probability that a parsed message (`tracker.latest_message`) is off-topic: its
    `out_of_scope` confidence in the ranking, 0 when the ranking leaves it out (less likely than ten others)."""
    for entry in message.get("intent_ranking") or []:
        if entry.get("name") == OFF_TOPIC_INTENT:
            return float(entry.get("confidence") or 0.0)
    return 0.0


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

    def probability(self, retrieval: Retrieval, off_topic: float = 0.0) -> float:
        """How likely the first results answer the question; `off_topic` is the classifier's belief that
        the message is off-topic (`off_topic_belief`), 0 where no message was classified."""
        score = self.intercept + sum(
            weight * (off_topic if name == OFF_TOPIC else float(getattr(retrieval, GATE_SIGNALS[name])))
            for name, weight in self.weights.items()
        )
        return 1.0 / (1.0 + math.exp(-score))

    def verdict(self, retrieval: Retrieval, at_least: float = 0.0, off_topic: float = 0.0) -> Verdict:
        """The tier of this retrieval; `at_least` is a floor on the probability of showing anything
        (e.g. the classifier's off-topic confidence, which must be outweighed)."""
        if not retrieval.results:
            return Verdict.NONE
        probability = self.probability(retrieval, off_topic)
        if probability < max(self.may_help, at_least):
            return Verdict.NONE
        return Verdict.SURE if probability >= self.threshold else Verdict.MAY_HELP

    def trusts(self, retrieval: Retrieval, at_least: float = 0.0, off_topic: float = 0.0) -> bool:
        """Whether to answer outright; `at_least` raises the bar (e.g. for extras beside another answer)."""
        return bool(retrieval.results) and self.probability(retrieval, off_topic) >= max(self.threshold, at_least)


@cache
def answer_gate() -> AnswerGate:
    with GATE_FILE.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    weights = {str(name): float(value) for name, value in raw["weights"].items()}
    unknown = set(weights) - {*GATE_SIGNALS, OFF_TOPIC}
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


def sentences(passage: str, title: str = "") -> list[str]:
    """Sentences and list items of a passage, without Markdown marks, page furniture or glued headings
    (the resource's title and the headings a PDF or a page puts before its text)."""
    pieces: list[str] = []
    for line in passage.splitlines():
        line = _FURNITURE.sub(" ", _MARKUP.sub("", line)).strip(" -•\t")
        if title and line.startswith(title):
            line = line[len(title) :].strip(" -•:\t")
        for sentence in _SENTENCE_END.split(line):
            pieces.extend(part.strip(" •") for part in _unglued(sentence) if part.strip(" •"))
    return pieces


def _unglued(sentence: str) -> list[str]:
    """A heading and the sentence glued after it, apart; a name after "et", "of"… stays in its sentence."""
    parts = _GLUED_HEADING.split(sentence)
    kept = [parts[0]]
    for part in parts[1:]:
        words = kept[-1].split()
        if words and words[-1].lower() in _LINKING_WORDS:
            kept[-1] = f"{kept[-1]} {part}"
        else:
            kept.append(part)
    return kept


def reads_as_a_point(sentence: str, min_chars: int = 35, max_chars: int = 320) -> bool:
    """Whether a sentence can stand alone as a key point: a whole statement, not a heading, a question,
    a label or the half of a sentence a passage boundary cut."""
    return (
        min_chars <= len(sentence) <= max_chars
        and bool(_OPENS.match(sentence))
        and bool(_CLOSES.search(sentence))
        and len(sentence.split()) >= MIN_POINT_WORDS
        and "·" not in sentence
        and not _CROSS_REFERENCE.match(sentence)
    )


def best_sentence(passage: str, query_stems: set[str], title: str = "") -> str | None:
    """The passage's sentence that shares most words with the question (earlier ones win ties)."""
    best, best_score = None, 0.0
    for position, sentence in enumerate(sentences(passage, title)):
        if not reads_as_a_point(sentence):
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
        sentence = best_sentence(result.passage or result.snippet, query_stems, result.title)
        if sentence and all(sentence != point.text for point in points):
            points.append(KeyPoint(sentence, result))
    if len(points) < 2 and points:  # one readable resource: a second sentence from the same passage
        first = points[0]
        rest = (first.resource.passage or first.resource.snippet).replace(first.text, "\n")
        second = best_sentence(rest, query_stems, first.resource.title)
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


@cache
def _desk_public_url() -> str:
    return DeskSettings.from_env().public_url


def where_to_find(result: SearchResult) -> str:
    """Where the visitor finds a resource: a PDF leaflet on the desk (`desk/resources.py` serves the
    indexed file); a network resource that is not a web page as a page of the desk, since the network's
    sheets sit on no shelf a visitor of every centre could walk to; else the resource's own `where`, a
    web page's address or the centre's shelf mark."""
    source = result.source.lower()
    if source.endswith(".pdf"):
        return f"{_desk_public_url()}/resources/{result.id}.pdf"
    if result.centre == NETWORK and source.endswith((".md", ".markdown")) and not _is_link(result.where):
        return f"{_desk_public_url()}/resources/{result.id}.html"
    return result.where


def _is_link(where: str) -> bool:
    return where.startswith(("https://", "http://"))


def resources_payload(cited: list[SearchResult], lang: str | None = None) -> dict:
    """The `resources` custom payload of interfaces.md; with the visitor's `lang`, a resource in another
    language says so (`lang_note`, "en anglais"), as its key point does."""
    items = []
    for result in cited:
        item = {
            "id": result.id,
            "title": result.title,
            "kind": result.kind,
            "topics": list(result.topics),
            "lang": result.lang,
            "where": where_to_find(result),
            "publisher": result.publisher,
        }
        note = language_note(result.lang, lang) if lang else None
        if note:
            item["lang_note"] = note
        items.append(item)
    return {"type": "resources", "items": items}


def attributed(point: KeyPoint, lang: str) -> str:
    """ "• sentence (Title)", and "(Title, en anglais)" for a resource in another language."""
    note = language_note(point.resource.lang, lang)
    return f"• {point.text} ({point.resource.title}{', ' + note if note else ''})"
