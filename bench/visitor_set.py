"""One half of the visitor-written set, end to end, without the other: what tuning runs on.

`tests/integration/test_visitor_messages.py` sends both halves and prints both halves' misses, so a
round that runs it while tuning reads the held-out misses too. This sends one half only (the tune half
by default), through the same real servers and with the same scoring, and prints its figures and
misses; the held-out half is for the test, once, at the end of a round.

    .venv/bin/python bench/visitor_set.py [--split tune] [--url http://127.0.0.1:PORT]

`--url` reuses a Rasa server already running with its action server (started with deploy/stack.py), so
that a run after a change to the action server alone does not wait for Rasa to load its model again.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.stack import ROOT, Stack, running_stack
from indexer.evaluate import SPLITS
from tests.conftest import FIXED_NOW  # the test session's clock, so that dated replies read as there
from tests.integration.test_visitor_messages import figures_of, half_outcomes


def run_half(stack: Stack, split: str) -> dict:
    """One half's figures and misses, scored as the test scores them."""
    return figures_of(half_outcomes(stack, split))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="tune")
    parser.add_argument("--url", help="a running Rasa server (with its action server) to send to")
    parser.add_argument("--out", type=Path, help="also write the figures there as JSON")
    args = parser.parse_args()
    if args.url:
        figures = run_half(Stack(args.url, ""), args.split)
    else:
        env = {"CDM_FIXED_NOW": FIXED_NOW}
        with running_stack(ROOT / "var" / "bench-logs", env, with_desk=True) as stack:
            figures = run_half(stack, args.split)
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
