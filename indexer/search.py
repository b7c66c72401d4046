"""Search the current index generation: BM25 and dense retrieval fused, one result per resource.

A `Searcher` loads a generation into memory (so a later build may delete its files safely) and checks
the `current` pointer before each query: when a new generation appears it reloads, and until the new
one is fully loaded it keeps answering from the old one.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from common.centres import NETWORK, default_centre, owner_of
from common.languages import DEFAULT
from indexer.dense import Centering, DenseIndex, Embedder, set_threads
from indexer.expansion import Expander, Expansion, core_request
from indexer.fusion import reciprocal_rank_fusion, score_fusion
from indexer.job_titles import TitleIndex, named_trade
from indexer.language import confidences, detect
from indexer.lexical import LEMMATISED, STEMMED, Analyzer, LexicalIndexes, normalise_french, stem_terms
from indexer.settings import Settings, load_settings
from indexer.store import CURRENT, Store, current_generation
from spelling import normalise

log = logging.getLogger(__name__)
MODES = ("bm25", "dense", "fusion")


@dataclass(frozen=True)
class Tuning:
    """Retrieval knobs, tuned on whole question sets, never on single questions.

    Chosen by 5-fold cross-validation over the development set and ROME's tuning titles (never the
    tenth `cdm eval --rome` reports on), both split in folds (`python -m indexer.tools.tune_fusion`). The
    rankings are fused by score (`fusion.score_fusion`): each is min-max normalised between its best
    score and its score at rank `norm_depth` + 1, then the normalised scores add up with these
    weights. That keeps what rank fusion loses, how close the scores are (a near-tie stays a near-tie
    instead of a whole rank apart, a clear winner stays clear), and beat RRF (`fusion = "rrf"`,
    constant `rrf_k`) on every part of the development set and on ROME.
    The dense ranking of a French query weighs a little less because the packaged model reads French
    less well than English (with a multilingual model, set `dense_weight_fr` to 1); it also weighs
    `((best - fifth best) / best) ** dense_confidence_power`: min-max normalisation stretches any
    ranking to the full [0, 1], and a nearly flat list of similarities (the model sees no passage
    standing out) must not count as much as a clear winner. The BM25 rankings weigh as much as the
    share of the query's words the vocabulary knows.

    Lexical retrieval cannot cross languages by itself, so the resources of each language of the base
    get their own BM25 ranking: the query's language on the query (plus the synonym table's words at
    `expansion_weight`), any other language on the query translated through the table (its words at
    `translation_weight`, full weight: they are the query as written in that language). Scores of
    the two rankings then compare, and the other language's ranking weighs
    `min(1, its best score / the query language's best score) ** other_lang_power` in the fusion:
    fully when a resource in the other language matches the request at least as well as any in the
    visitor's language, hardly when it only shares a word or two. The two parameters this adds keep
    their plain values (full weight for a translation, a plain ratio); neighbouring values (translation
    0.5, power 0.5 to 3) did the same or worse on the development set as a whole.
    """

    candidates: int = 200  # chunks the dense retriever returns
    fusion_depth: int = 100  # resources of each ranking that take part in fusion
    fusion: str = "score"  # "score" (min-max normalised, weighted sum) or "rrf"
    norm_depth: int = 50  # the rank whose score a ranking's min-max normalisation maps to 0
    dense_confidence_power: float = 0.25  # dense weight * (relative margin of its best over its fifth) ** this
    rrf_k: float = 5.0  # only for fusion = "rrf"
    bm25_weight: float = 1.0
    dense_weight: float = 1.0  # for English queries
    dense_weight_fr: float = 0.7  # for French queries
    dense_weight_other: float = 0.5  # for Spanish, Italian and Portuguese queries (see indexer/README.md)
    coverage_power: float = 1.0  # BM25 weight grows with the share of query words it knows
    expansion_weight: float = 0.5  # BM25 weight of terms added by the bilingual synonym table
    translation_weight: float = 1.0  # BM25 weight of the table's words when they translate the query
    other_lang_power: float = 1.0  # weight of another language's BM25 ranking: (its best / own best) ** this
    # Weight of the job-title lane (`job_titles`): career sheets ranked on their names, for a message that
    # asks about a trade ("comment devenir…"); other messages get no such ranking. It weighs
    # `title_weight * coverage ** title_coverage_power`, where coverage is the share of the named trade's
    # words (by inverse document frequency) its first sheet is called by: min-max normalisation makes
    # any ranking's first 1, even one that only matched "ingénieur" of "ingénieur méthanisation".
    # Chosen by `tune_fusion` (5 folds over the development set and ROME's tuning tenth, every fold the
    # same): 2 and 1, from weight 0, 0.5, 1, 1.5, 2 and power 0, 1, 2. ROME tuning fusion hit@1 / hit@3
    # 0.604 / 0.774 -> 0.636 / 0.808; the development set the same (the lane runs on 16 of its 156).
    title_weight: float = 2.0
    title_coverage_power: float = 1.0
    snippet_chars: int = 320
    # A resource of the asking centre outranks a network resource whose fused score is up to this share
    # higher: among comparably relevant results the centre's own (its partners, its rooms) come first,
    # while a clearly better network resource still leads.
    own_centre_bonus: float = 0.1
    # A query is answered in its visitor's language first: a resource in Spanish, Italian or Portuguese
    # that is not the query's language (a French, English or Italian visitor may not read Spanish) has
    # its fused score multiplied by this, so it comes up only when it clearly answers better. French and
    # English resources are every language's fallback (their rankings weigh as their best match
    # compares, `fuse`), as the network's centres hold most of their resources in those two.
    other_lang_factor: float = 0.5

    def __post_init__(self) -> None:
        if self.fusion not in ("score", "rrf"):
            raise ValueError(f"Tuning.fusion must be 'score' or 'rrf', not {self.fusion!r}")
        if self.norm_depth < 1 or self.rrf_k < 0 or self.dense_confidence_power < 0:
            raise ValueError("Tuning: norm_depth must be >= 1, rrf_k and dense_confidence_power >= 0")


@dataclass
class Rankings:
    """Resource rankings of each retriever for one query, with the chunk scores behind them."""

    chunk_bm25: np.ndarray
    bm25: list[tuple[int, float]] = field(default_factory=list)
    bm25_by_lang: dict[str, list[tuple[int, float]]] = field(default_factory=dict)  # the same, per resource language
    dense: list[tuple[int, float]] = field(default_factory=list)
    dense_scores: dict[int, float] = field(default_factory=dict)
    chunk_dense: dict[int, float] = field(default_factory=dict)
    query_lang: str = "fr"
    coverage: float = 1.0  # share of the query's words that the BM25 vocabulary knows
    # Resources a French or English visitor may not read (Spanish, Italian, Portuguese) among the dense
    # ranking's: fused as a ranking of their own, so that they do not move the others' normalisation.
    unread: set[int] = field(default_factory=set)
    # For a query in a stemmed language, the detector's confidence in each language (see `prefer_languages`).
    lang_confidence: dict[str, float] = field(default_factory=dict)
    titles: list[tuple[int, float]] = field(default_factory=list)  # career sheets by their names (job_titles)
    title_coverage: float = 0.0  # share of the named trade's words the first of `titles` is called by


@dataclass
class SearchResult:
    id: str
    title: str
    kind: str
    topics: list[str]
    lang: str
    score: float
    source: str
    snippet: str
    where: str
    publisher: str | None
    audience: list[str]
    updated: str
    similarity: float  # best cosine similarity of a passage: lets a caller say "nothing relevant"
    centre: str = NETWORK  # the centre the resource belongs to, or the network
    passage: str = ""  # the whole best passage, from which an answer extracts its key points

    def to_json(self) -> dict:
        data = asdict(self)
        del data["passage"]  # the snippet is the short form a listing shows
        return data


@dataclass
class Retrieval:
    """Results of one query and the evidence a caller needs to decide whether they answer it."""

    results: list[SearchResult]
    coverage: float  # share of the query's words the lexical index knows
    top_bm25: float  # best BM25 score of any resource
    query_lang: str
    agreement: float = 0.0  # share of the five best resources both retrievers rank there: they rarely
    # agree on a question the base cannot answer

    @property
    def best_similarity(self) -> float:
        return max((result.similarity for result in self.results[:3]), default=0.0)


def coverage(terms: list[str], lexical: LexicalIndexes, expansion: Expansion) -> float:
    """Share of the query's words the base knows: its own, or one the synonym table understands
    ("Allemagne", "diabétique"). Numbers are left out: "52 ans" or "2026" name no subject."""
    words = [term for term in terms if not term.isdigit()]
    if not words:
        return 1.0  # nothing to know
    return sum(lexical.knows(term) or term in expansion.understood for term in words) / len(words)


class Generation:
    """One index generation held in memory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with Store(path / "meta.sqlite") as store:
            self.info = store.info()
            self.resources = store.resources()
            rows = list(store.chunks())
            self.series = store.series()
            self.problems = store.problems()
        self.position = {resource["id"]: index for index, resource in enumerate(self.resources)}
        self.chunk_resource = np.array([self.position[row[0]] for row in rows], dtype=np.int64)
        self.chunk_is_card = np.array([row[1] < 0 for row in rows], dtype=bool)
        self.chunk_is_passage = np.array([row[1] >= 0 and bool(row[5]) for row in rows], dtype=bool)
        self.chunk_heading = [row[2] for row in rows]
        self.chunk_text = [row[3] for row in rows]
        self.chunk_lang = [row[4] for row in rows]
        self.lexical = LexicalIndexes.load(path)
        self.dense = DenseIndex.load(path / "dense.faiss")
        self.centering = Centering.load(path / "centering.npz")
        self.resource_lang = np.array([resource["lang"] for resource in self.resources])
        self.langs = sorted(set(self.resource_lang.tolist()))
        self.stemmed = [lang for lang in self.langs if lang in STEMMED]
        self.chunk_in_lang = {lang: self.resource_lang[self.chunk_resource] == lang for lang in self.langs}
        self.resource_kind = np.array([resource["kind"] for resource in self.resources])
        self.resource_topics = [set(resource["topics"]) for resource in self.resources]
        self.resource_audience = [set(resource["audience"]) for resource in self.resources]
        # A generation built before centres existed has no `centre` field: the file's path tells.
        self.resource_centre = np.array(
            [resource.get("centre") or owner_of(resource["source"]) for resource in self.resources]
        )
        # Career sheets by their names, from the records above (no file of its own: nothing to rebuild).
        self.titles = TitleIndex.from_records(
            self.resources,
            self.chunk_resource,
            self.chunk_heading,
            self.chunk_text,
            ~self.chunk_is_card & ~self.chunk_is_passage,
            self.chunk_is_passage,
        )

        # Chunks are stored resource after resource: per-resource maxima are one reduceat.
        self.resource_start = np.searchsorted(self.chunk_resource, np.arange(len(self.resources)))
        starts = self.resource_start
        self._contiguous = (
            bool(np.all(np.diff(self.chunk_resource) >= 0))
            and bool(np.all(np.diff(starts) > 0))
            and (not len(starts) or int(starts[-1]) < len(self.chunk_resource))
        )

    @property
    def name(self) -> str:
        return self.path.name

    def knows(self, word: str) -> bool:
        """Whether a folded word, the masculine singular the analyser makes of it, or its stem in a stemmed
        language of the base, is an index term: a word of the base, never to be "corrected" ("vitrier",
        "saigneur" in a base of job sheets; "trabajo", "lavoro" in a base with Spanish and Italian)."""
        if self.lexical.knows(word) or self.lexical.knows(normalise_french(word)):
            return True
        return any(self.lexical.knows(term) for lang in self.stemmed for term in stem_terms(word, lang))

    def resource_maxima(self, chunk_scores: np.ndarray) -> np.ndarray:
        """Each resource's best chunk score."""
        if self._contiguous:
            return np.maximum.reduceat(chunk_scores, self.resource_start)
        best = np.zeros(len(self.resources), dtype=np.float32)
        np.maximum.at(best, self.chunk_resource, chunk_scores)
        return best

    def best_per_resource(self, chunk_scores: np.ndarray) -> list[tuple[int, float]]:
        if not len(chunk_scores) or not self.resources:
            return []
        return _top_positive(self.resource_maxima(chunk_scores))

    def chunks_of(self, index: int) -> range:
        if self._contiguous:
            end = self.resource_start[index + 1] if index + 1 < len(self.resources) else len(self.chunk_resource)
            return range(int(self.resource_start[index]), int(end))
        return range(0)

    def allowed_resources(
        self, lang: str | None, kind: str | None, topic: str | None, audience: str | None, centre: str | None = None
    ) -> np.ndarray | None:
        """Boolean mask over resources, or None when no filter applies. A centre sees its own resources
        and the network's, never another centre's."""
        if not any((lang, kind, topic, audience, centre)):
            return None
        mask = np.ones(len(self.resources), dtype=bool)
        if centre:
            mask &= (self.resource_centre == centre) | (self.resource_centre == NETWORK)
        if lang:
            mask &= self.resource_lang == lang
        if kind:
            mask &= self.resource_kind == kind
        if topic:
            mask &= np.array([topic in topics for topics in self.resource_topics], dtype=bool)
        if audience:
            mask &= np.array([audience in values or "all" in values for values in self.resource_audience], dtype=bool)
        return mask


