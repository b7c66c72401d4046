"""`cdm` entry point: argparse with one module per command group under `cdm/commands/`.

Each module defines `register(subparsers)`, which adds its subcommand(s) and sets `handler`; this file
discovers them, so a new group (`redact`, `desk`) is one new module. Exit status: 0 success, 1 failure,
2 usage error, 3 done but some input was skipped (see `cdm index`).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from cdm import commands
from cdm.errors import CommandError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cdm", description="Cité des métiers assistant: operator commands.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args, parser) or 0)
    except CommandError as error:
        print(f"cdm {args.command}: {error}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
