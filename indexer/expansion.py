"""Bilingual query expansion from the taxonomy's labels and a small synonym table.

The packaged embedding model reads English far better than French, and BM25 cannot cross languages at
all. When a query names a concept of the table ("bilan de compétences", "cover letter"), the other
language's words for it are added to the BM25 query (with a lower weight) and glossed into the text
that is embedded. The table is explicit and reviewable (`synonyms.yml`), built from `topics.yml` labels
and the vocabulary visitors use in the bot's training data; it is not tuned question by question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from common.topics import load_taxonomy
from indexer.lexical import Analyzer

SYNONYMS_FILE = Path(__file__).with_name("synonyms.yml")

# The frame of a request ("je voudrais devenir ...", "how do I become ..."): every visitor uses it, so
# it carries no meaning, yet it dominates the embedding of a short query. Removed before embedding.
_FRAMES = re.compile(
    r"^\s*(?:bonjour|hello|hi)?[ ,!]*(?:"
    r"je (?:voudrais|veux|souhaite|souhaiterais|aimerais|r[eê]ve de|compte|vais) "
    r"(?:devenir|faire|[eê]tre|travailler comme|travailler en tant que)"
    r"|je cherche (?:un |du )?(?:emploi|travail|poste|job|boulot|stage) (?:de|d'|comme|en tant que)"
    r"|comment (?:devenir|faire pour devenir|on devient|je peux devenir)"
    r"|quelle formation pour (?:devenir|[eê]tre|faire)"
    r"|fiche m[eé]tier(?: de| d')?"
    r"|i (?:would like|want|wish|'d like) to (?:become|be|work as)"
    r"|how (?:do i|can i|to|does one) become"
    r"|i'?m looking for (?:a |an )?(?:job|work|position) as"
    r"|what training (?:do i need )?to become"
    r")\s*(?:un |une |a |an )?",
    re.IGNORECASE,
)


def core_request(query: str) -> str:
    """The request without its frame: 'je voudrais devenir vendangeuse' -> 'vendangeuse'."""
    core = _FRAMES.sub("", query, count=1).strip(" ?!.")
    return core if len(core) >= 3 else query


@dataclass(frozen=True)
class Group:
    """Words for one concept, in both languages."""

    topic: str | None
    fr: tuple[str, ...]
    en: tuple[str, ...]


@dataclass
class Expansion:
    terms: list[str] = field(default_factory=list)  # extra BM25 terms
    glosses: list[str] = field(default_factory=list)  # phrases added to the embedded query
    topics: list[str] = field(default_factory=list)  # topics the query names

    def dense_text(self, query: str) -> str:
        core = core_request(query)
        if not self.glosses:
            return core
        return f"{core} ({'; '.join(self.glosses)})"


@cache
def load_groups(path: Path = SYNONYMS_FILE) -> tuple[Group, ...]:
    """Groups from the synonym table, plus one per topic made of its two labels."""
    groups: list[Group] = []
    if path.exists():
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            groups.append(Group(item.get("topic"), tuple(item.get("fr") or ()), tuple(item.get("en") or ())))
    for topic in load_taxonomy().topics.values():
        groups.append(Group(topic.id, (topic.labels["fr"],), (topic.labels["en"],)))
    return tuple(groups)


class Expander:
    """Finds the table's concepts in a query and returns the other words for them."""

    def __init__(self, analyzer: Analyzer, groups: tuple[Group, ...] | None = None, max_glosses: int = 3) -> None:
        self.analyzer = analyzer
        self.groups = groups if groups is not None else load_groups()
        self.max_glosses = max_glosses
        self._compiled: list[tuple[Group, list[frozenset[str]], list[str], list[str]]] | None = None

    def _compile(self) -> list[tuple[Group, list[frozenset[str]], list[str], list[str]]]:
        if self._compiled is None:
            compiled = []
            for group in self.groups:
                phrases = [*group.fr, *group.en]
                keys = [frozenset(self.analyzer.analyse_query(phrase)) for phrase in phrases]
                keys = [key for key in keys if key]
                terms: list[str] = []
                for key in keys:
                    terms.extend(sorted(key))
                compiled.append((group, keys, list(dict.fromkeys(terms)), phrases))
            self._compiled = compiled
        return self._compiled

    def expand(self, query: str) -> Expansion:
        query_terms = set(self.analyzer.analyse_query(query))
        expansion = Expansion()
        folded_query = query.lower()
        for group, keys, terms, _phrases in self._compile():
            if not any(key <= query_terms for key in keys):
                continue
            expansion.terms.extend(term for term in terms if term not in query_terms)
            if group.topic and group.topic not in expansion.topics:
                expansion.topics.append(group.topic)
            for phrase in (*group.en, *group.fr):
                if phrase.lower() not in folded_query and len(expansion.glosses) < self.max_glosses:
                    expansion.glosses.append(phrase)
        expansion.terms = list(dict.fromkeys(expansion.terms))
        return expansion
