"""`cdm eval [--index DIR] [--set FILE]` and `cdm eval --rome`: retrieval quality figures."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cdm.commands.common import open_searcher, quiet_libraries, settings_from
from indexer.settings import REPO_ROOT

DEFAULT_SET = REPO_ROOT / "tests" / "data" / "dev_questions.yml"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="measure retrieval quality (hit@1, hit@3, MRR)",
        description="Evaluate BM25, dense and fused retrieval on labelled questions, per language and for "
        "the cross-language questions. With --rome, convert and index the ROME v4.60 corpus (under var/rome) "
        "and evaluate on its held-out job titles.",
        epilog="examples: cdm eval ; cdm eval --set tests/data/dev_questions.yml --misses ; cdm eval --rome",
    )
    parser.add_argument("--index", metavar="DIR", help="index folder (default: $CDM_INDEX_DIR or var/index/)")
    parser.add_argument("--set", metavar="FILE", help=f"questions (default: {DEFAULT_SET.relative_to(REPO_ROOT)})")
    parser.add_argument("--rome", action="store_true", help="evaluate on the ROME v4.60 corpus instead")
    parser.add_argument(
        "--rome-dir", metavar="DIR", type=Path, help="ROME corpus folder (default ../shared/corpora/rome-v460)"
    )
    parser.add_argument("--limit", type=int, help="evaluate only the first N questions")
    parser.add_argument("--misses", action="store_true", help="list the questions fusion missed in its top 3")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from cdm.errors import CommandError
    from indexer.evaluate import evaluate, format_table, load_questions

    quiet_libraries()
    settings = settings_from(args)
    if args.rome:
        from indexer.build import Builder
        from indexer.tools import rome_to_resources

        rome_dir = args.rome_dir or rome_to_resources.DEFAULT_ROME
        if not (rome_dir / rome_to_resources.PROFILES).exists():
            parser.error(f"--rome-dir: no ROME v4.60 files in {rome_dir}")
        out = rome_to_resources.DEFAULT_OUT
        sheets, count = rome_to_resources.convert(rome_dir, out)
        index_dir = Path(args.index) if args.index else out / "index"
        report = Builder(settings).build(out / "kb", index_dir)
        print(
            f"ROME v4.60: {sheets} sheets, {count} held-out title queries; index {index_dir} "
            f"({'rebuilt' if report.changed else 'unchanged'}, {report.chunks} chunks)"
        )
        settings = settings.with_overrides(index_dir=index_dir)
        questions = load_questions(out / "queries.jsonl")
        groups: tuple[str, ...] = ("all",)
    else:
        path = Path(args.set) if args.set else DEFAULT_SET
        if not path.is_file():
            parser.error(f"--set: no such file: {path}")
        try:
            questions = load_questions(path)
        except (KeyError, TypeError, ValueError) as error:
            raise CommandError(f"{path}: not a question set ({error})") from None
        groups = ("fr", "en", "cross", "all")
    if args.limit:
        questions = questions[: args.limit]
    searcher = open_searcher(settings)
    started = time.perf_counter()
    table = evaluate(searcher, questions)
    print(format_table(table, groups))
    print(f"({len(questions)} questions, {time.perf_counter() - started:.1f} s)")
    if args.misses:
        for text, top in table["fusion"]["all"].misses:
            print(f"  missed: {text!r} -> {top}")
    return 0
