"""What the spelling normaliser costs: building it once per process, and per message beside a search.

    .venv/bin/python bench/spelling_cost.py [--limit N]

Builds the normaliser (both word lists, the protected words, the symspellpy index), normalises every message of
the visitor-written set, then searches its answerable messages twice in the same run, with and without
normalisation (the search is what a knowledge-base turn spends its time on). Prints a Markdown table; nothing
is asserted (the machine is shared).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from indexer.search import Searcher
from indexer.settings import load_settings
from spelling import Normaliser

VISITOR_SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "visitor_messages.yml"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, items: list[str]) -> list[float]:
    out = []
    for item in items:
        started = time.perf_counter()
        function(item)
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="search only the first N answerable messages")
    args = parser.parse_args()
    data = yaml.safe_load(VISITOR_SET.read_text(encoding="utf-8"))
    every = [item["q"] for items in data.values() for item in items]
    answerable = [item["q"] for item in data["answerable"]][: args.limit or None]

    started = time.perf_counter()
    normaliser = Normaliser.build()
    build_s = time.perf_counter() - started
    normalising = timed(normaliser.normalise, every)

    settings = load_settings()
    plain = Searcher(settings.index_dir, settings, normalise=False)
    corrected = Searcher(settings.index_dir, settings, normalise=True, analyzer=plain.analyzer, embedder=plain.embedder)
    Normaliser._shared = normaliser
    plain.search("formation", k=5)  # the lazy costs (spaCy, torch kernels) before timing
    searches = {"without": [], "with": []}
    for text in answerable:  # interleaved, so that both see the same load
        searches["without"] += timed(lambda q: plain.search(q, k=5), [text])
        searches["with"] += timed(lambda q: corrected.search(q, k=5), [text])

    print(f"normaliser built in {build_s:.1f} s; {len(every)} messages normalised, {len(answerable)} searched")
    print("| step | n | mean ms | p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    rows = [("normalise one message", normalising)] + [(f"search, {k} normalisation", v) for k, v in searches.items()]
    for name, values in rows:
        print(
            f"| {name} | {len(values)} | {statistics.fmean(values):.2f} | {percentile(values, 0.5):.2f} | "
            f"{percentile(values, 0.95):.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
