"""Multilingual query expansion from the taxonomy's labels and a small synonym table.

The packaged embedding model reads English far better than the other languages, and BM25 cannot cross
languages at all. When a query names a concept of the table ("bilan de compétences", "cover letter",
"homologar el título"), the table's words for it are returned per language: those of the query's
language enrich its BM25 query, those of each other language translate it for that language's
resources, and those of the gloss language (`gloss_language`) are glossed into the text that is
embedded. The table is explicit and reviewable (`synonyms.yml`), built from `topics.yml`
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
from indexer.lexical import LEMMATISED, STEMMED, Analyzer, literal_words
from indexer.records import LANGS

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
    r"(?!\s*(?:ans?|years?)?\s*(?:d'|d’|de |of |years? of|d ))(?:\s*(?:ans|years? old|yo)\b|(?=\s*[,.;!?]|\s+\w))"
    # Spanish, Italian and Portuguese: "tengo 55 años", "ho 21 anni", "tenho 52 anos" (not "10 años de
    # experiencia", "da 15 anni").
    r"|\b(?:tengo|tenho|ho|con|com)\s+(?P<age_other>\d{2})\s*(?:años|anos|anni)\b(?!\s*(?:de |di |da ))",
    re.IGNORECASE,
)
YOUNG_UP_TO = 25  # youth schemes (missions locales, contrat d'engagement jeune) go to 25
OLDER_FROM = 45  # "plus de 45 ans": where the base's resources for experienced job seekers start
AGE_WORDS = {"young": "jeunes", "older": "senior"}  # words of the synonym table's groups for each audience


def audience_words(query: str) -> list[str]:
    """Words naming the audience an age in the query belongs to, for the table to expand."""
    words = []
    for match in _AGE.finditer(query):
        age = int(match["age"] or match["age_other"])
        if 15 <= age <= YOUNG_UP_TO:
            words.append(AGE_WORDS["young"])
        elif OLDER_FROM <= age <= 75:
            words.append(AGE_WORDS["older"])
    return list(dict.fromkeys(words))


def core_request(query: str) -> str:
    """The request without its frame: 'je voudrais devenir vendangeuse' -> 'vendangeuse'."""
    core = _FRAMES.sub("", query, count=1).strip(" ?!.")
    return core if len(core) >= 3 else query


def gloss_language(lang: str) -> str:
    """The language whose words gloss a query for the embedding model: English, which the packaged model
    reads best, and French for an English query (the base's other main language)."""
    return "fr" if lang == "en" else "en"


def phrase_analysers(lang: str | None) -> tuple[str, ...]:
    """The analyses a phrase of the table is matched in: French and English phrases (and `said` words)
    in both lemmatisers, as visitors mix them; a phrase of a stemmed language in its own stemmer."""
    return (lang,) if lang in STEMMED else LEMMATISED


@dataclass(frozen=True)
class Phrase:
    """A phrase of the table as the term sequences it matches as, and the query analyses it is sought in."""

    sequences: tuple[tuple[str, ...], ...]
    analysers: tuple[str, ...]
    # A `said` word keyed by a language applies to queries in that language only: Spanish "Italia" is
    # abroad to a Spanish visitor, home to an Italian one whose query is also read in Spanish stems.
    only_in: str | None = None


@dataclass(frozen=True)
class Group:
    """Words for one concept, per language code (`records.LANGS`); a language may have none."""

    topic: str | None
    words: dict[str, tuple[str, ...]]
    # Words visitors use for the concept that the base does not ("Allemagne" for working in Europe,
    # "diabétique" for a chronic illness): they make the group apply, but are never added to another
    # query nor glossed, so the table stays one way from them to the concept. Each with the language
    # whose analysis it is matched in (None: French and English, as visitors mix them).
    said: tuple[tuple[str | None, str], ...] = ()

    def phrases(self, lang: str) -> tuple[str, ...]:
        return self.words.get(lang, ())


@dataclass
class Expansion:
    terms: list[str] = field(default_factory=list)  # extra BM25 terms, all languages
    # the same, per language
    by_lang: dict[str, list[str]] = field(default_factory=lambda: {lang: [] for lang in LANGS})
    glosses: list[str] = field(default_factory=list)  # phrases added to the embedded query
    topics: list[str] = field(default_factory=list)  # topics the query names
    understood: set[str] = field(default_factory=set)  # the query's terms that a phrase of the table matched

    def dense_text(self, query: str) -> str:
        core = core_request(query)
        if not self.glosses:
            return core
        return f"{core} ({'; '.join(self.glosses)})"


def parse_group(item: dict, where: str = "") -> Group:
    """One entry of the table: `topic`, `said`, and one list of phrases per language code. A key that is
    neither raises ValueError naming it, so a misspelt language code cannot pass for a missing one."""
    unknown = set(item) - {"topic", "said", *LANGS}
    if unknown:
        raise ValueError(f"{where}synonym group has unknown key(s) {sorted(unknown)}: use topic, said or {LANGS}")
    words = {lang: tuple(item[lang]) for lang in LANGS if item.get(lang)}
    return Group(item.get("topic"), words, parse_said(item.get("said"), where))


def parse_said(said: list | dict | None, where: str = "") -> tuple[tuple[str | None, str], ...]:
    """`said` as a list (French and English words, matched in both lemmatisers) or keyed by language code
    like the phrases ("Alemania" is matched in the Spanish stems); `fr_en` keys the list form explicitly."""
    if not said:
        return ()
    if isinstance(said, list):
        return tuple((None, phrase) for phrase in said)
    unknown = set(said) - {"fr_en", *STEMMED}
    if unknown:
        raise ValueError(f"{where}`said` has unknown key(s) {sorted(unknown)}: use fr_en or {sorted(STEMMED)}")
    return tuple((None if lang == "fr_en" else lang, phrase) for lang, phrases in said.items() for phrase in phrases)


@cache
def load_groups(path: Path = SYNONYMS_FILE) -> tuple[Group, ...]:
    """Groups from the synonym table, plus one per topic made of its labels."""
    groups: list[Group] = []
    if path.exists():
        for number, item in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [], start=1):
            groups.append(parse_group(item, f"{path.name}, group {number}: "))
    for topic in load_taxonomy().topics.values():
        labels = {lang: (label,) for lang, label in topic.labels.items() if lang in LANGS}
        groups.append(Group(topic.id, labels))
    return tuple(groups)


