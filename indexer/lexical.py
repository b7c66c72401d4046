"""Lexical retrieval: BM25 (bm25s) over lemmatised or stemmed, accent-folded text.

French is lemmatised by fr_core_news_sm; English by spaCy's lookup lemmatiser (spacy-lookups-data
tables, no English model); Spanish, Italian and Portuguese are stemmed by Snowball (PyStemmer) after
folding, so that "formación" and the "formacion" a visitor types meet: no small spaCy model of those
languages loads with the pinned spaCy, and a stemmer needs no accents to be right. On top of lemmas,
French job titles are brought to one form whatever the gender or the inclusive spelling: vendangeuse,
vendangeur, infirmière, infirmier(ère), conductrice, accastilleuse all meet their masculine form, so
"je voudrais devenir accastilleuse" finds a sheet that says "Accastilleur-gréeur". Accents are
folded because visitors type without them.

A query is analysed with the French and English pipelines and the tokens are merged (a visitor's
language is not always the resource's, and short queries are too short to detect reliably); a query in
a stemmed language is also analysed with its own stemmer (`query_terms`).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

import bm25s
import numpy as np
import yaml

from common.languages import LANGUAGES
from common.text import fold
from indexer.records import LANGS

ANALYSER_VERSION = "lex-10"  # bump when token output changes: the build re-analyses everything

# Words kept although spaCy lists them as stop words: they carry meaning in career guidance.
# "La 3e" (spaCy's lemma: "troisième") is the school year after which pupils choose their path.
_KEEP = {"part", "full", "first", "last", "work", "well", "show", "call", "nouveau", "seul", "plein", "troisieme"}
_EXTRA_STOP = {
    # The frame of a visitor's sentence, not its content.
    "voudrais",
    "voudrai",
    "vouloir",
    "souhaite",
    "souhaiter",
    "aimerais",
    "aimer",
    "cherche",
    "chercher",
    "trouver",
    "devenir",
    "savoir",
    "want",
    "would",
    "like",
    "become",
    "looking",
    "look",
    "find",
    "know",
    "please",
    "svp",
    "bonjour",
    "hello",
    "hi",
    "merci",
    "thanks",
    "thank",
    "can",
    "could",
    "get",
}
_INCLUSIVE = re.compile(
    r"(?<=\w)(?:\((?:e|es|se|ses|euse|euses|trice|trices|ère|ères|ne|nes|le|les|te|tes)\)"
    r"|[·•.](?:e|es|se|ses|euse|trice|ère|ne|le|te)(?:[·•.]s)?\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9]+")
_FEMININE_RULES = (
    ("euses", "eur"),
    ("euse", "eur"),
    ("eus", "eur"),
    ("trices", "teur"),
    ("trice", "teur"),
    ("ieres", "ier"),
    ("iere", "ier"),
    ("iennes", "ien"),
    ("ienne", "ien"),
)


# Everyday French for what the base says in standard words: visitors type "bosser", "un boulot", "le
# chômdu", "la fac" where the resources write "travailler", "travail", "chômage", "université" (the
# lemmatiser already turns "taf" into "travail"). One way only, from the visitor's word to the base's,
# on folded lemmas, documents and queries alike. A word with another common sense ("boîte") stays out;
# "bosse" is in, as the lemma spaCy gives "je bosse", the base never speaking of a bump.
_COLLOQUIAL_FR = {
    "bosser": "travailler",
    "bosse": "travailler",
    "boulot": "travail",
    "taff": "travail",
    "chomdu": "chomage",
    "chomedu": "chomage",
    "fac": "universite",
    "3eme": "troisieme",
}


# Languages lemmatised by spaCy (French by its model, English by lookup tables); every other declared
# language is stemmed by Snowball, under lingua's name for it ("SPANISH" -> "spanish"), with its words of
# `stemmed.yml`.
LEMMATISED = ("fr", "en")
STEMMED = {code: LANGUAGES[code].lingua.lower() for code in LANGS if code not in LEMMATISED}
STEMMED_WORDS_FILE = Path(__file__).with_name("stemmed.yml")


@cache
def _stemmed_words(lang: str) -> dict:
    """A stemmed language's frame, kept and colloquial words (`stemmed.yml`); empty when it has none."""
    data = yaml.safe_load(STEMMED_WORDS_FILE.read_text(encoding="utf-8")) or {}
    words = data.get(lang) or {}
    return {
        "frame": {fold(word) for word in words.get("frame") or ()},
        "keep": {fold(word) for word in words.get("keep") or ()},
        "colloquial": {fold(key): fold(value) for key, value in (words.get("colloquial") or {}).items()},
    }


