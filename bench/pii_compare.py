"""Redaction compared three ways on the same lines: the rules of an earlier revision, the rules of this
tree, and Microsoft Presidio's analyser configured with the same spaCy model.

    .venv/bin/python bench/pii_compare.py                      # old rules = main's privacy/, fr_core_news_sm
    .venv/bin/python bench/pii_compare.py --model fr_core_news_md --old eaa8d7b

Each configuration runs in a process of its own (so its resident memory is its own): it reads the PII
sets, returns the spans it finds, its time per line and its peak memory, and this script scores them all
with `privacy.evaluate`. The old rules are `git archive`d from the given revision into a temporary folder.
Presidio is an evaluation dependency only, installed in .venv by hand (see requirements/bench.txt);
without it its row says so. Prints a Markdown table; nothing is asserted (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The French and English sets, then one per language of privacy/languages/ (issue 17).
SETS = (
    ROOT / "tests" / "data" / "pii_sideways.tsv",
    ROOT / "tests" / "data" / "pii_dev.tsv",
    *sorted((ROOT / "tests" / "data").glob("pii_[a-z][a-z].tsv")),
)
# Presidio's entities and the contract's placeholders. LOCATION and NRP have no placeholder (a city or a
# nationality is not personal data here), so Presidio is not asked for them.
PRESIDIO_KINDS = {
    "PERSON": "NAME",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "CREDIT_CARD": "CARD",
    "IBAN_CODE": "IBAN",
    "URL": "URL",
    "DATE_TIME": "DATE_OF_BIRTH",
    "ES_NIF": "ID",
    "IT_FISCAL_CODE": "ID",
    "UK_NINO": "ID",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="fr_core_news_sm", help="spaCy model for every configuration")
    parser.add_argument("--old", default="main", help="git revision whose privacy/ gives the old rules")
    parser.add_argument("--worker", choices=("rules", "presidio"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return _work(args.worker, args.model)
    rows = []
    with tempfile.TemporaryDirectory() as old_tree:
        _export(args.old, Path(old_tree))
        for label, worker, path in (
            (f"rules at {args.old}", "rules", old_tree),
            ("rules of this tree", "rules", str(ROOT)),
            (f"Presidio {_presidio_version()}", "presidio", str(ROOT)),
        ):
            rows.append((label, _run(worker, args.model, path)))
    _print(rows, args.model)
    return 0


def _export(revision: str, target: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "privacy", "common"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def _run(worker: str, model: str, tree: str) -> dict | None:
    env = dict(os.environ, PYTHONPATH=tree, CDM_PRIVACY_MODEL=model)
    done = subprocess.run(
        [sys.executable, __file__, "--worker", worker, "--model", model],
        env=env,
        capture_output=True,
        text=True,
        cwd=tree,
    )
    if done.returncode != 0:
        print(f"{worker} ({tree}) failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout)


def _work(worker: str, model: str) -> int:
    """In the child process: the spans found on every line of every set, time per line and peak memory."""
    analyser = _presidio(model) if worker == "presidio" else _rules()
    out: dict = {"sets": {}}
    for path in SETS:
        lines = [raw.partition("\t")[0] for raw in path.read_text(encoding="utf-8").splitlines()]
        found = {}
        started = time.perf_counter()
        for number, text in enumerate(lines, start=1):
            if text.strip() and not text.startswith("#"):
                found[number] = analyser(text)
        out["sets"][path.name] = {"spans": found, "ms_per_line": 1000 * (time.perf_counter() - started) / len(found)}
    out["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump(out, sys.stdout)
    return 0


def _rules():
    import privacy

    privacy.warm_up()

    def analyse(text: str) -> list[tuple[int, int, str]]:
        return [(span.start, span.end, span.kind) for span in privacy.analyse(text).spans]

    # The chat introductions of Spanish, Italian and Portuguese wait for their word lists (loading since
    # warm_up), so that no line's time includes the load.
    analyse("warm: jsuis karim, zéro six douze, marie@x.fr. soy zqx. sono zqx. sou zqx.")
    return analyse


def _presidio(model: str):
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        DateRecognizer,
        EmailRecognizer,
        EsNifRecognizer,
        IbanRecognizer,
        ItFiscalCodeRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
        UkNinoRecognizer,
        UrlRecognizer,
    )

    from privacy.phones import REGIONS
    from privacy.spans import resolve

    engine = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "fr", "model_name": model}]}
    ).create_engine()
    registry = RecognizerRegistry(supported_languages=["fr"])
    for recognizer in (
        CreditCardRecognizer(supported_language="fr"),
        DateRecognizer(supported_language="fr"),
        EmailRecognizer(supported_language="fr"),
        EsNifRecognizer(supported_language="fr"),
        IbanRecognizer(supported_language="fr"),
        ItFiscalCodeRecognizer(supported_language="fr"),
        PhoneRecognizer(supported_language="fr", supported_regions=REGIONS),
        SpacyRecognizer(supported_language="fr", supported_entities=["PERSON"]),
        UkNinoRecognizer(supported_language="fr"),
        UrlRecognizer(supported_language="fr"),
    ):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["fr"])

    def analyse(text: str) -> list[tuple[int, int, str]]:
        from privacy.spans import PiiSpan

        results = analyzer.analyze(text=text, language="fr", entities=list(PRESIDIO_KINDS))
        spans = [PiiSpan(r.start, r.end, PRESIDIO_KINDS[r.entity_type]) for r in results]
        return [(span.start, span.end, span.kind) for span in resolve(spans)]

    analyse("warm up")
    return analyse


def _presidio_version() -> str:
    try:
        from importlib.metadata import version

        return version("presidio-analyzer")
    except Exception:  # not installed: the row reports it
        return "(not installed)"


def _print(rows: list[tuple[str, dict | None]], model: str) -> None:
    from privacy.evaluate import evaluate, load_examples
    from privacy.redactor import Redaction
    from privacy.spans import PiiSpan

    print(f"spaCy model {model}; {platform.node()}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}\n")
    print("| set | configuration | recall | precision | must-stay words kept | ms per line | peak RSS MiB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for path in SETS:
        examples = load_examples(path)
        for label, result in rows:
            if result is None:
                print(f"| {path.name} | {label} | – | – | – | – | – |")
                continue
            found = result["sets"][path.name]
            spans = {int(k): tuple(PiiSpan(*s) for s in v) for k, v in found["spans"].items()}
            lines = {e.text: e.line for e in examples}
            report = evaluate(examples, lambda text, s=spans, ln=lines: Redaction(text, s[ln[text]]))
            print(
                f"| {path.name} | {label} | {report.overall.recall:.3f} | {report.overall.precision:.3f} | "
                f"{report.kept_share:.3f} | {found['ms_per_line']:.1f} | {result['rss_mib']:.0f} |"
            )


if __name__ == "__main__":
    sys.exit(main())
