"""Refit the FallbackClassifier's confidence threshold on cross-validated predictions.

Why a refit: the threshold (config.yml) was chosen when one model served French and English. Sharing the
model among five languages spreads the classifier's probability over more look-alike examples, so the
same threshold sends more messages to the fallback, right ones included. The figures here come from the
held-out predictions `bench/nlu_crossval.py` writes (each message's gold intent, the classifier's top intent
and its two best confidences), so no model is trained again.

A message goes to the fallback when its top confidence is below the threshold, or when the two best are
closer than the ambiguity threshold (Rasa's FallbackClassifier). For each candidate threshold it prints,
pooled over the languages and per language: the share sent to the fallback, the share of wrong top
intents caught (sent to the fallback instead of being acted on), the share of right ones lost to it, and
the criterion `kept right - kept wrong` per message. The criterion weighs a wrong intent acted on and a
right one sent to the fallback alike: the fallback searches the resource base first, so a right intent lost
there costs a detour, and a wrong one kept costs a wrong reply. Where the criterion is flat (the messages in
a band of confidence are right as often as wrong), differences below --tolerance are noise of the folds;
the choice is then the highest threshold within --tolerance of the maximum: it catches the most wrong
intents at no measurable cost in right ones.

    .venv/bin/python bench/fallback_threshold.py var/results/nlu/crossval.json [--ambiguity 0.08]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Operating:
    """What one threshold does to a set of held-out messages."""

    threshold: float
    messages: int
    to_fallback: float  # share of messages sent to the fallback
    wrong_caught: float  # share of wrong top intents sent to the fallback
    right_lost: float  # share of right top intents sent to the fallback
    criterion: float  # (right kept - wrong kept) / messages


def sent_to_fallback(row: dict, threshold: float, ambiguity: float) -> bool:
    """Rasa's FallbackClassifier rule on the classifier's two best confidences."""
    return row["confidence"] < threshold or row["confidence"] - row["second_confidence"] < ambiguity


def operating(rows: list[dict], threshold: float, ambiguity: float) -> Operating:
    """The figures of one threshold on held-out rows (each with gold, predicted and confidences)."""
    right = [row["gold"] == row["predicted"] for row in rows]
    fallback = [sent_to_fallback(row, threshold, ambiguity) for row in rows]
    wrong_total = right.count(False) or 1
    right_total = right.count(True) or 1
    kept_right = sum(r and not f for r, f in zip(right, fallback, strict=True))
    kept_wrong = sum(not r and not f for r, f in zip(right, fallback, strict=True))
    return Operating(
        threshold=threshold,
        messages=len(rows),
        to_fallback=sum(fallback) / len(rows),
        wrong_caught=sum(not r and f for r, f in zip(right, fallback, strict=True)) / wrong_total,
        right_lost=sum(r and f for r, f in zip(right, fallback, strict=True)) / right_total,
        criterion=(kept_right - kept_wrong) / len(rows),
    )


def load_rows(path: Path) -> dict[str, list[dict]]:
    """Held-out rows per language of the first pipeline in a crossval.json."""
    result = json.loads(path.read_text(encoding="utf-8"))[0]
    return {lang: figures["rows"] for lang, figures in result["languages"].items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("crossval", type=Path, help="crossval.json written by bench/nlu_crossval.py")
    parser.add_argument("--ambiguity", type=float, default=0.08, help="the FallbackClassifier's ambiguity_threshold")
    parser.add_argument("--current", type=float, default=0.45, help="the shipped threshold, for comparison")
    parser.add_argument("--tolerance", type=float, default=0.001, help="criterion differences below this count as ties")
    args = parser.parse_args()
    per_lang = load_rows(args.crossval)
    pooled = [row for rows in per_lang.values() for row in rows]
    grid = sorted({round(0.20 + 0.01 * step, 3) for step in range(41)} | {args.current})
    table = [operating(pooled, threshold, args.ambiguity) for threshold in grid]
    top = max(op.criterion for op in table)
    best = max((op for op in table if op.criterion >= top - args.tolerance), key=lambda op: op.threshold)
    print(f"pooled ({', '.join(per_lang)}; {len(pooled)} held-out messages), ambiguity {args.ambiguity}")
    print("| threshold | to fallback | wrong caught | right lost | right kept - wrong kept |")
    print("|---|---|---|---|---|")
    for op in table:
        mark = " (chosen)" if op is best else " (shipped)" if op.threshold == args.current else ""
        print(
            f"| {op.threshold:.3f}{mark} | {op.to_fallback:.3f} | {op.wrong_caught:.3f} | {op.right_lost:.3f} "
            f"| {op.criterion:.4f} |"
        )
    print(f"\nmaximum {top:.4f}; chosen: the highest threshold within {args.tolerance} of it")
    print("\n| language | threshold | to fallback | wrong caught | right lost | right kept - wrong kept |")
    print("|---|---|---|---|---|---|")
    for lang, rows in per_lang.items():
        for threshold in sorted({args.current, best.threshold}):
            op = operating(rows, threshold, args.ambiguity)
            print(
                f"| {lang} | {threshold:.3f} | {op.to_fallback:.3f} | {op.wrong_caught:.3f} | {op.right_lost:.3f} "
                f"| {op.criterion:.3f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