class Expander:
    """Finds the table's concepts in a query and returns the other words for them."""

    def __init__(self, analyzer: Analyzer, groups: tuple[Group, ...] | None = None, max_glosses: int = 3) -> None:
        self.analyzer = analyzer
        self.groups = groups if groups is not None else load_groups()
        self.max_glosses = max_glosses
        self._compiled: list[tuple[Group, list[Phrase], dict[str, list[str]]]] | None = None

    def _compile(self) -> list[tuple[Group, list[Phrase], dict[str, list[str]]]]:
        """Per group: each phrase as its term sequences (one per analyser, or its words as written when an
        analysis shrinks it to one word), and the terms per language."""
        if self._compiled is None:
            compiled = []
            for group in self.groups:
                phrases = []
                terms: dict[str, list[str]] = {lang: [] for lang in LANGS}
                for lang, phrase, said in [
                    *((lang, p, False) for lang, words in group.words.items() for p in words),
                    *((lang, p, True) for lang, p in group.said),
                ]:
                    sequences = _phrase_sequences(
                        phrase, [tuple(self.analyzer.analyse(phrase, analyser)) for analyser in phrase_analysers(lang)]
                    )
                    if sequences:
                        phrases.append(Phrase(sequences, phrase_analysers(lang), lang if said else None))
                        if lang and not said:  # a `said` word is never added to a query
                            terms[lang].extend(sorted({term for sequence in sequences for term in sequence}))
                compiled.append((group, phrases, {lang: list(dict.fromkeys(words)) for lang, words in terms.items()}))
            self._compiled = compiled
        return self._compiled

    def expand(self, query: str, lang: str | None = None) -> Expansion:
        """A group applies when one of its phrases occurs in the query as written: its words in a row
        (stop words aside), in either language's analysis. "France Travail" then names the public
        employment service, but "visa vacances-travail ... en France" does not.

        The glosses are the group's words in the gloss language of the query's (`lang`, detected when
        not given; `gloss_language`): a partial translation, which is what the embedding model lacks.
        """
        lang = lang or detect(query, default="fr")
        # The query in every analysis a phrase may be matched in: a Spanish phrase meets the query's
        # Spanish stems whichever of the stemmed languages the query was detected in (Spanish, Italian
        # and Portuguese typed without accents are easily taken for one another).
        by_analyser = {analyser: tuple(self.analyzer.analyse(query, analyser)) for analyser in LANGS}
        own = (*LEMMATISED, *((lang,) if lang in STEMMED else ()))  # the analyses the query is searched in
        query_terms = {term for analyser in own for term in by_analyser[analyser]}
        literal = literal_words(query)  # for the phrases an analysis shrinks to one word
        # A French or English query is matched against French and English phrases only: a stemmer reads
        # French words as its own ("par" is the stem of Spanish "paro", "salarié" of "salario").
        sequences = {
            analysers: [*(by_analyser[analyser] for analyser in analysers), literal]
            for analysers in {phrase_analysers(code) for code in (None, *LANGS)}
            if lang in STEMMED or not set(analysers) & set(STEMMED)
        }
        # An age names an audience the query has no word for: its groups are matched like the query's
        # words and glossed first, since nothing else in the query says who the visitor is.
        said = " ".join(audience_words(query))
        audience = [tuple(self.analyzer.analyse(said, analyser)) for analyser in LEMMATISED] if said else []
        expansion = Expansion()
        folded_query = query.lower()
        # a phrase must start with one of these
        present = {term for sequence in (*by_analyser.values(), literal) for term in sequence}
        glosses: tuple[list[str], list[str]] = ([], [])  # (for the audience, for the rest)
        for group, phrases, terms in self._compile():
            matched = [
                phrase
                for phrase in phrases
                if phrase.analysers in sequences
                and phrase.only_in in (None, lang)
                and any(words[0] in present for words in phrase.sequences)
                and _occurs(phrase.sequences, sequences[phrase.analysers])
            ]
            named = bool(matched)
            # Every reading of a phrase found counts: the query's own analysis may be the other one.
            expansion.understood.update(term for phrase in matched for words in phrase.sequences for term in words)
            if not named and not any(_occurs(phrase.sequences, audience) for phrase in phrases):
                continue
            for words_lang, words in terms.items():
                expansion.by_lang[words_lang].extend(term for term in words if term not in query_terms)
            if group.topic and group.topic not in expansion.topics:
                expansion.topics.append(group.topic)
            other = group.phrases(gloss_language(lang))
            glosses[named].extend(phrase for phrase in other if phrase.lower() not in folded_query)
        expansion.glosses = [*glosses[0], *glosses[1]][: self.max_glosses]
        expansion.by_lang = {key: list(dict.fromkeys(words)) for key, words in expansion.by_lang.items()}
        # The classic BM25 query takes the table's words in the languages the query is searched in.
        expansion.terms = list(dict.fromkeys(term for code in own for term in expansion.by_lang[code]))
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
