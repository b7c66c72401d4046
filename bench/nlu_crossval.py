"""5-fold cross-validation of NLU pipelines, reported per language, for the one multilingual model.

Why not plain `rasa test nlu --cross-validation`: it pools the languages, and training it per
language would measure models we never ship. Here each fold trains one model on the training parts of
every language together (as shipped) and scores each language's held-out part separately. Run with the
Rasa environment:

    .venv-rasa/bin/python bench/nlu_crossval.py --config config.yml [--config other.yml] --folds 5

Prints a Markdown table (intent accuracy, macro-F1, entity F1, share sent to the fallback, training
time per fold) and writes the per-example predictions to --out: every held-out message with its gold and
predicted intents and the classifier's two best confidences, so that the FallbackClassifier's thresholds
can be refitted on them without training again (bench/fallback_threshold.py).

`--lang it` scores one language (repeat it for several) for quicker iterations on that language's data:
the model of each fold is still trained on every language, as shipped, so its figures are those a full
run gives for that language.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the custom components in bot/
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from rasa.core.agent import Agent
from rasa.model_training import train_nlu
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from common.languages import CODES

ROOT = Path(__file__).resolve().parent.parent
NLU = ROOT / "bot" / "data" / "nlu"
# every declared language with NLU data (common/languages.py; bot/data/nlu/<code>/)
LANGUAGES = tuple(code for code in CODES if (NLU / code).is_dir())


def folds(data: TrainingData, k: int, seed: int) -> list[tuple[list, list]]:
    """Stratified (by intent) train/test splits of one language's examples."""
    examples = [m for m in data.intent_examples]
    labels = [m.get("intent") for m in examples]
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return [
        ([examples[i] for i in train], [examples[i] for i in test]) for train, test in splitter.split(examples, labels)
    ]


def entity_set(entities: list[dict]) -> set[tuple]:
    return {(e["entity"], str(e.get("value")).lower()) for e in entities}


async def score(agent: Agent, examples: list) -> list[dict]:
    rows = []
    for message in examples:
        parsed = await agent.parse_message(message.get("text"))
        ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
        confidences = [r["confidence"] for r in ranking[:2]] + [0.0, 0.0]
        rows.append(
            {
                "text": message.get("text"),
                "gold": message.get("intent"),
                "predicted": ranking[0]["name"] if ranking else None,
                "fallback": parsed["intent"]["name"] == "nlu_fallback",
                "confidence": confidences[0],
                "second_confidence": confidences[1],
                "gold_entities": sorted(entity_set(message.get("entities") or [])),
                "predicted_entities": sorted(entity_set(parsed.get("entities") or [])),
            }
        )
    return rows


def entity_f1(rows: list[dict]) -> float:
    tp = fp = fn = 0
    for row in rows:
        gold, predicted = set(map(tuple, row["gold_entities"])), set(map(tuple, row["predicted_entities"]))
        tp, fp, fn = tp + len(gold & predicted), fp + len(predicted - gold), fn + len(gold - predicted)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate_config(config: Path, k: int, seed: int, workdir: Path, scored: tuple[str, ...] = LANGUAGES) -> dict:
    per_lang = {lang: load_data(str(NLU / lang)) for lang in LANGUAGES}
    shared = load_data(str(NLU / "shared"))
    splits = {lang: folds(per_lang[lang], k, seed) for lang in LANGUAGES}
    rows: dict[str, list[dict]] = defaultdict(list)
    train_seconds = []
    for fold in range(k):
        train = TrainingData(
            training_examples=[m for lang in LANGUAGES for m in splits[lang][fold][0]],
            regex_features=shared.regex_features,
            lookup_tables=shared.lookup_tables,
        )
        data_file = workdir / f"fold{fold}.yml"
        data_file.write_text(train.nlu_as_yaml(), encoding="utf-8")
        started = time.perf_counter()
        model = train_nlu(str(config), str(data_file), str(workdir), fixed_model_name=f"fold{fold}")
        train_seconds.append(time.perf_counter() - started)
        agent = Agent.load(model)
        for lang in scored:
            rows[lang].extend(asyncio.run(score(agent, splits[lang][fold][1])))
        print(f"  {config.name} fold {fold + 1}/{k} done in {train_seconds[-1]:.0f} s", file=sys.stderr)
    result = {"config": str(config), "train_seconds_per_fold": sum(train_seconds) / k, "languages": {}}
    for lang in scored:
        gold = [r["gold"] for r in rows[lang]]
        predicted = [r["predicted"] or "" for r in rows[lang]]
        result["languages"][lang] = {
            "examples": len(gold),
            "accuracy": accuracy_score(gold, predicted),
            "macro_f1": f1_score(gold, predicted, average="macro"),
            "entity_f1": entity_f1(rows[lang]),
            "fallback_share": sum(r["fallback"] for r in rows[lang]) / len(gold),
            "rows": rows[lang],
        }
    return result


def table(results: list[dict]) -> str:
    lines = [
        "| pipeline | language | examples | intent accuracy | intent macro-F1 | entity F1 | to fallback "
        "| train s/fold |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for lang, m in result["languages"].items():
            lines.append(
                f"| {Path(result['config']).name} | {lang} | {m['examples']} | {m['accuracy']:.3f} | "
                f"{m['macro_f1']:.3f} | {m['entity_f1']:.3f} | {m['fallback_share']:.3f} | "
                f"{result['train_seconds_per_fold']:.0f} |"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", action="append", type=Path, required=True, help="pipeline to evaluate")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--lang", action="append", choices=LANGUAGES, help="score only this language (training stays on all)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "results" / "nlu")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for config in args.config:
        with tempfile.TemporaryDirectory(prefix="cdm-cv-") as workdir:
            scored = tuple(args.lang) if args.lang else LANGUAGES
            results.append(evaluate_config(config, args.folds, args.seed, Path(workdir), scored))
    (args.out / "crossval.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
