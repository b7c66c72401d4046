"""The job-title lane: "comment devenir X", "fiche métier X" ranked against career sheets' titles.

A visitor who names a trade wants the sheet of that trade. The passage BM25 and the embedding see a
career sheet as a block of text, where a title shares its words with the sheet's other lines and with
neighbouring sheets; this lane looks only at what a sheet is called: its title and its alternative
titles (the list under an "Appellations" heading, one line per title, as the ROME sheets and the
base's own sheets write them). Each sheet is one small BM25 document of those lines, analysed by
word stems (Snowball, after folding accents and bringing feminine forms to the masculine), so that
"oléicultrice" meets "oléiculteur" and "conseillère gestion sinistres" meets "Conseiller en gestion
de sinistres" without the lemmatiser's help.

The lane takes part in the fusion only when the message is asking about a trade (`job_query`: "je
voudrais devenir…", "fiche métier…", "how do I become…"): a question about funding a training course
never gets a ranking of job titles, so the lane cannot move it. Nothing is stored at build time: the
lane is computed from the records a generation already holds (titles, and the dense-only list-item
chunks the chunker makes of short lists), so adding it needs no rebuild of the index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import bm25s
import numpy as np

from common.text import fold
from indexer.lexical import normalise_french, stop_words, word_family

CAREER_SHEET = "career_sheet"
# BM25's length normalisation over a sheet's names. A trade with many alternative titles is no less
# the trade for having them: on ROME's tuning tenth the lane alone gave hit@1 / hit@3 0.606 / 0.786 at
# b = 0.3, 0.589 / 0.782 at 0.1, 0.600 / 0.777 at 0.5 and 0.578 / 0.761 at the usual 0.75 (k1 = 1.2;
# 0.5 and 2 did no better).
LENGTH_NORMALISATION = 0.3
# A stem no sheet's names hold ("photocopieur", "affranchisseur") is searched as the indexed stems of its
# family ("photocop", "affranch"), at this weight: on ROME's tuning tenth the lane alone went from hit@1 /
# hit@3 0.607 / 0.788 to 0.619 / 0.798 (0.616 / 0.795 at weight 0.5; families of at least 5 letters
# rather than the passage index's 6, as stems are shorter than words).
KIN_WEIGHT = 1.0
KIN_SHORTEST = 5
# Headings under which a sheet lists the other names of its trade (folded, compared whole).
TITLE_HEADINGS = frozenset(
    {"appellations", "autres appellations", "autres intitules", "intitules", "job titles", "other job titles"}
)
# What a sheet's title may begin with that is not the trade's name ("Fiche métier : infirmier·ère").
_TITLE_PREFIX = re.compile(r"^\s*(?:fiche m[eé]tier|career sheet|job sheet)\s*[:\-–]\s*", re.IGNORECASE)
_INCLUSIVE = re.compile(
    r"(?<=\w)[·•.(](?:e|es|se|ses|euse|euses|trice|trices|rice|rices|ere|eres|ne|nes|le|les|te|tes)\)?\b"
)
_WORD = re.compile(r"[a-z0-9]+")
_ARTICLE = re.compile(r"^\s*(?:(?:un|une|le|la|les|des|du|de|a|an|the)\s+|[dl]')*")
# Where a request stops naming the trade: a question mark, a sentence end, or a comma that opens a new
# clause ("agent de sécurité, il faut une carte ?"); a comma inside a title ("styliste lingerie,
# corseterie", "études, recherche et développement") is not one.
_CLAUSE_BREAK = re.compile(
    r"[;?!]|\.(?:\s|$)|,\s*(?=(?:il|elle|on|je|j'|tu|c'est|c|ca|ça|est-ce|quel|quels|quelle|quelles|comment|"
    r"combien|pourquoi|faut|do|does|is|are|can|could|what|how|which|where|should|i|i'm|please|svp|merci)\b)"
    # Words no job title holds that open the rest of a story ("devenir mécanicienne mais ses copines…",
    # "welder and work at the Airbus factory"): a break with or without a comma.
    r"|\s(?=(?:mais|chez|quand|parce|but|at|with|without|like|after|because|when|il faut|faut[- ]il)\b)",
    re.IGNORECASE,
)

# A message asking about a trade, on folded text: the request frames visitors use, in French and
# English, at the start of the message or after a greeting or a short preamble.
_JOB_QUERY = re.compile(
    r"(?:^|[\s,.!?;:'])(?:"
    r"(?:j?veu[xt]?|voudrais|voudrai|souhaite|souhaiterais|aimerais|reve de|compte|vais|envie de|pourrais|peux)"
    r" (?:devenir|etre|faire le metier de|travailler comme|travailler en tant que)"
    r"|devenir|comment (?:on )?devient|formation pour (?:devenir|etre|faire)"
    r"|(?:fiche|fiches) metiers?|le metier d[e']|metier de|travailler comme|emploi (?:de|d'|comme)"
    r"|(?:job|poste|travail|boulot|stage) (?:de|d'|comme|en tant que)"
    r"|become|becoming|to be|work as|job as|career as|position as|career sheet|job sheet"
    r")(?:(?<=')|(?=[\s']|$))"
)


def is_title_heading(heading: str) -> bool:
    """Whether a section heading announces a sheet's other names for its trade ("Appellations")."""
    return fold(heading).strip(" :") in TITLE_HEADINGS