def literal_words(text: str) -> tuple[str, ...]:
    """The text's words as written, folded, stop words included (no lemma, no normalisation)."""
    return tuple(_WORD.findall(fold(text)))


def word_family(term: str, vocabulary: Sequence[str], shortest: int = 6, dropped: int = 4, limit: int = 3) -> list[str]:
    """Words of a sorted vocabulary of the same family as `term`: those sharing its longest prefix found,
    dropping at most `dropped` letters and keeping at least `shortest`. Empty for a short word or a
    number, or when the prefix starts more than `limit` words (a prefix that common names no family)."""
    if len(term) < shortest + 1 or term.isdigit():
        return []
    for size in range(len(term) - 1, max(shortest, len(term) - dropped) - 1, -1):
        prefix = term[:size]
        start = bisect.bisect_left(vocabulary, prefix)
        found = []
        for word in vocabulary[start : start + limit + 1]:
            if not word.startswith(prefix):
                break
            found.append(word)
        if found:
            return found if len(found) <= limit else []
    return []


def normalise_french(token: str) -> str:
    """Masculine singular for French job-title shapes, applied the same way to documents and queries."""
    for suffix, replacement in _FEMININE_RULES:
        if token.endswith(suffix) and len(token) > len(suffix) + 2:
            return token[: -len(suffix)] + replacement
    if len(token) > 4 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


# American spellings brought to the British ones the base is written in ("recognised" 25 times, "recognized"
# never): a visitor who writes "my degree is not recognized" otherwise shares no term with the guides that
# answer. Applied to English lemmas, documents and queries alike. The "-ize" rule needs three letters before
# it, so "size", "prize" and "seize" keep theirs.
_AMERICAN_ENDINGS = re.compile(r"(?<=[a-z]{3})iz(?=e$|ation$|er$)|(?<=[a-z]{3})yz(?=e$|er$)")
_AMERICAN_WORDS = {
    "center": "centre",
    "color": "colour",
    "labor": "labour",
    "behavior": "behaviour",
    "favor": "favour",
    "neighbor": "neighbour",
    "license": "licence",
    "theater": "theatre",
    "enroll": "enrol",
    "enrollment": "enrolment",
    "fulfill": "fulfil",
}


def british_spelling(lemma: str) -> str:
    """The British spelling of an American English lemma ("recognize" -> "recognise"), else the lemma."""
    return _AMERICAN_WORDS.get(lemma) or _AMERICAN_ENDINGS.sub(lambda match: match.group(0)[0] + "s", lemma)


def _is_feminine_shape(word: str) -> bool:
    return any(word.endswith(suffix) and len(word) > len(suffix) + 2 for suffix, _ in _FEMININE_RULES)


@cache
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS as english
    from spacy.lang.fr.stop_words import STOP_WORDS as french

    words = {fold(word) for word in (*french, *english)} | _EXTRA_STOP
    return frozenset(words - _KEEP)


@cache
def stemmed_stop_words(lang: str) -> frozenset[str]:
    """Folded stop words of a stemmed language (spaCy's list), its sentence frames, minus meaningful words."""
    from importlib import import_module

    words = import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
    extra = _stemmed_words(lang)
    return frozenset(({fold(word) for word in words} | extra["frame"]) - extra["keep"])


