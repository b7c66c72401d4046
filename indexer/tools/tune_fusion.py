"""Choose the fusion's weights by k-fold cross-validation over the development set and ROME's tuning titles.

Retrieval itself (analysis, BM25, embedding, FAISS) does not depend on the fusion's knobs, so each
question's rankings are computed once and cached; every candidate `Tuning` is then only a re-fusion,
which makes a grid of a few hundred settings cheap. Weights are chosen on k - 1 folds and scored on
the held-out fold, so the reported figures are what a setting does on questions it was not chosen on.
ROME's tuning titles (the tenth `rome_to_resources --tuning` holds out, never the tenth `cdm eval --rome`
reports on) are folded too: a setting the development set likes must not lose what the French side
wins there. The cache is recomputed when either index or either question set changes. The job-title
lane's rankings are not cached: they take a second to recompute from each index's titles, so a change
to `job_titles` is measured without recomputing the rest.

    cdm eval --rome --split tune                   # converts and indexes the tuning tenth (var/rome-tuning)
    python -m indexer.tools.tune_fusion            # rankings cached under var/tmp, grid, CV report
    python -m indexer.tools.tune_fusion --refresh  # recompute the rankings (after an index change)
    python -m indexer.tools.tune_fusion --knobs title_weight  # vary only these knobs, the rest as shipped
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import pickle
import random
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from common.centres import default_centre
from indexer.build import current_generation
from indexer.evaluate import CUTOFF, Question, first_relevant_rank, group_of, load_questions
from indexer.search import Generation, Rankings, Searcher, Tuning, title_ranking
from indexer.settings import REPO_ROOT, load_settings
from indexer.tools.rome_to_resources import TUNING_OUT

DEV_SET = REPO_ROOT / "tests" / "data" / "dev_questions.yml"
ROME_QUERIES = TUNING_OUT / "queries.jsonl"
ROME_INDEX = TUNING_OUT / "index"
CACHE = REPO_ROOT / "var" / "tmp" / "fusion_rankings.pkl"

# The grid: each knob over a few plain values around the shipped ones.
GRID: dict[str, Sequence[object]] = {
    "fusion": ("score", "rrf"),
    "norm_depth": (20, 50, 100),  # only for score fusion
    "rrf_k": (5.0, 20.0),  # only for RRF
    "dense_weight_fr": (0.6, 0.7, 0.85, 1.0),
    "dense_confidence_power": (0.0, 0.25, 0.5),
    "title_weight": (0.0, 0.5, 1.0, 1.5, 2.0),  # the job-title lane (indexer/job_titles.py)
    "title_coverage_power": (0.0, 1.0, 2.0),  # its weight times its first sheet's share of the trade's words
}


@dataclass
class Case:
    """One question's rankings and the resource ids behind their positions."""

    question: Question
    rankings: Rankings
    ids: list[str]


def _strip(rankings: Rankings) -> Rankings:
    """Keep what fusion reads: the per-chunk arrays are large and fusion does not use them; the job-title
    ranking is recomputed on each run (`retitle`)."""
    return replace(rankings, chunk_bm25=rankings.chunk_bm25[:0], chunk_dense={}, titles=[])


def retitle(rankings: Sequence[Rankings], questions: Sequence[Question], index_dir: Path) -> None:
    """Each question's job-title ranking (`job_titles`) from the index's current titles, as `Searcher.rank`
    makes it: cheap, so that a change to the lane needs no recomputation of the cached rankings."""
    path = current_generation(index_dir)
    if path is None:
        raise SystemExit(f"no index in {index_dir}")
    generation = Generation(path)
    mask = generation.allowed_resources(None, None, None, None, default_centre())  # the centre `rank` serves
    for ranking, question in zip(rankings, questions, strict=True):
        ranking.titles, ranking.title_coverage = title_ranking(generation, question.text, mask)


def collect(searcher: Searcher, questions: Iterable[Question]) -> tuple[list[Rankings], list[str]]:
    """Each question's rankings, and the resource ids their positions stand for."""
    generation = searcher.generation
    ids = [resource["id"] for resource in generation.resources]
    return [_strip(searcher.rank(question.text, generation)) for question in questions], ids


def _fingerprint(settings_index: Path) -> tuple[str, ...]:
    """What the cached rankings depend on: both index generations and both question files."""
    parts = []
    for index_dir in (settings_index, ROME_INDEX):
        generation = current_generation(index_dir)
        if generation is None:
            hint = "cdm eval --rome --split tune" if index_dir == ROME_INDEX else "cdm index"
            raise SystemExit(f"no index in {index_dir}: run `{hint}` first")
        parts.append(generation.name)
    for path in (DEV_SET, ROME_QUERIES):
        if not path.is_file():
            raise SystemExit(f"no question set {path}: run `cdm eval --rome --split tune` first")
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    return tuple(parts)


