"""`cdm redact`: standard input to standard output, one line at a time, personal data replaced.

Each line is written and flushed as soon as it is read, so the command works at the end of a pipe
(`tail -f chat.log | cdm redact`). Bytes that are not UTF-8 are replaced rather than fatal, and a line
longer than the redaction bound is cut (see `privacy.text.MAX_CHARS`) instead of filling memory.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import BinaryIO

_LINE_LIMIT = 400_000  # bytes read per line; the rest of a longer line is skipped


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "redact",
        help="replace personal data in text read on standard input",
        description="Read text on standard input, one line at a time, and write each line back with personal "
        "data replaced by a typed placeholder: [NAME] [EMAIL] [PHONE] [ADDRESS] [ID] [DATE_OF_BIRTH] [CARD] "
        "[IBAN] [URL].",
        epilog='examples: echo "je m\'appelle Marie Dupont, 06 12 34 56 78" | cdm redact ; '
        "cdm redact < transcript.txt > transcript.redacted.txt",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import privacy

    privacy.warm_up()
    out = sys.stdout.buffer
    for line in _lines(sys.stdin.buffer):
        text = line.decode("utf-8", errors="replace").rstrip("\r\n")
        out.write(privacy.redact(text).encode("utf-8") + b"\n")
        out.flush()
    return 0


def _lines(stream: BinaryIO, limit: int = _LINE_LIMIT) -> Iterator[bytes]:
    while line := stream.readline(limit):
        if len(line) == limit and not line.endswith(b"\n"):
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass
        yield line
