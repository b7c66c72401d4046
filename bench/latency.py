"""Latency and memory of the running assistant: start-up time and resident memory of each process,
and p50/p95 of REST turns per kind of message, all measured in one run so that figures compare.

    make bench            (or: .venv/bin/python bench/latency.py --turns 100)

Each turn is a real HTTP request to the Rasa server's REST channel, which calls the action server
where the answer needs it. Prints a Markdown table; nothing is asserted (the machine is shared).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.stack import Stack, new_sender, running_stack

# Kinds of turns: each is a list of messages sent in rotation (French and English alike).
TURNS: dict[str, list[str]] = {
    "greeting": ["bonjour", "hello", "salut", "hi there"],
    "opening hours": [
        "vous ouvrez à quelle heure ?",
        "are you open on saturday?",
        "horaires samedi",
        "opening hours",
    ],
    "knowledge base": [
        "comment financer une formation avec mon CPF ?",
        "how do I get my experience recognised as a diploma?",
        "comment préparer un entretien d'embauche",
        "I want to start my own business, where do I begin?",
        "c'est quoi un bilan de compétences",
        "how do I write a cover letter?",
    ],
    "workshops": [
        "il y a des ateliers CV la semaine prochaine ?",
        "any job fairs next month?",
        "ateliers mardi",
        "info sessions about VAE",
    ],
}
# The knowledge-base turn's p95 is compared with the greeting turn's p95 of the same run.
RATIOS = (("knowledge base", "greeting"), ("workshops", "greeting"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def resident_mib(pid: int) -> float:
    """Resident memory of a process and its children (Rasa forks workers), in MiB."""
    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += child.memory_info().rss
    return total / 2**20


def measure_turns(stack: Stack, turns: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {kind: [] for kind in TURNS}
    for messages in TURNS.values():
        for _ in range(3):  # warm-up: first calls load lazily built objects
            stack.send(new_sender(), messages[0])
    for index in range(turns):
        for kind, messages in TURNS.items():
            sender = new_sender()
            started = time.perf_counter()
            stack.send(sender, messages[index % len(messages)])
            timings[kind].append((time.perf_counter() - started) * 1000)
    return timings


def machine() -> str:
    memory = psutil.virtual_memory().total / 2**30
    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=100, help="turns per kind of message")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cdm-bench-") as logs, running_stack(Path(logs)) as stack:
        timings = measure_turns(stack, args.turns)
        print(f"Machine: {machine()}\n")
        print("| process | start-up to healthy (s) | resident memory (MiB) |\n|---|---|---|")
        for service in stack.services:
            print(f"| {service.name} | {service.ready_after_s:.1f} | {resident_mib(service.process.pid):.0f} |")
        print("\n| turn | n | p50 (ms) | p95 (ms) | mean (ms) |\n|---|---|---|---|---|")
        for kind, values in timings.items():
            print(
                f"| {kind} | {len(values)} | {percentile(values, 0.5):.1f} | {percentile(values, 0.95):.1f} | "
                f"{statistics.fmean(values):.1f} |"
            )
        print()
        for kind, reference in RATIOS:
            ratio = percentile(timings[kind], 0.95) / percentile(timings[reference], 0.95)
            print(f"p95 ratio {kind} / {reference}: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
