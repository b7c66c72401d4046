"""What the spelling normaliser brings to the NLU: intent accuracy of trained models on visitor-written messages.

Compares models trained on the same data, one with the `SpellingNormaliser` first in its pipeline and one
without (the model `deploy/model.sh` trains before and after the change), on one split of the visitor-written
set (`tests/data/visitor_messages.yml`: tune on `tune`, report on `heldout`). Run with the Rasa environment:

    .venv-rasa/bin/python bench/nlu_normalisation.py --model without=models/cdm-A.tar.gz \
        --model with=models/cdm-B.tar.gz --split heldout

What counts as right, per section: an answerable question is `ask_question` (the intent that sends it to
retrieval); a crisis is `express_distress` (after the safety net, as the dialogue sees it); a message of
everyday stress is anything but `express_distress`; an unanswerable question is anything but the NLU
fallback (the answer gate, not the classifier, is what refuses it). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the custom components in bot/

import yaml
from rasa.core.agent import Agent

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "tests" / "data" / "visitor_messages.yml"
DISTRESS, FALLBACK = "express_distress", "nlu_fallback"
RIGHT = {
    "answerable": lambda intent: intent == "ask_question",
    "crisis": lambda intent: intent == DISTRESS,
    "not_crisis": lambda intent: intent != DISTRESS,
    "unanswerable": lambda intent: intent != FALLBACK,
}
RULE = {
    "answerable": "ask_question",
    "crisis": "express_distress",
    "not_crisis": "not express_distress",
    "unanswerable": "not nlu_fallback",
}


def messages(path: Path, split: str) -> dict[str, list[dict]]:
    """{section: [item]} of one split."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        section: [item for item in items or [] if item.get("split") == split]
        for section, items in data.items()
        if section in RIGHT
    }


async def intents(model: Path, texts: list[str]) -> list[str]:
    agent = Agent.load(str(model))
    out = []
    for text in texts:
        parsed = await agent.parse_message(text)
        out.append((parsed.get("intent") or {}).get("name") or "")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="append", required=True, metavar="NAME=PATH", help="a model to score")
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="the visitor-written set")
    parser.add_argument("--split", default="heldout", choices=["tune", "heldout"])
    parser.add_argument("--misses", action="store_true", help="list the messages each model gets wrong")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    sections = messages(args.set, args.split)
    lines = [
        f"| model | {' | '.join(f'{name} ({RULE[name]}) n={len(items)}' for name, items in sections.items())} |",
        f"|---|{'---|' * len(sections)}",
    ]
    for spec in args.model:
        name, _, path = spec.partition("=")
        cells, misses = [], []
        for section, items in sections.items():
            found = asyncio.run(intents(Path(path), [item["q"] for item in items]))
            right = [RIGHT[section](intent) for intent in found]
            cells.append(f"{sum(right) / max(len(right), 1):.3f}")
            misses += [
                (section, item["q"], intent) for item, intent, ok in zip(items, found, right, strict=True) if not ok
            ]
        lines.append(f"| {name} | {' | '.join(cells)} |")
        if args.misses:
            counts = Counter(intent for _, _, intent in misses)
            print(f"{name}: {len(misses)} wrong ({dict(counts)})")
            for section, text, intent in misses:
                print(f"  [{section}] {text!r} -> {intent}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