def job_query(query: str) -> bool:
    """Whether a message asks about a trade by its name ("comment devenir taxidermiste ?")."""
    return bool(named_trade(query))


def named_trade(query: str) -> str:
    """The trade a message names after its request frame, up to the first clause break, folded: "je
    voudrais devenir agent de sécurité, il faut une carte ?" -> "agent de securite"; "" for a message
    that asks about no trade. Only these words meet the titles: the frame ("I'd like to work as") and
    the rest of the question ("do I need a licence") would match titles that share a word with them."""
    text = fold(query).replace("’", "'")
    match = _JOB_QUERY.search(text)
    if not match:
        return ""
    rest = _ARTICLE.sub("", text[match.end() :])
    trade = _CLAUSE_BREAK.split(rest, maxsplit=1)[0].strip(" .'")
    return trade if len(trade) >= 3 else ""


@cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("french")


def title_terms(text: str) -> list[str]:
    """Stems of a job title's words: accents folded, inclusive and feminine forms brought to the
    masculine ("Conseillère", "conseiller·ère" -> "conseill"), stop words dropped."""
    text = _INCLUSIVE.sub("", fold(text).replace("’", "'"))
    stops = stop_words()
    words = [_masculine(word) for word in _WORD.findall(text)]
    words = [word for word in words if word not in stops and (len(word) > 1 or word.isdigit())]
    return _stemmer().stemWords(words) if words else []


def _masculine(word: str) -> str:
    """The analyser's masculine singular, plus the feminine in "-ère" it leaves to the lemmatiser
    ("conseillère", "boulangère" -> "conseiller", "boulanger"), which the stemmer would keep apart."""
    word = normalise_french(word)
    if len(word) > 6 and word.endswith("ere"):
        return word[:-3] + "er"
    if len(word) > 4 and word.endswith("ee"):  # "chargée", "déléguée": the stemmer keeps "charge" from "charg"
        return word[:-1]
    if len(word) > 5 and word.endswith(("effe", "onne")):  # "cheffe", "maquignonne", "patronne"
        return word[:-2]
    return word


def _without_overlap(passages: Sequence[str]) -> str:
    """Consecutive passages of one section as one text, without the words each repeats from the one
    before (the chunker's overlap), which would count a title twice."""
    words: list[str] = []
    for passage in passages:
        following = passage.split()
        shared = next(
            (size for size in range(min(len(words), len(following)), 0, -1) if words[-size:] == following[:size]), 0
        )
        words.extend(following[shared:])
    return " ".join(words)


def sheet_title(title: str) -> str:
    """A sheet's title without a "Fiche métier :" prefix."""
    return _TITLE_PREFIX.sub("", title)


