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

from deploy.stack import ROOT, Stack, new_sender, running_stack
from indexer.evaluate import SPLITS, VISITOR_SECTIONS, load_visitor_messages
from tests.conftest import FIXED_NOW  # the test session's clock, so that dated replies read as there
from tests.integration.test_visitor_messages import VISITOR_SET, figures_of, outcome


def run_half(stack: Stack, split: str) -> dict:
    """Every message of one half sent as the first message of a new conversation; figures and misses."""
    by_section = {
        section: [
            outcome(message, stack.send(new_sender(), message.text), section)
            for message in load_visitor_messages(VISITOR_SET, section, split=split)
        ]
        for section in VISITOR_SECTIONS
    }
    return figures_of(by_section)


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
