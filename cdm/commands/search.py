"""`cdm search "QUERY"` and `cdm search --batch FILE`: documentary resources, best first."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cdm.commands.common import add_centre_option, open_searcher, quiet_libraries, settings_from
from common.languages import CODES
from indexer.records import AUDIENCES, KINDS

MAX_QUERY_CHARS = 2000
MAX_BATCH_BYTES = 64 * 1024 * 1024


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help="search documentary resources",
        description="Search the index; one result per resource, best first.",
        epilog='examples: cdm search "financer un bilan de compétences" --k 3 ; '
        'cdm search "how do I write a CV" --lang en --json ; cdm search --batch queries.txt --json',
    )
    parser.add_argument("query", nargs="?", help="what the visitor asks")
    parser.add_argument("--batch", metavar="FILE", help="one query per line; one JSON list per line out")
    parser.add_argument("--k", type=_positive, default=5, help="number of results (default 5)")
    parser.add_argument("--lang", choices=CODES, help="only resources in this language")
    parser.add_argument("--kind", choices=KINDS, help="only resources of this kind")
    parser.add_argument("--topic", help="only resources with this topic id")
    parser.add_argument("--audience", choices=AUDIENCES, help="only resources for this audience (or all)")
    parser.add_argument("--mode", choices=["fusion", "bm25", "dense"], default="fusion", help=argparse.SUPPRESS)
    add_centre_option(parser)
    parser.add_argument("--index", metavar="DIR", help="index folder (default: $CDM_INDEX_DIR or var/index/)")
    parser.add_argument("--json", action="store_true", help="JSON output")
    parser.set_defaults(handler=run)


def _positive(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 100:
        raise argparse.ArgumentTypeError("must be between 1 and 100")
    return number


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from cdm.errors import CommandError

    if bool(args.query) == bool(args.batch):
        parser.error("give a QUERY or --batch FILE (not both)")
    if args.topic:
        from common.topics import load_taxonomy

        if not load_taxonomy().is_topic(args.topic):
            parser.error(f"--topic: unknown topic id {args.topic!r}")
    lines: list[str] = []
    if args.batch:
        path = Path(args.batch)
        if not path.is_file():
            parser.error(f"--batch: no such file: {path}")
        if path.stat().st_size > MAX_BATCH_BYTES:
            raise CommandError(f"--batch: {path} is larger than {MAX_BATCH_BYTES // (1024 * 1024)} MiB")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            raise CommandError(f"--batch: {path} is not UTF-8 text") from None
    quiet_libraries()
    searcher = open_searcher(settings_from(args))
    options = {
        "lang": args.lang,
        "kind": args.kind,
        "topic": args.topic,
        "audience": args.audience,
        "mode": args.mode,
        "centre": args.centre,
    }
    if args.batch:
        for line in lines:
            results = searcher.search(line[:MAX_QUERY_CHARS], args.k, **options) if line.strip() else []
            print(json.dumps([result.to_json() for result in results], ensure_ascii=False), flush=True)
        return 0
    results = searcher.search(args.query[:MAX_QUERY_CHARS], args.k, **options)
    if args.json:
        print(json.dumps([result.to_json() for result in results], ensure_ascii=False, indent=2))
        return 0
    if not results:
        print("no resource found", file=sys.stderr)
    for rank, result in enumerate(results, start=1):
        print(f"{rank}. {result.title}  [{result.kind}, {result.lang}, {result.id}]  score {result.score:.4f}")
        print(f"   where: {result.where}")
        print(f"   {result.snippet}")
    return 0