@cache
def _stemmer(lang: str):
    import Stemmer

    return Stemmer.Stemmer(STEMMED[lang])


def stem_terms(text: str, lang: str) -> list[str]:
    """Terms of a text in a stemmed language: folded words, stop words out, then Snowball stems."""
    stops = stemmed_stop_words(lang)
    colloquial = _stemmed_words(lang)["colloquial"]
    words = []
    for word in _WORD.findall(fold(_INCLUSIVE.sub("", text).replace("’", "'"))):
        word = colloquial.get(word, word)
        if word in stops or (len(word) < 2 and not word.isdigit()):
            continue
        words.append(word)
    return _stemmer(lang).stemWords(words) if words else []


class Analyzer:
    """Text to index terms, per language; the spaCy pipelines load once, on first use."""

    def __init__(self) -> None:
        self._nlp: dict[str, object] = {}
        # A query is analysed several times (terms, expansion, coverage): short texts are cached.
        self._cached = lru_cache(maxsize=4096)(self._analyse)

    def nlp(self, lang: str):
        if lang not in self._nlp:
            import spacy

            if lang == "fr":
                self._nlp[lang] = spacy.load("fr_core_news_sm", exclude=["parser", "ner", "senter"])
            else:
                pipeline = spacy.blank("en")
                pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
                pipeline.initialize()
                self._nlp[lang] = pipeline
        return self._nlp[lang]

    def _prepare(self, text: str, lang: str) -> str:
        text = _INCLUSIVE.sub("", text)
        text = text.replace("/", " / ").replace("’", "'")
        return text.lower() if lang == "en" else text

    def _terms(self, doc, lang: str) -> list[str]:
        stops = stop_words()
        terms: list[str] = []
        for token in doc:
            if token.is_punct or token.is_space:
                continue
            surface = fold(token.text)
            lemma = fold(token.lemma_ or token.text)
            # A feminine job title is brought to its masculine form from the word as written: the
            # lemmatiser often mangles rare ones ("electricienne" -> "electricienn").
            source = surface if lang == "fr" and _is_feminine_shape(surface) else lemma or surface
            for word in _WORD.findall(source):
                word = (_COLLOQUIAL_FR.get(word) or normalise_french(word)) if lang == "fr" else british_spelling(word)
                if word in stops or (len(word) < 2 and not word.isdigit()):
                    continue
                terms.append(word)
        return terms

    def _analyse(self, text: str, lang: str) -> tuple[str, ...]:
        if lang in STEMMED:
            return tuple(stem_terms(text, lang))
        return tuple(self._terms(self.nlp(lang)(self._prepare(text, lang)), lang))

    def clear_cache(self) -> None:
        self._cached.cache_clear()

    def analyse(self, text: str, lang: str) -> list[str]:
        if len(text) <= 500:
            return list(self._cached(text, lang))
        return list(self._analyse(text, lang))

    def analyse_many(self, texts: Sequence[str], langs: Sequence[str]) -> list[list[str]]:
        """Batch analysis (spaCy's pipe is several times faster than one call per text)."""
        out: list[list[str] | None] = [None] * len(texts)
        for lang in set(langs):
            positions = [index for index, text_lang in enumerate(langs) if text_lang == lang]
            if lang in STEMMED:
                for index in positions:
                    out[index] = stem_terms(texts[index], lang)
                continue
            prepared = (self._prepare(texts[index], lang) for index in positions)
            for index, doc in zip(positions, self.nlp(lang).pipe(prepared, batch_size=128), strict=True):
                out[index] = self._terms(doc, lang)
        return [terms or [] for terms in out]

    def analyse_query(self, text: str, lang: str | None = None) -> list[str]:
        """The French and English terms, each once (the query's language is not trusted to match the
        base's), then, for a query in a stemmed language (`lang`), its own stems."""
        seen: dict[str, None] = {}
        for analyser in (*LEMMATISED, *((lang,) if lang in STEMMED else ())):
            for term in self.analyse(text, analyser):
                seen.setdefault(term, None)
        return list(seen)

    def terms_for(self, text: str, lang: str) -> list[str]:
        """A query's terms for the resources of one language: its stems for a stemmed language (that is
        how those resources were analysed), the French and English terms otherwise."""
        return self.analyse(text, lang) if lang in STEMMED else self.analyse_query(text)


