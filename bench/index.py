"""Indexer benchmark: build times, incremental re-runs, search latency at two sizes, memory.

    .venv/bin/python bench/index.py [--kb knowledge_base] [--resources 10000] [--queries 200]

1. Full build of the knowledge base into a temporary folder: time and chunks per second.
2. A re-run with nothing changed, then with one Markdown file edited.
3. Search latency (fused BM25 + dense, one query at a time, as the action server asks) at the shipped
   size and at N resources: synthetic copies of the Markdown resources (same text, new ids) in a
   temporary knowledge base. Copies repeat passages, so the build reuses their analysis and
   embeddings; the index itself is full size, which is what search time depends on.
4. Resident memory of the process holding each index.

Prints figures; asserts nothing (timings depend on the machine and its load).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil

from indexer.build import Builder
from indexer.evaluate import load_questions
from indexer.search import Searcher
from indexer.settings import REPO_ROOT, load_settings

QUESTIONS = REPO_ROOT / "tests" / "data" / "dev_questions.yml"


def rss_mib() -> float:
    return psutil.Process().memory_info().rss / (1024 * 1024)


def machine() -> str:
    memory = psutil.virtual_memory().total / (1024**3)
    python = platform.python_version()
    return f"{os.cpu_count()} cores, {memory:.0f} GiB RAM, {platform.machine()}, no GPU, Python {python}"


def queries(count: int) -> list[str]:
    texts = [question.text for question in load_questions(QUESTIONS)] if QUESTIONS.exists() else []
    texts = texts or ["comment financer ma formation", "how do I write a CV", "je voudrais devenir soudeuse"]
    return [texts[index % len(texts)] for index in range(count)]


def latency(searcher: Searcher, texts: list[str]) -> tuple[float, float, float]:
    for text in texts[:10]:  # warm-up: first calls load lazily
        searcher.search(text, 5)
    timings = []
    for text in texts:
        searcher.analyzer.clear_cache()  # every query pays its full analysis, as a new one would
        started = time.perf_counter()
        searcher.search(text, 5)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))], statistics.mean(timings)


def synthetic_kb(source: Path, target: Path, resources: int) -> int:
    """`resources` Markdown resources made of copies of the source base's ones (ids made unique)."""
    originals = sorted((source / "resources").rglob("*.md"))
    written = 0
    copy = 0
    while written < resources:
        for path in originals:
            if written >= resources:
                break
            text = path.read_text(encoding="utf-8")
            lines = text.split("\n")
            for index, line in enumerate(lines):
                if line.startswith("id:"):
                    lines[index] = f"{line.strip()}-copy{copy}"
                    break
            folder = target / "resources" / path.parent.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{path.stem}-copy{copy}.md").write_text("\n".join(lines), encoding="utf-8")
            written += 1
        copy += 1
    return written


def report_search(searcher: Searcher, label: str, texts: list[str]) -> None:
    """Print search latency over `texts` and the process's memory with this index loaded."""
    p50, p95, mean = latency(searcher, texts)
    print(f"search at {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, mean {mean:.1f} ms over {len(texts)} queries")
    print(f"resident memory of the process (models, pipelines, indexes loaded so far): {rss_mib():.0f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=Path, default=REPO_ROOT / "knowledge_base")
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    settings = load_settings()
    print(f"machine: {machine()}")
    print(f"load average at start: {', '.join(f'{value:.1f}' for value in os.getloadavg())}")
    texts = queries(args.queries)
    with tempfile.TemporaryDirectory(prefix="cdm-bench-") as temporary:
        tmp = Path(temporary)
        kb = tmp / "kb"
        shutil.copytree(args.kb, kb)
        builder = Builder(settings)
        started = time.perf_counter()
        builder.analyzer.nlp("fr"), builder.analyzer.nlp("en"), builder.embedder.model
        print(f"model and pipeline loading: {time.perf_counter() - started:.1f} s")

        report = builder.build(kb, tmp / "index")
        print(
            f"full build: {report.files_seen} files, {report.resources} resources, {report.series} series, "
            f"{report.chunks} chunks in {report.seconds:.1f} s ({report.chunks / report.seconds:.0f} chunks/s)"
        )
        again = builder.build(kb, tmp / "index")
        print(f"no-change re-run: {again.seconds:.2f} s ({'nothing changed' if not again.changed else 'rebuilt!'})")
        edited = sorted((kb / "resources").rglob("*.md"))[0]
        edited.write_text(
            edited.read_text(encoding="utf-8") + "\n\nUne phrase ajoutée pour le banc d'essai.\n", encoding="utf-8"
        )
        one = builder.build(kb, tmp / "index")
        print(
            f"one-file change: {one.seconds:.2f} s ({len(one.files_read)} file read, "
            f"{one.chunks_embedded} passages embedded)"
        )

        report_search(
            Searcher(tmp / "index", settings, analyzer=builder.analyzer, embedder=builder.embedder),
            f"shipped size ({report.resources} resources, {report.chunks} chunks)",
            texts,
        )

        big = tmp / "big"
        count = synthetic_kb(args.kb, big, args.resources)
        big_report = builder.build(big, tmp / "big-index")
        print(
            f"synthetic base: {count} resources, {big_report.chunks} chunks, built in {big_report.seconds:.1f} s "
            f"({big_report.chunks_embedded} distinct passages embedded)"
        )
        report_search(
            Searcher(tmp / "big-index", settings, analyzer=builder.analyzer, embedder=builder.embedder),
            f"{count} resources ({big_report.chunks} chunks)",
            texts,
        )
    print(f"load average at end: {', '.join(f'{value:.1f}' for value in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
