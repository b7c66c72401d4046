"""Bilingual query expansion from the taxonomy's labels and a small synonym table.

The packaged embedding model reads English far better than French, and BM25 cannot cross languages at
all. When a query names a concept of the table ("bilan de compétences", "cover letter"), the table's
words for it are returned per language: those of the query's language enrich its BM25 query, those of
the other language translate it for the other language's resources, and are glossed into the text
that is embedded. The table is explicit and reviewable (`synonyms.yml`), built from `topics.yml`
labels, the vocabulary visitors use in the bot's training data and the base's own vocabulary; it is
not tuned question by question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from common.topics import load_taxonomy
from indexer.language import detect
from indexer.lexical import Analyzer, literal_words

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
    # The frame ends at a word's end ("fiche métier de" must not take the "de" of "dessinateur").
    r")(?:(?<=')|\b)\s*(?:un |une |a |an )?",
    re.IGNORECASE,
)


# An age the visitor gives about themselves ("j'ai 19 ans", "à 52 ans", "I'm 20"), not a duration
# ("j'ai 15 ans d'expérience", "depuis 10 ans"): it says which audience's resources apply.
_AGE = re.compile(
    r"\b(?:j'?ai|j’ai|à|a|âgée? de|agee? de|i'?m|i’m|i am|aged|at)\s+(?P<age>\d{2})"
    r"(?!\s*(?:ans?|years?)?\s*(?:d'|d’|de |of |years? of|d ))(?:\s*(?:ans|years? old|yo)\b|(?=\s*[,.;!?]|\s+\w))",
    re.IGNORECASE,
)
YOUNG_UP_TO = 25  # youth schemes (missions locales, contrat d'engagement jeune) go to 25
OLDER_FROM = 45  # "plus de 45 ans": where the base's resources for experienced job seekers start
AGE_WORDS = {"young": "jeunes", "older": "senior"}  # words of the synonym table's groups for each audience


def audience_words(query: str) -> list[str]:
    """Words naming the audience an age in the query belongs to, for the table to expand."""
    words = []
    for match in _AGE.finditer(query):
        age = int(match["age"])
        if 15 <= age <= YOUNG_UP_TO:
            words.append(AGE_WORDS["young"])
        elif OLDER_FROM <= age <= 75:
            words.append(AGE_WORDS["older"])
    return list(dict.fromkeys(words))


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
    # Words visitors use for the concept that the base does not ("Allemagne" for working in Europe,
    # "diabétique" for a chronic illness): they make the group apply, but are never added to another
    # query nor glossed, so the table stays one way from them to the concept.
    said: tuple[str, ...] = ()


@dataclass
class Expansion:
    terms: list[str] = field(default_factory=list)  # extra BM25 terms, both languages
    by_lang: dict[str, list[str]] = field(default_factory=lambda: {"fr": [], "en": []})  # the same, per language
    glosses: list[str] = field(default_factory=list)  # phrases added to the embedded query
    topics: list[str] = field(default_factory=list)  # topics the query names
    understood: set[str] = field(default_factory=set)  # the query's terms that a phrase of the table matched

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
            groups.append(
                Group(
                    item.get("topic"),
                    tuple(item.get("fr") or ()),
                    tuple(item.get("en") or ()),
                    tuple(item.get("said") or ()),
                )
            )
    for topic in load_taxonomy().topics.values():
        groups.append(Group(topic.id, (topic.labels["fr"],), (topic.labels["en"],)))
    return tuple(groups)


class Expander:
    """Finds the table's concepts in a query and returns the other words for them."""

    def __init__(self, analyzer: Analyzer, groups: tuple[Group, ...] | None = None, max_glosses: int = 3) -> None:
        self.analyzer = analyzer
        self.groups = groups if groups is not None else load_groups()
        self.max_glosses = max_glosses
        self._compiled: list[tuple[Group, list[tuple[tuple[str, ...], ...]], dict[str, list[str]]]] | None = None

    def _compile(self) -> list[tuple[Group, list[tuple[tuple[str, ...], ...]], dict[str, list[str]]]]:
        """Per group: each phrase as its term sequences (one per analyser, or its words as written when an
        analysis shrinks it to one word), and the terms per language."""
        if self._compiled is None:
            compiled = []
            for group in self.groups:
                phrases = []
                terms: dict[str, list[str]] = {"fr": [], "en": []}
                for lang, phrase in [
                    *(("fr", p) for p in group.fr),
                    *(("en", p) for p in group.en),
                    *((None, p) for p in group.said),
                ]:
                    sequences = _phrase_sequences(
                        phrase, [tuple(self.analyzer.analyse(phrase, analyser)) for analyser in ("fr", "en")]
                    )
                    if sequences:
                        phrases.append(sequences)
                        if lang:
                            terms[lang].extend(sorted({term for sequence in sequences for term in sequence}))
                compiled.append((group, phrases, {lang: list(dict.fromkeys(words)) for lang, words in terms.items()}))
            self._compiled = compiled
        return self._compiled

    def expand(self, query: str, lang: str | None = None) -> Expansion:
        """A group applies when one of its phrases occurs in the query as written: its words in a row
        (stop words aside), in either language's analysis. "France Travail" then names the public
        employment service, but "visa vacances-travail ... en France" does not.

        The glosses are the group's words in the other language than the query's (`lang`, detected
        when not given): a partial translation, which is what the embedding model lacks.
        """
        lang = lang or detect(query, default="fr")
        sequences = [tuple(self.analyzer.analyse(query, analyser)) for analyser in ("fr", "en")]
        query_terms = {term for sequence in sequences for term in sequence}
        sequences.append(literal_words(query))  # for the phrases an analysis shrinks to one word
        # An age names an audience the query has no word for: its groups are matched like the query's
        # words and glossed first, since nothing else in the query says who the visitor is.
        said = " ".join(audience_words(query))
        audience = [tuple(self.analyzer.analyse(said, analyser)) for analyser in ("fr", "en")] if said else []
        expansion = Expansion()
        folded_query = query.lower()
        present = {term for sequence in sequences for term in sequence}  # a phrase must start with one of these
        glosses: tuple[list[str], list[str]] = ([], [])  # (for the audience, for the rest)
        for group, phrases, terms in self._compile():
            matched = [
                phrase
                for phrase in phrases
                if any(words[0] in present for words in phrase) and _occurs(phrase, sequences)
            ]
            named = bool(matched)
            # Every reading of a phrase found counts: the query's own analysis may be the other one.
            expansion.understood.update(term for phrase in matched for words in phrase for term in words)
            if not named and not any(_occurs(phrase, audience) for phrase in phrases):
                continue
            for words_lang, words in terms.items():
                expansion.by_lang[words_lang].extend(term for term in words if term not in query_terms)
            if group.topic and group.topic not in expansion.topics:
                expansion.topics.append(group.topic)
            other = group.en if lang == "fr" else group.fr
            glosses[named].extend(phrase for phrase in other if phrase.lower() not in folded_query)
        expansion.glosses = [*glosses[0], *glosses[1]][: self.max_glosses]
        expansion.by_lang = {key: list(dict.fromkeys(words)) for key, words in expansion.by_lang.items()}
        expansion.terms = list(dict.fromkeys([*expansion.by_lang["fr"], *expansion.by_lang["en"]]))
        return expansion


def _phrase_sequences(phrase: str, analyses: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """The term sequences a phrase matches as. A phrase of several words that an analysis shrinks to a
    single term (stop words dropped: "premier emploi" -> "emploi", "take over a business" ->
    "business") would apply to every query holding that term, so it must then occur word for word."""
    literal = literal_words(phrase)
    analyses = [analysis for analysis in analyses if analysis]
    kept = [analysis for analysis in analyses if len(analysis) > 1 or len(literal) == 1]
    if len(kept) < len(analyses):
        kept.append(literal)
    return tuple(dict.fromkeys(kept))


def _occurs(phrase: tuple[tuple[str, ...], ...], sequences: list[tuple[str, ...]]) -> bool:
    """Whether one analysis of the phrase is a run of consecutive terms of one analysis of the query."""
    for words in phrase:
        size = len(words)
        for sequence in sequences:
            if size == 1:
                if words[0] in sequence:
                    return True
                continue
            for start in range(len(sequence) - size + 1):
                if sequence[start : start + size] == words:
                    return True
    return False