class LexicalIndex:
    """BM25 over the text chunks; scores come back for every chunk position, 0 where no text is indexed.

    Dense-only chunks (list items, see chunking) are left out of the BM25 corpus rather than indexed
    empty: thousands of empty documents would skew document frequencies and the average length.
    """

    def __init__(self, retriever: bm25s.BM25 | None, positions: np.ndarray, size: int) -> None:
        self.retriever = retriever
        self.positions = positions  # chunk position of each BM25 document
        self.size = size  # number of chunks in the generation
        self._vocabulary: list[str] | None = None  # sorted, built on first use by `kin`

    @classmethod
    def build(cls, corpus_terms: Sequence[list[str] | None], k1: float = 1.2, b: float = 0.75) -> LexicalIndex:
        """`corpus_terms[i]` holds chunk i's terms, or None for a chunk BM25 does not index."""
        positions = np.array([index for index, terms in enumerate(corpus_terms) if terms is not None], dtype=np.int64)
        corpus = [corpus_terms[index] or [""] for index in positions]
        retriever = None
        if corpus:
            retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
            retriever.index(corpus, show_progress=False)
        return cls(retriever, positions, len(corpus_terms))

    def knows(self, term: str) -> bool:
        return self.retriever is not None and bool(term) and term in self.retriever.vocab_dict

    def reweigh(self, documents: int) -> None:
        """Term weights (Lucene's IDF) as if the corpus held `documents` documents, the term frequencies
        unchanged: a family's scores then compare with those of an index of that size (see
        `LexicalIndexes`). Scales each term's column of bm25s's precomputed score matrix."""
        if self.retriever is None or documents <= len(self.positions):
            return
        matrix = self.retriever.scores
        data, indptr = matrix["data"], matrix["indptr"]
        own = len(self.positions)
        frequencies = np.diff(indptr).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.log1p((documents - frequencies + 0.5) / (frequencies + 0.5)) / np.log1p(
                (own - frequencies + 0.5) / (frequencies + 0.5)
            )
        factor = np.where(frequencies > 0, factor, 1.0)
        matrix["data"] = (data * np.repeat(factor, np.diff(indptr))).astype(data.dtype)

    def kin(self, term: str, shortest: int = 6, dropped: int = 4, limit: int = 3) -> list[str]:
        """Indexed terms of the same family as a word the index lacks (`word_family`): "oleiculteur", a
        held-out job title, meets "oleiculture". Empty for a known word."""
        if self.retriever is None or self.knows(term):
            return []
        return word_family(term, self._sorted_vocabulary(), shortest, dropped, limit)

    def _sorted_vocabulary(self) -> list[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(term for term in self.retriever.vocab_dict if term)
        return self._vocabulary

    def scores(self, query_terms: list[str] | dict[str, float]) -> np.ndarray:
        """BM25 score of every chunk; with a dict, each term's contribution is scaled by its weight.

        Reads bm25s's precomputed term columns directly: one pass over the postings of the query's
        terms, whatever their weights.
        """
        out = np.zeros(self.size, dtype=np.float32)
        if self.retriever is None:
            return out
        weights = query_terms if isinstance(query_terms, dict) else dict.fromkeys(query_terms, 1.0)
        vocab = self.retriever.vocab_dict
        matrix = self.retriever.scores
        data, indices, indptr = matrix["data"], matrix["indices"], matrix["indptr"]
        rows, values = [], []
        for term, weight in weights.items():
            token = vocab.get(term) if term else None
            if token is None or token + 1 >= len(indptr):
                continue
            start, end = int(indptr[token]), int(indptr[token + 1])
            rows.append(indices[start:end])
            values.append(data[start:end] * weight)
        if rows:
            totals = np.bincount(np.concatenate(rows), weights=np.concatenate(values), minlength=len(self.positions))
            out[self.positions] = totals.astype(np.float32)
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self.retriever is not None:
            self.retriever.save(str(directory))
        np.save(directory / "positions.npy", self.positions)
        (directory / "size.json").write_text(json.dumps({"size": self.size}), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        size = json.loads((directory / "size.json").read_text(encoding="utf-8"))["size"]
        positions = np.load(directory / "positions.npy")
        retriever = bm25s.BM25.load(str(directory), mmap=False) if len(positions) else None
        return cls(retriever, positions, size)


BASE_FAMILY = "base"  # French and English share one BM25 index, as they did before other languages came


def family(lang: str) -> str:
    """The BM25 index a chunk of `lang` belongs to: its own for a stemmed language, the shared one otherwise."""
    return lang if lang in STEMMED else BASE_FAMILY


class LexicalIndexes:
    """One BM25 index per family of languages, read as one: French and English together, each stemmed
    language alone.

    BM25 weighs a term by how rare it is in its corpus: in one shared corpus, a shelf of Spanish
    resources would change the weight of every French and English term (the number of documents moves),
    and reorder French and English near-ties that nothing about them changed. Separate corpora keep the
    French and English weights their own; each language's resources are ranked on their own anyway
    (`search.rank`). A small family's weights are taken as if its corpus were the whole base
    (`LexicalIndex.reweigh`): its scores then compare with the French and English ones, which is how a
    query's best match in its own language is weighed against the best in another (`Searcher.fuse`);
    in a corpus of a hundred passages every word looks common and the visitor's own language lost.
    """

    def __init__(self, indexes: dict[str, LexicalIndex]) -> None:
        self.indexes = indexes
        self.base = indexes[BASE_FAMILY]

    @classmethod
    def build(
        cls, corpus_terms: Sequence[list[str] | None], langs: Sequence[str], k1: float = 1.2, b: float = 0.75
    ) -> LexicalIndexes:
        """`corpus_terms[i]` holds chunk i's terms (None when BM25 does not index it), `langs[i]` its language."""
        families = [family(lang) for lang in langs]
        indexes = {}
        documents = sum(terms is not None for terms in corpus_terms)
        for name in sorted({BASE_FAMILY, *families}):
            terms = [terms if of == name else None for terms, of in zip(corpus_terms, families, strict=True)]
            indexes[name] = LexicalIndex.build(terms, k1, b)
            if name != BASE_FAMILY:
                indexes[name].reweigh(documents)
        return cls(indexes)

    @property
    def size(self) -> int:
        return self.base.size

    def knows(self, term: str) -> bool:
        return any(index.knows(term) for index in self.indexes.values())

    def kin(self, term: str, shortest: int = 6, dropped: int = 4, limit: int = 3) -> list[str]:
        """`LexicalIndex.kin` in the French and English vocabulary (job titles' families live there)."""
        return self.base.kin(term, shortest, dropped, limit)

    def scores(self, query_terms: list[str] | dict[str, float]) -> np.ndarray:
        """Each chunk's BM25 score in its own family's index (the families hold disjoint chunks)."""
        out = self.base.scores(query_terms)
        for name, index in self.indexes.items():
            if name != BASE_FAMILY:
                out += index.scores(query_terms)
        return out

    def save(self, generation: Path) -> None:
        for name, index in self.indexes.items():
            index.save(generation / ("bm25" if name == BASE_FAMILY else f"bm25-{name}"))

    @classmethod
    def load(cls, generation: Path) -> LexicalIndexes:
        indexes = {BASE_FAMILY: LexicalIndex.load(generation / "bm25")}
        for directory in sorted(generation.glob("bm25-*")):
            indexes[directory.name.removeprefix("bm25-")] = LexicalIndex.load(directory)
        return cls(indexes)
