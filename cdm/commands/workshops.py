"""`cdm workshops "QUERY" [--now ISO-8601]`: upcoming workshop sessions, soonest relevant first."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from cdm.commands.common import add_centre_option, open_searcher, quiet_libraries, settings_from
from common.languages import CODES


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "workshops",
        help="find upcoming workshop sessions",
        description="Upcoming sessions matching a request with an optional date expression "
        '("mardi", "la semaine prochaine", "in March", "tomorrow morning").',
        epilog='examples: cdm workshops "atelier CV la semaine prochaine" ; '
        'cdm workshops "interview practice" --now 2025-06-04T15:30:00+02:00 --json',
    )
    parser.add_argument("query", help="the request, e.g. 'atelier CV mardi'")
    parser.add_argument("--now", type=_instant, help="fix the clock (ISO-8601; default: now)")
    parser.add_argument("--k", type=int, default=5, help="number of sessions (default 5)")
    parser.add_argument("--lang", choices=CODES, help="only sessions held in this language")
    add_centre_option(parser)
    parser.add_argument("--index", metavar="DIR", help="index folder (default: $CDM_INDEX_DIR or var/index/)")
    parser.add_argument("--json", action="store_true", help="JSON output")
    parser.set_defaults(handler=run)


def _instant(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO-8601 date and time: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("Europe/Paris"))


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from indexer.workshops import WorkshopFinder

    if not 1 <= args.k <= 100:
        parser.error("--k must be between 1 and 100")
    quiet_libraries()
    finder = WorkshopFinder(open_searcher(settings_from(args)))
    results = finder.find(args.query[:2000], args.now, args.k, lang=args.lang, centre=args.centre)
    if args.json:
        print(json.dumps([result.to_json() for result in results], ensure_ascii=False, indent=2))
        return 0
    if not results:
        print("no upcoming session found", file=sys.stderr)
    for result in results:
        start = datetime.fromisoformat(result.start)
        end = datetime.fromisoformat(result.end)
        print(f"{start:%a %d %b %Y %H:%M}-{end:%H:%M}  {result.title}  [{result.lang}] {result.location}")
    return 0