def load_cases(refresh: bool) -> tuple[list[Case], list[Case]]:
    """Every question's rankings, from the cache when it was computed on the same indexes and sets."""
    settings = load_settings()
    fingerprint = _fingerprint(settings.index_dir)
    dev_questions, rome_questions = load_questions(DEV_SET), load_questions(ROME_QUERIES)
    cached = None
    if CACHE.exists() and not refresh:
        try:
            with CACHE.open("rb") as handle:
                cached = pickle.load(handle)  # our own file under var/, written below
        except (OSError, EOFError, AttributeError, pickle.UnpicklingError):
            cached = None  # unreadable or from an older layout of this tool
        if not isinstance(cached, dict) or cached.get("fingerprint") != fingerprint:
            print("indexes or question sets changed since the rankings were cached: recomputing")
            cached = None
    if cached is None:
        dev_searcher = Searcher(settings.index_dir, settings)
        rome_searcher = Searcher(ROME_INDEX, settings, analyzer=dev_searcher.analyzer, embedder=dev_searcher.embedder)
        cached = {"fingerprint": fingerprint}
        cached["dev"], cached["dev_ids"] = collect(dev_searcher, dev_questions)
        cached["rome"], cached["rome_ids"] = collect(rome_searcher, rome_questions)
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        with CACHE.open("wb") as handle:
            pickle.dump(cached, handle)
    retitle(cached["dev"], dev_questions, settings.index_dir)
    retitle(cached["rome"], rome_questions, ROME_INDEX)
    dev = [Case(q, r, cached["dev_ids"]) for q, r in zip(dev_questions, cached["dev"], strict=True)]
    rome = [Case(q, r, cached["rome_ids"]) for q, r in zip(rome_questions, cached["rome"], strict=True)]
    return dev, rome


def rank_of(searcher: Searcher, case: Case, tuning: Tuning, mode: str = "fusion") -> int | None:
    fused = searcher.fuse(case.rankings, mode, tuning)[:CUTOFF]
    return first_relevant_rank([case.ids[index] for index, _ in fused], case.question.relevant)


def scores(searcher: Searcher, cases: Sequence[Case], tuning: Tuning, mode: str = "fusion") -> dict[str, list]:
    """{group: [hit1, hit3, mrr, n]} over the cases."""
    return summarise(cases, [rank_of(searcher, case, tuning, mode) for case in cases])


def summarise(cases: Sequence[Case], ranks: Sequence[int | None]) -> dict[str, list]:
    """{group: [hit1, hit3, mrr, n]} from each case's first relevant rank."""
    out: dict[str, list] = {}
    for case, rank in zip(cases, ranks, strict=True):
        for group in (group_of(case.question), "all"):
            row = out.setdefault(group, [0.0, 0.0, 0.0, 0])
            row[0] += rank == 1
            row[1] += rank is not None and rank <= 3
            row[2] += 1.0 / rank if rank else 0.0
            row[3] += 1
    return {group: [row[0] / row[3], row[1] / row[3], row[2] / row[3], row[3]] for group, row in out.items()}


def objective(dev: dict[str, list], rome: dict[str, list]) -> float:
    """What a setting is chosen on: the development set's worst group's hit@3 (fr, en, cross), its
    overall hit@3 and MRR, and ROME's hit@3 and MRR (a setting must serve both kinds of question)."""
    worst = min(dev[group][1] for group in ("fr", "en", "cross") if group in dev)
    return worst + dev["all"][1] + dev["all"][2] + rome["all"][1] + rome["all"][2]


def settings_grid(base: Tuning, knobs: Collection[str] | None = None) -> list[Tuning]:
    """Every combination of the grid's values (of `knobs` only when given, the others as in `base`),
    without the duplicates a knob of the other method makes."""
    known = {field.name for field in fields(Tuning)}
    names = [name for name in GRID if name in known and (knobs is None or name in knobs)]
    out: dict[tuple, Tuning] = {}
    for values in itertools.product(*(GRID[name] for name in names)):
        tuning = replace(base, **dict(zip(names, values, strict=True)))
        key = tuple(getattr(tuning, name) for name in names if name not in _unused(tuning))
        out.setdefault(key, tuning)
    return list(out.values())


