"""`cdm desk ...`: operate the counsellors' desk: serve it, add counsellor accounts, purge old tickets.

The database is the one the desk uses (`DATABASE_URL`, default `var/desk.sqlite3`); each command first
brings its schema up to date, so they work on a fresh machine before the service ever started.
"""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys

from cdm.errors import EXIT_USAGE, CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "desk",
        help="the counsellors' desk: serve, add-counsellor, purge",
        description="Operate the counsellors' desk (database from $DATABASE_URL, default var/desk.sqlite3).",
        epilog="examples: cdm desk add-counsellor camille --role admin --areas orientation,training ; "
        "cdm desk add-counsellor lou --centre valmeuse ; "
        "cdm desk add-counsellor demo --generate --if-missing ; cdm desk purge ; cdm desk serve",
    )
    commands = parser.add_subparsers(dest="desk_command", metavar="SUBCOMMAND")
    commands.required = True

    serve = commands.add_parser("serve", help="run the desk web service (uvicorn, port $CDM_DESK_PORT or 8000)")
    serve.set_defaults(handler=_serve)

    add = commands.add_parser(
        "add-counsellor",
        help="create a counsellor account",
        description="Create a counsellor account. The password is asked twice on the terminal, read from "
        "standard input (--password-stdin) or generated and printed once (--generate).",
    )
    add.add_argument("username", help="lowercase letters, digits, '.', '_' or '-'")
    add.add_argument(
        "--role",
        choices=["counsellor", "admin", "network"],
        default="counsellor",
        help="network: network staff, who read every centre's figures and work no queue",
    )
    add.add_argument("--centre", metavar="ID", help="the centre the account belongs to (default: the default centre)")
    add.add_argument("--areas", default="", help="comma-separated area ids served (default: every area)")
    source = add.add_mutually_exclusive_group()
    source.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    source.add_argument("--generate", action="store_true", help="generate a password and print it once")
    add.add_argument("--if-missing", action="store_true", help="succeed without change if the account exists")
    add.set_defaults(handler=_add_counsellor)

    purge = commands.add_parser(
        "purge",
        help="delete tickets past their retention time",
        description="Delete tickets and transcripts closed longer ago than $CDM_DESK_RETENTION_HOURS (default "
        "24), and tickets nobody claimed once the next opening day after their creation has ended.",
    )
    purge.set_defaults(handler=_purge)


def _database():
    from desk.db import Database, migrate
    from desk.settings import DeskSettings, SettingsError

    try:
        settings = DeskSettings.from_env()
    except SettingsError as error:
        raise CommandError(str(error), EXIT_USAGE) from error
    database = Database(settings.database_url)
    migrate(database.engine)
    return settings, database


def _serve(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from desk.__main__ import main

    main()
    return 0


def _read_password(args: argparse.Namespace) -> tuple[str, bool]:
    if args.generate:
        return secrets.token_urlsafe(12), True
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n"), False
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask the password on: use --password-stdin or --generate", EXIT_USAGE)
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise CommandError("the two passwords differ", EXIT_USAGE)
    return first, False


def _add_counsellor(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import datetime as dt

    from sqlalchemy import select

    from desk import auth
    from desk.models import Counsellor

    _settings, database = _database()
    username = args.username.strip().lower()
    with database.transaction() as session:
        if args.if_missing and session.scalar(select(Counsellor).where(Counsellor.username == username)):
            print(f"counsellor {username!r} already exists; unchanged")
            return 0
    password, generated = _read_password(args)
    areas = [area.strip() for area in args.areas.split(",") if area.strip()]
    try:
        with database.transaction() as session:
            auth.add_counsellor(
                session, username, password, args.role, areas, dt.datetime.now(dt.UTC), centre=args.centre
            )
    except auth.AuthError as error:
        raise CommandError(str(error), EXIT_USAGE) from error
    finally:
        database.dispose()
    centre = args.centre or "the default centre"
    print(f"counsellor {username!r} added ({args.role}, {centre}, areas: {', '.join(areas) or 'all'})")
    if generated:
        print(f"password: {password}")
    return 0


def _purge(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from common.site import load_site
    from desk import live, retention
    from desk.clock import Clock
    from desk.queue import Context

    settings, database = _database()
    ctx = Context(site=load_site(), now=Clock(settings.fixed_now).now())
    try:
        done = retention.purge(
            database,
            ctx,
            settings.retention_closed,
            settings.retention_claimed,
            settings.retention_figures,
            settings.gaps.retention,
        )
    finally:
        database.dispose()
    for ticket in done.auto_closed:  # the bot answers these conversations again
        if ticket.mode == "live_chat":
            live.set_conversation_paused(settings, ticket.conversation_id, False)
    print(
        f"closed {len(done.auto_closed)} forgotten tickets; deleted {done.closed} closed and {done.unclaimed} "
        f"unclaimed tickets, {done.sessions} expired sessions"
    )
    return 0