class TitleIndex:
    """BM25 over each career sheet's names (title and alternative titles), one document per sheet."""

    def __init__(self, resources: Sequence[int], lines: Sequence[Sequence[str]], k1: float, b: float) -> None:
        self.resources = np.asarray(resources, dtype=np.int64)  # resource position of each document
        self.lines = [list(names) for names in lines]
        self.retriever: bm25s.BM25 | None = None
        self._vocabulary: list[str] | None = None
        corpus = [[term for name in names for term in title_terms(name)] or [""] for names in self.lines]
        if corpus:
            self.retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
            self.retriever.index(corpus, show_progress=False)

    @classmethod
    def from_records(
        cls,
        resources: Sequence[dict],
        chunk_resource: Sequence[int],
        chunk_heading: Sequence[str],
        chunk_text: Sequence[str],
        chunk_is_title_line: Sequence[bool],
        chunk_is_passage: Sequence[bool] | None = None,
        k1: float = 1.2,
        b: float = LENGTH_NORMALISATION,
    ) -> TitleIndex:
        """The index of a generation's career sheets, from its resources and chunks: each sheet's title,
        plus its dense-only list-item chunks under a title heading (one chunk per alternative title).

        The chunker makes list-item chunks of every list under a title heading; an index built before it
        did (chunking "card-3") has them only for lists of two lines or more, none longer than twelve
        words, and a sheet whose list had one title, or one long title, has its names only in the passage
        under the heading. Its passage stands in for the lines then: the lane's document is a bag of
        stems, which the lines' boundaries do not change."""
        names: dict[int, list[str]] = {}
        passages: dict[int, list[str]] = {}
        for position, resource in enumerate(resources):
            if resource.get("kind") == CAREER_SHEET:
                names[position] = [sheet_title(resource["title"])]
        is_passage = chunk_is_passage if chunk_is_passage is not None else [False] * len(chunk_text)
        for resource, heading, text, is_line, passage in zip(
            chunk_resource, chunk_heading, chunk_text, chunk_is_title_line, is_passage, strict=True
        ):
            if int(resource) not in names or not is_title_heading(heading):
                continue
            if is_line:
                names[int(resource)].extend(part.strip() for part in text.split(" ; ") if part.strip())
            elif passage:
                passages.setdefault(int(resource), []).append(text)
        for position, texts in passages.items():
            if len(names[position]) == 1:  # no list-item chunk: the passage holds the names
                names[position].append(_without_overlap(texts))
        order = sorted(names)
        return cls(order, [names[position] for position in order], k1, b)

    def __len__(self) -> int:
        return len(self.lines)

    def _tokens(self, request: str) -> dict[str, list[tuple[int, float]]]:
        """Each stem of the request and the index's tokens it is searched as, with their weights: its own,
        or for a stem no sheet's names hold, those of its family (`lexical.word_family`) at `KIN_WEIGHT`."""
        assert self.retriever is not None
        vocab = self.retriever.vocab_dict
        if self._vocabulary is None:
            self._vocabulary = sorted(term for term in vocab if term)
        out: dict[str, list[tuple[int, float]]] = {}
        for term in dict.fromkeys(title_terms(request)):
            if term in vocab:
                out[term] = [(vocab[term], 1.0)]
            else:
                kin = word_family(term, self._vocabulary, KIN_SHORTEST)
                out[term] = [(vocab[word], KIN_WEIGHT) for word in kin]
        return out

    def coverage(self, request: str, resource: int) -> float:
        """Share of the request's information (its stems' inverse document frequencies, Lucene's formula)
        that one sheet's names hold: 1 when the sheet is called by every word of the request, near 0 when
        it only shares a common word ("ingénieur") with a request whose distinctive word no sheet has
        ("ingénieur méthanisation"). How much the lane's first sheet can be trusted, which the min-max
        normalisation of its ranking hides: that stretches any ranking to [0, 1]."""
        if self.retriever is None:
            return 0.0
        matches = np.flatnonzero(self.resources == resource)
        if not len(matches):
            return 0.0
        doc = int(matches[0])
        indices, indptr = self.retriever.scores["indices"], self.retriever.scores["indptr"]
        total = held = 0.0
        for term, tokens in self._tokens(request).items():
            token = self.retriever.vocab_dict.get(term)
            found = int(indptr[token + 1]) - int(indptr[token]) if token is not None else 0
            weight = float(np.log(1 + (len(self.lines) - found + 0.5) / (found + 0.5)))
            total += weight
            held += weight * max(
                (share for token, share in tokens if doc in indices[int(indptr[token]) : int(indptr[token + 1])]),
                default=0.0,
            )
        return held / total if total else 0.0

    def rank(self, request: str, allowed: np.ndarray | None = None, limit: int = 100) -> list[tuple[int, float]]:
        """(resource position, score) of the sheets whose names share stems with the request, best first;
        `allowed` is a boolean mask over resources (the search's filters)."""
        if self.retriever is None:
            return []
        matrix = self.retriever.scores
        data, indices, indptr = matrix["data"], matrix["indices"], matrix["indptr"]
        rows, values = [], []
        for tokens in self._tokens(request).values():
            for token, weight in tokens:
                start, end = int(indptr[token]), int(indptr[token + 1])
                rows.append(indices[start:end])
                values.append(weight * data[start:end])
        if not rows:
            return []
        totals = np.bincount(np.concatenate(rows), weights=np.concatenate(values), minlength=len(self.lines))
        if allowed is not None:
            totals = np.where(allowed[self.resources], totals, 0.0)
        positive = np.flatnonzero(totals > 0)
        order = positive[np.argsort(-totals[positive], kind="stable")][:limit]
        return [(int(self.resources[doc]), float(totals[doc])) for doc in order]
