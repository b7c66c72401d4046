"""`cdm eval [--index DIR] [--set FILE] [--split HALF]` and `cdm eval --rome [--split HALF]`: retrieval quality
figures.
`cdm eval --pii [FILE]`: redaction recall and precision per type on a labelled set."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

from cdm.commands.common import open_searcher, quiet_libraries, settings_from
from indexer.settings import REPO_ROOT

DEFAULT_SET = REPO_ROOT / "tests" / "data" / "dev_questions.yml"
VISITOR_SET = REPO_ROOT / "tests" / "data" / "visitor_messages.yml"
DEFAULT_PII_SET = REPO_ROOT / "tests" / "data" / "pii_dev.tsv"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="measure retrieval quality (hit@1, hit@3, MRR), or redaction quality with --pii",
        description="Evaluate BM25, dense and fused retrieval on labelled questions, per language and for "
        "the cross-language questions. With --rome, convert and index the ROME v4.60 corpus (under var/rome) "
        "and evaluate on its held-out job titles (--split tune: on the tuning titles, under var/rome-tuning). "
        "With --pii, measure redaction instead: recall and precision per "
        "type of personal data, and the share of the other words kept.",
        epilog="examples: cdm eval ; cdm eval --set tests/data/dev_questions.yml --misses ; "
        "cdm eval --split heldout ; cdm eval --split heldout --no-normalise ; cdm eval --rome ; "
        "cdm eval --rome --split tune ; "
        "cdm eval --pii --misses",
    )
    parser.add_argument("--index", metavar="DIR", help="index folder (default: $CDM_INDEX_DIR or var/index/)")
    parser.add_argument("--set", metavar="FILE", help=f"questions (default: {DEFAULT_SET.relative_to(REPO_ROOT)})")
    parser.add_argument(
        "--split",
        choices=("tune", "heldout"),
        help="evaluate one half of the answerable messages of a visitor-written set (default set with this "
        f"option: {VISITOR_SET.relative_to(REPO_ROOT)}), or with --rome one tenth of the job titles (default "
        "heldout); tune on 'tune', report on 'heldout'",
    )
    parser.add_argument("--rome", action="store_true", help="evaluate on the ROME v4.60 corpus instead")
    parser.add_argument(
        "--rome-dir", metavar="DIR", type=Path, help="ROME corpus folder (default ../shared/corpora/rome-v460)"
    )
    parser.add_argument(
        "--pii",
        nargs="?",
        const=DEFAULT_PII_SET,
        type=Path,
        metavar="FILE",
        help=f"evaluate redaction instead (default set: {DEFAULT_PII_SET.relative_to(REPO_ROOT)}); "
        "exit status 1 below the acceptance thresholds",
    )
    parser.add_argument(
        "--no-normalise",
        dest="normalise",
        action="store_false",
        help="search the questions as written, without correcting spelling and SMS forms first",
    )
    parser.add_argument("--limit", type=int, help="evaluate only the first N questions")
    parser.add_argument(
        "--misses", action="store_true", help="list the questions fusion missed in its top 3 (--pii: the wrong lines)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.pii is not None:
        if args.rome or args.set or args.split:
            parser.error("--pii cannot be combined with --rome, --set or --split")
        return run_pii(args.pii, args.misses, parser)
    from cdm.errors import CommandError
    from indexer.evaluate import (
        evaluate,
        format_table,
        is_visitor_set,
        load_questions,
        load_visitor_messages,
        question_groups,
    )

    quiet_libraries()
    settings = settings_from(args)
    if args.rome and args.set:
        parser.error("--set does not apply to --rome: its questions are made from the held-out job titles")
    if args.rome:
        from indexer.build import Builder
        from indexer.tools import rome_to_resources

        rome_dir = args.rome_dir or rome_to_resources.DEFAULT_ROME
        if not (rome_dir / rome_to_resources.PROFILES).exists():
            parser.error(f"--rome-dir: no ROME v4.60 files in {rome_dir}")
        tuning = args.split == "tune"
        out = rome_to_resources.TUNING_OUT if tuning else rome_to_resources.DEFAULT_OUT
        part = rome_to_resources.TUNING if tuning else rome_to_resources.HELD_OUT
        sheets, count = rome_to_resources.convert(rome_dir, out, part)
        index_dir = Path(args.index) if args.index else out / "index"
        report = Builder(settings).build(out / "kb", index_dir)
        kind = "tuning" if tuning else "held-out"
        print(
            f"ROME v4.60: {sheets} sheets, {count} {kind} title queries; index {index_dir} "
            f"({'rebuilt' if report.changed else 'unchanged'}, {report.chunks} chunks)"
        )
        settings = settings.with_overrides(index_dir=index_dir)
        questions = load_questions(out / "queries.jsonl")
        groups: tuple[str, ...] = ("all",)
    else:
        path = Path(args.set) if args.set else VISITOR_SET if args.split else DEFAULT_SET
        if not path.is_file():
            parser.error(f"--set: no such file: {path}")
        try:
            if is_visitor_set(path):
                messages = load_visitor_messages(path, "answerable", args.split)
                questions = [message.as_question() for message in messages]
                print(f"{path.name}: answerable messages, {args.split or 'both halves'}")
            elif args.split:
                parser.error(f"--split: {path} is not a visitor-written set (no 'answerable' section)")
            else:
                questions = load_questions(path)
        except (KeyError, TypeError, ValueError, yaml.YAMLError) as error:
            raise CommandError(f"{path}: not a question set ({error})") from None
        groups = question_groups(questions)
    if args.limit:
        questions = questions[: args.limit]
    searcher = open_searcher(settings, args.normalise)
    started = time.perf_counter()
    table = evaluate(searcher, questions)
    print(format_table(table, groups))
    print(f"({len(questions)} questions, {time.perf_counter() - started:.1f} s)")
    if args.misses:
        for text, top in table["fusion"]["all"].misses:
            print(f"  missed: {text!r} -> {top}")
    return 0


def run_pii(path: Path, misses: bool, parser: argparse.ArgumentParser) -> int:
    from cdm.errors import CommandError
    from privacy import warm_up
    from privacy.evaluate import MIN_KEPT, MIN_RECALL, evaluate, format_table, load_examples

    if not path.is_file():
        parser.error(f"--pii: no such file: {path}")
    try:
        examples = load_examples(path)
    except (UnicodeDecodeError, ValueError) as error:
        raise CommandError(f"not a PII set: {error}") from None
    if not warm_up():
        print("warning: the spaCy model is not available; names come from cue phrases only", file=sys.stderr)
    started = time.perf_counter()
    report = evaluate(examples)
    elapsed = time.perf_counter() - started
    print(format_table(report))
    verdict = "pass" if report.passes() else "FAIL"
    print(
        f"acceptance (recall >= {MIN_RECALL} overall and per type, kept >= {MIN_KEPT}): {verdict}  "
        f"({len(examples)} lines, {elapsed * 1000 / max(len(examples), 1):.1f} ms per line)"
    )
    if misses:
        for line, expected, got in report.misses:
            print(f"  line {line}:\n    expected: {expected}\n    got:      {got}")
    return 0 if report.passes() else 1