def folds(cases: Sequence[Case], k: int, key: Callable[[Case], str], seed: int = 13) -> list[list[int]]:
    """k folds; cases sharing a `key` stay together, and the groups of each language are spread evenly.

    On the development set the key is the question (one per case) stratified by group; on ROME it is
    the sheet, so that the five phrasings of one held-out title never sit on both sides.
    """
    by_key: dict[str, list[int]] = {}
    for position, case in enumerate(cases):
        by_key.setdefault(key(case), []).append(position)
    strata: dict[str, list[list[int]]] = {}
    for positions in by_key.values():
        strata.setdefault(group_of(cases[positions[0]].question), []).append(positions)
    out: list[list[int]] = [[] for _ in range(k)]
    shuffle = random.Random(seed)
    for blocks in strata.values():
        shuffle.shuffle(blocks)
        for index, block in enumerate(blocks):
            out[index % k].extend(block)
    return out


def cross_validate(
    searcher: Searcher, dev: list[Case], rome: list[Case], grid: list[Tuning], k: int
) -> tuple[dict, dict, list[Tuning]]:
    """Held-out figures on both sets: each fold scored with the setting chosen on the other folds."""
    dev_ranks = [[rank_of(searcher, case, tuning) for case in dev] for tuning in grid]
    rome_ranks = [[rank_of(searcher, case, tuning) for case in rome] for tuning in grid]
    dev_folds = folds(dev, k, key=lambda case: case.question.id or case.question.text)
    rome_folds = folds(rome, k, key=lambda case: case.question.relevant[0])
    held_dev: list[int | None] = [None] * len(dev)
    held_rome: list[int | None] = [None] * len(rome)
    chosen = []
    for dev_fold, rome_fold in zip(dev_folds, rome_folds, strict=True):
        dev_out, rome_out = set(dev_fold), set(rome_fold)
        dev_train = [position for position in range(len(dev)) if position not in dev_out]
        rome_train = [position for position in range(len(rome)) if position not in rome_out]

        dev_cases, rome_cases = [dev[p] for p in dev_train], [rome[p] for p in rome_train]
        trained = [
            objective(
                summarise(dev_cases, [dev_ranks[setting][p] for p in dev_train]),
                summarise(rome_cases, [rome_ranks[setting][p] for p in rome_train]),
            )
            for setting in range(len(grid))
        ]
        best = max(range(len(grid)), key=trained.__getitem__)
        chosen.append(grid[best])
        for position in dev_fold:
            held_dev[position] = dev_ranks[best][position]
        for position in rome_fold:
            held_rome[position] = rome_ranks[best][position]
    return summarise(dev, held_dev), summarise(rome, held_rome), chosen


def describe(tuning: Tuning) -> str:
    return ", ".join(f"{name}={getattr(tuning, name)}" for name in GRID if name not in _unused(tuning))


def _unused(tuning: Tuning) -> tuple[str, ...]:
    """The knobs a setting does not read: the other fusion method's, the job-title lane's when it is off."""
    unused = ("norm_depth",) if tuning.fusion == "rrf" else ("rrf_k",)
    return (*unused, "title_coverage_power") if not tuning.title_weight else unused


def show(label: str, table: dict[str, list]) -> None:
    parts = [f"{group} {row[1]:.3f}/{row[0]:.3f}/{row[2]:.3f}" for group, row in sorted(table.items())]
    print(f"{label:<28} hit@3/hit@1/MRR  " + "  ".join(parts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--refresh", action="store_true", help="recompute the cached rankings")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--knobs", help=f"comma-separated knobs to vary (default: all of {', '.join(GRID)}); the others as shipped"
    )
    args = parser.parse_args(argv)
    knobs = [name.strip() for name in args.knobs.split(",")] if args.knobs else None
    if knobs and not set(knobs) <= set(GRID):
        parser.error(f"--knobs: choose among {', '.join(GRID)}")
    dev, rome = load_cases(args.refresh)
    searcher = Searcher.__new__(Searcher)  # fusion needs only the tuning, not a loaded index
    searcher.tuning = Tuning()
    base = Tuning()
    previous = replace(base, fusion="rrf", dense_confidence_power=0.0)  # the RRF this replaced
    for mode in ("bm25", "dense", "fusion"):
        show(f"dev {mode} (shipped)", scores(searcher, dev, base, mode))
        show(f"rome {mode} (shipped)", scores(searcher, rome, base, mode))
    show("dev fusion (previous RRF)", scores(searcher, dev, previous))
    show("rome fusion (previous RRF)", scores(searcher, rome, previous))
    grid = settings_grid(base, knobs)
    held_dev, held_rome, chosen = cross_validate(searcher, dev, rome, grid, args.folds)
    show(f"dev fusion, {args.folds}-fold held-out", held_dev)
    show(f"rome fusion, {args.folds}-fold held-out", held_rome)
    for tuning in chosen:
        print("  chosen on a fold:", describe(tuning))
    full = max(grid, key=lambda tuning: objective(scores(searcher, dev, tuning), scores(searcher, rome, tuning)))
    print("chosen on both whole sets:", describe(full))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