class Searcher:
    """Answers queries from the newest complete generation of an index directory."""

    def __init__(
        self,
        index_dir: Path | str | None = None,
        settings: Settings | None = None,
        *,
        analyzer: Analyzer | None = None,
        embedder: Embedder | None = None,
        tuning: Tuning | None = None,
        reload_on_query: bool = True,
        normalise: bool = True,
    ) -> None:
        self.settings = settings or load_settings()
        # A long-running server reloads from a background thread instead (`watch`), so that no query
        # waits while a new generation loads; one-shot commands simply check before each query.
        self.reload_on_query = reload_on_query
        # Queries are read as the NLU reads the message: SMS forms and typos corrected (`spelling`), so
        # that "jveu fer infirmiere" meets the nursing sheet. Off only to measure what it brings.
        self.normalise = normalise
        self.index_dir = Path(index_dir or self.settings.index_dir)
        self.analyzer = analyzer or Analyzer()
        self.tuning = tuning or Tuning()
        self._lock = threading.Lock()
        self._generation: Generation | None = None
        self._link_target: str | None = None
        self._load()
        model = self._generation.info.get("embedding_model") if self._generation else None
        self.embedder = embedder or Embedder(model or self.settings.embedding_model)
        self.expander = Expander(self.analyzer)
        set_threads(self.settings.search_threads)

    # loading -------------------------------------------------------------------------------------
    def _read_link(self) -> str | None:
        try:
            return os.readlink(self.index_dir / CURRENT)
        except OSError:
            return None

    def _load(self) -> None:
        target = self._read_link()
        path = current_generation(self.index_dir)
        if target is None or path is None:
            raise FileNotFoundError(f"no index in {self.index_dir}: run `cdm index` first")
        self._generation = Generation(path)
        self._link_target = target

    def refresh(self) -> bool:
        """`maybe_reload` unless a background watcher does that job."""
        return self.maybe_reload() if self.reload_on_query else False

    def watch(self, interval: float = 2.0) -> threading.Thread:
        """Check for a new generation every `interval` seconds in a daemon thread.

        Queries keep using the generation in memory while the next one loads, then the reference is
        swapped in one assignment: no request waits for a reload or sees a half-loaded index.
        """

        def loop() -> None:
            while True:
                time.sleep(interval)
                try:
                    if self.maybe_reload():
                        log.info("index reloaded: generation %s", self.generation.name)
                except Exception:  # a watcher must outlive one bad generation
                    log.exception("index reload failed; still answering from %s", self.generation.name)

        thread = threading.Thread(target=loop, name="index-watcher", daemon=True)
        thread.start()
        return thread

    def maybe_reload(self) -> bool:
        """Switch to a newer generation if `current` moved; keep the old one if loading fails."""
        target = self._read_link()
        if target is None or target == self._link_target:
            return False
        with self._lock:
            if target == self._link_target:
                return False
            try:
                path = current_generation(self.index_dir)
                if path is None:
                    return False
                self._generation = Generation(path)
                self._link_target = target
            except (OSError, ValueError, RuntimeError) as error:  # e.g. pruned between readlink and load
                log.warning("could not load new index generation %s: %s", target, error)
                return False
        return True

    @property
    def generation(self) -> Generation:
        assert self._generation is not None
        return self._generation

    # searching -----------------------------------------------------------------------------------
    def question_vector(self, text: str) -> np.ndarray:
        """The model's unit vector of a question as a search reads it (spelling normalised), from the same
        cached path the dense retrieval uses, so a question just searched is not embedded twice. Not
        centred on the generation: the desk compares it with vectors of questions asked under other
        generations (knowledge gaps)."""
        text = " ".join(str(text).split())[:2000]
        if self.normalise:
            text = normalise(text, self.generation.knows).text
        return self.embedder.embed_query(text)

    def search(self, query: str, k: int = 5, **options: Any) -> list[SearchResult]:
        """The best `k` resources for `query`, one result per resource, best first (options: `retrieve`)."""
        return self.retrieve(query, k, **options).results

    def retrieve(
        self,
        query: str,
        k: int = 5,
        *,
        lang: str | None = None,
        kind: str | None = None,
        topic: str | None = None,
        audience: str | None = None,
        mode: str = "fusion",
        exclude: Collection[str] = (),
        centre: str | None = None,
    ) -> Retrieval:
        """`search` plus the evidence behind it, from which a caller judges whether to trust it.

        `exclude` leaves out resources already shown ("more like this"). `centre` (a resolved id; the
        deployment's default centre when None) limits the results to its own resources and the
        network's, its own first among comparably relevant ones.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        self.refresh()
        generation = self.generation
        query = " ".join(str(query).split())[:2000]
        # The normaliser corrects towards French and English: a question detected as written in one of the
        # stemmed languages is searched as written ("cmo faço o curiculo" became "cmo faço au curricula").
        if self.normalise and detect(query, default=DEFAULT) not in STEMMED:
            query = normalise(query, generation.knows).text
        if not query or not generation.resources:
            return Retrieval([], 0.0, 0.0, detect(query, default=DEFAULT) if query else DEFAULT)
        centre = centre or default_centre()
        ranked_lists = self.rank(
            query, generation, lang=lang, kind=kind, topic=topic, audience=audience, mode=mode, centre=centre
        )
        ranked = self.prefer_languages(
            self.fuse(ranked_lists, mode), generation, ranked_lists.query_lang, ranked_lists.lang_confidence
        )
        ranked = self.prefer_own(ranked, generation, centre, ranked_lists.query_lang)
        skipped = set(exclude)
        results = []
        for index, score in ranked:
            if len(results) == k:
                break
            if generation.resources[index]["id"] in skipped:
                continue
            results.append(self._result(generation, index, score, ranked_lists.chunk_bm25, ranked_lists.chunk_dense))
        top_bm25 = ranked_lists.bm25[0][1] if ranked_lists.bm25 else 0.0
        lexical_top = {index for index, _ in ranked_lists.bm25[:5]}
        dense_top = {index for index, _ in ranked_lists.dense[:5]}
        agreement = len(lexical_top & dense_top) / 5
        return Retrieval(results, ranked_lists.coverage, float(top_bm25), ranked_lists.query_lang, agreement)

    def rank(
        self,
        query: str,
        generation: Generation,
        *,
        lang: str | None = None,
        kind: str | None = None,
        topic: str | None = None,
        audience: str | None = None,
        mode: str = "fusion",
        centre: str | None = None,
    ) -> Rankings:
        """Each retriever's resource ranking for a query (evaluation fuses them in several ways), over the
        resources `centre` may cite (the default centre's when None)."""
        mask = generation.allowed_resources(lang, kind, topic, audience, centre or default_centre())
        if mask is not None and mask.all():
            mask = None  # a base with no other centre's resources (a single-centre corpus) filters nothing
        chunk_mask = mask[generation.chunk_resource] if mask is not None else None
        tuning = self.tuning
        out = Rankings(chunk_bm25=np.zeros(len(generation.chunk_text), dtype=np.float32))
        out.query_lang = detect(query, default=DEFAULT)
        if out.query_lang in STEMMED:
            out.lang_confidence = confidences(query)
        # Both retrievers search the request without its frame ("fiche métier", "je cherche un emploi
        # de", "quelle formation pour être"): the frame says how a visitor asks, not what about, and its
        # words ("emploi", "formation") and the table's concepts for them pulled every job title towards
        # employment and training resources.
        request = core_request(query)
        expansion = self.expander.expand(request, out.query_lang)
        if mode in ("bm25", "fusion"):
            out.coverage = coverage(self.analyzer.analyse(query, out.query_lang), generation.lexical, expansion)
            # The classic BM25 ranking: the query's words (its French and English analyses, and its own
            # stems when it is in a stemmed language), and the table's words for its concepts in those
            # languages at a lower weight.
            query_terms = self.analyzer.analyse_query(request, out.query_lang)
            weights = dict.fromkeys(query_terms, 1.0)
            # A word the index lacks is looked for through its family's words (a held-out job title,
            # "oléicultrice", meets "oléiculture"), at the weight of the table's added words.
            kin = [word for term in query_terms for word in generation.lexical.kin(term)]
            for term in [*expansion.terms, *kin]:
                weights.setdefault(term, tuning.expansion_weight)
            chunk_bm25 = generation.lexical.scores(weights)
            if chunk_mask is not None:
                chunk_bm25 = np.where(chunk_mask, chunk_bm25, 0.0)
            out.chunk_bm25 = chunk_bm25
            if len(chunk_bm25) and generation.resources:
                best = generation.resource_maxima(chunk_bm25)
                out.bm25 = _top_positive(best)
                in_lang = generation.resource_lang == out.query_lang
                out.bm25_by_lang[out.query_lang] = _top_positive(np.where(in_lang, best, 0.0))
                # Resources in another language get their own ranking, on the query as that language's
                # resources were analysed (`Analyzer.terms_for`) and translated through the table (its
                # words there weigh as much as the query's own; see `fuse`).
                for other in generation.langs if mode == "fusion" else ():
                    if other == out.query_lang:
                        continue
                    translated = dict.fromkeys(self.analyzer.terms_for(request, other), 1.0)
                    for term in expansion.by_lang.get(other, ()):
                        translated.setdefault(term, tuning.translation_weight)
                    for term in kin:
                        translated.setdefault(term, tuning.expansion_weight)
                    in_other = generation.chunk_in_lang[other]
                    if chunk_mask is not None:
                        in_other = in_other & chunk_mask
                    scores = np.where(in_other, generation.lexical.scores(translated), 0.0)
                    out.chunk_bm25 = np.where(in_other, scores, out.chunk_bm25)
                    out.bm25_by_lang[other] = _top_positive(generation.resource_maxima(scores))
        if mode == "fusion":
            out.titles, out.title_coverage = title_ranking(generation, query, mask)
        if mode in ("dense", "fusion"):
            vector = generation.centering.query(self.embedder.embed_query(expansion.dense_text(query)))
            allowed = np.flatnonzero(chunk_mask) if chunk_mask is not None else None
            positions, similarities = generation.dense.search(vector, tuning.candidates, allowed)
            for position, similarity in zip(positions.tolist(), similarities.tolist(), strict=True):
                out.chunk_dense[position] = similarity
                resource = int(generation.chunk_resource[position])
                if resource not in out.dense_scores:
                    out.dense_scores[resource] = similarity
                    out.dense.append((resource, similarity))
            if out.query_lang in LEMMATISED and generation.stemmed:
                unread = np.isin(generation.resource_lang, generation.stemmed)
                out.unread = {resource for resource, _ in out.dense if unread[resource]}
        return out

    def fuse(self, rankings: Rankings, mode: str, tuning: Tuning | None = None) -> list[tuple[int, float]]:
        tuning = tuning or self.tuning
        if mode == "bm25":
            return rankings.bm25
        if mode == "dense":
            return rankings.dense
        if rankings.query_lang in STEMMED:
            dense_weight = tuning.dense_weight_other
        else:
            dense_weight = tuning.dense_weight if rankings.query_lang == "en" else tuning.dense_weight_fr
        # For a French or English query, the resources its visitor may not read form a dense ranking of
        # their own, weighed like another language's BM25 ranking (its best against the other's best).
        dense = [pair for pair in rankings.dense if pair[0] not in rankings.unread]
        unread_dense = [pair for pair in rankings.dense if pair[0] in rankings.unread]
        dense_weight *= dense_confidence(dense) ** tuning.dense_confidence_power
        # BM25 ranks on the words it knows: when half the query is words no indexed text contains (a
        # rare job title, the other language), its ranking stands on the other half and weighs less.
        bm25_weight = tuning.bm25_weight * rankings.coverage**tuning.coverage_power
        # One lexical ranking per language of the base. The query's language leads; another language's
        # ranking (on the translated query) weighs as much as its best match compares with the best
        # match in the query's language: fully when the other language holds a match at least as strong
        # (the need only resources in that language meet), little when it only meets a word or two.
        lexical = rankings.bm25_by_lang or {rankings.query_lang: rankings.bm25}
        own = lexical.get(rankings.query_lang) or []
        own_best = own[0][1] if own else 0.0
        lists, weights = [], []
        for lang, ranking in lexical.items():
            share = 1.0
            if lang != rankings.query_lang and own_best > 0:
                best = ranking[0][1] if ranking else 0.0
                share = min(1.0, best / own_best) ** tuning.other_lang_power
            lists.append(ranking[: tuning.fusion_depth])
            weights.append(bm25_weight * share)
        lists.append(dense[: tuning.fusion_depth])
        weights.append(dense_weight)
        if unread_dense:
            best = dense[0][1] if dense else 0.0
            share = min(1.0, unread_dense[0][1] / best) ** tuning.other_lang_power if best > 0 else 1.0
            lists.append(unread_dense[: tuning.fusion_depth])
            weights.append(dense_weight * share)
        if rankings.titles and tuning.title_weight:
            lists.append(rankings.titles[: tuning.fusion_depth])
            weights.append(tuning.title_weight * rankings.title_coverage**tuning.title_coverage_power)
        if tuning.fusion == "rrf":
            fused = reciprocal_rank_fusion(
                [[index for index, _ in ranking] for ranking in lists], k=tuning.rrf_k, weights=weights
            )
        else:
            fused = score_fusion(lists, weights, tuning.norm_depth)
        return [(int(index), score) for index, score in fused]

    def prefer_languages(
        self,
        ranked: list[tuple[int, float]],
        generation: Generation,
        query_lang: str,
        lang_confidence: dict[str, float] | None = None,
    ) -> list[tuple[int, float]]:
        """The ranking with the resources its visitor may not read lowered (`Tuning.other_lang_factor`):
        for a French or English query, those in Spanish, Italian or Portuguese; for a query in one of
        these, those in the other two (French and English stay its fallback, weighed in `fuse`), less so
        as the detector hesitated between them: Spanish and Portuguese typed without accents look alike,
        and a language the detector found nearly as likely as the query's is lowered only by the ratio of
        their confidences."""
        factor = self.tuning.other_lang_factor
        if factor == 1.0 or not generation.stemmed:
            return ranked
        confidence = lang_confidence or {}
        own = confidence.get(query_lang, 0.0)
        factors = {
            lang: max(factor, min(1.0, confidence.get(lang, 0.0) / own)) if own > 0 else factor
            for lang in generation.stemmed
            if lang != query_lang
        }
        lowered = [(index, score * factors.get(str(generation.resource_lang[index]), 1.0)) for index, score in ranked]
        return sorted(lowered, key=lambda item: -item[1])

    def prefer_own(
        self, ranked: list[tuple[int, float]], generation: Generation, centre: str, query_lang: str | None = None
    ) -> list[tuple[int, float]]:
        """The fused ranking with the centre's own resources raised by `Tuning.own_centre_bonus`. For a
        query in a stemmed language, only those in its language: a French centre's French guide must not
        pass a network guide in the visitor's Portuguese for being the centre's."""
        bonus = 1.0 + self.tuning.own_centre_bonus
        own = generation.resource_centre == centre
        if query_lang in STEMMED:
            own = own & (generation.resource_lang == query_lang)
        raised = [(index, score * bonus if own[index] else score) for index, score in ranked]
        return sorted(raised, key=lambda item: -item[1])

    def _result(
        self, generation: Generation, index: int, score: float, chunk_bm25: np.ndarray, chunk_dense: dict[int, float]
    ) -> SearchResult:
        resource = generation.resources[index]
        positions = list(generation.chunks_of(index)) or np.flatnonzero(generation.chunk_resource == index).tolist()
        body = [position for position in positions if generation.chunk_is_passage[position]] or positions
        top_bm25 = float(chunk_bm25.max()) if len(chunk_bm25) and chunk_bm25.max() > 0 else 1.0
        best = max(body, key=lambda p: chunk_dense.get(p, 0.0) + 0.5 * float(chunk_bm25[p]) / top_bm25)
        similarity = max((chunk_dense.get(position, 0.0) for position in positions), default=0.0)
        return SearchResult(
            id=resource["id"],
            title=resource["title"],
            kind=resource["kind"],
            topics=list(resource["topics"]),
            lang=resource["lang"],
            score=round(float(score), 6),
            source=resource["source"],
            snippet=_snippet(generation.chunk_text[best], self.tuning.snippet_chars),
            where=resource["where"],
            publisher=resource.get("publisher"),
            audience=list(resource["audience"]),
            updated=resource["updated"],
            similarity=round(float(similarity), 4),
            centre=str(generation.resource_centre[index]),
            passage=generation.chunk_text[best],
        )


def title_ranking(
    generation: Generation, query: str, mask: np.ndarray | None = None
) -> tuple[list[tuple[int, float]], float]:
    """For a message about a trade, the career sheets ranked by their names (`job_titles`) and the share of
    the trade's words the first one is called by; for any other message, nothing."""
    trade = named_trade(query)
    ranking = generation.titles.rank(trade, mask) if trade else []
    return ranking, generation.titles.coverage(trade, ranking[0][0]) if ranking else 0.0


def dense_confidence(ranking: list[tuple[int, float]], against: int = 5) -> float:
    """How far the dense ranking's best similarity stands above its `against`-th, relative to the best.

    Near 0 when the model finds nothing standing out (a flat list of similar passages), larger when
    one resource clearly leads; 1 when the ranking is too short to compare.
    """
    if len(ranking) < against or ranking[0][1] <= 0:
        return 1.0
    return max(0.0, (ranking[0][1] - ranking[against - 1][1]) / ranking[0][1])


def _top_positive(best: np.ndarray, limit: int = 300) -> list[tuple[int, float]]:
    """(resource, score) of the best resources with a positive score, best first."""
    positive = np.flatnonzero(best > 0)
    if len(positive) > limit:
        positive = positive[np.argpartition(-best[positive], limit)[:limit]]
    order = positive[np.argsort(-best[positive], kind="stable")]
    return [(int(index), float(best[index])) for index in order]


def _snippet(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
