"""`cdm index [--kb DIR] [--out DIR]`: build or update the search index of a knowledge base."""

from __future__ import annotations

import argparse
from pathlib import Path

from cdm.commands.common import is_terminal, quiet_libraries, settings_from


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "index",
        help="build or update the index (incremental)",
        description="Build or update the index of a knowledge base. Only added and changed files are read "
        "again; the new index replaces the old one atomically. Exit status 0 when every file was "
        "indexed, 3 when some were skipped (listed with the reason).",
        epilog="example: cdm index --kb knowledge_base --out var/index",
    )
    parser.add_argument("--kb", metavar="DIR", help="knowledge base folder (default: $CDM_KB_DIR or knowledge_base/)")
    parser.add_argument("--out", metavar="DIR", help="index folder (default: $CDM_INDEX_DIR or var/index/)")
    parser.set_defaults(handler=run)


class _Bar:
    """tqdm on a terminal, nothing otherwise (logs and CI stay clean)."""

    def __init__(self) -> None:
        self.bar = None

    def start(self, total: int, what: str) -> None:
        from tqdm import tqdm

        self.close()
        self.bar = tqdm(total=total, desc=what, unit="file" if what == "reading" else "chunk", leave=False)

    def advance(self, count: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from cdm.errors import CommandError
    from indexer.build import Builder

    quiet_libraries()
    settings = settings_from(args)
    kb_dir = Path(settings.kb_dir)
    if not kb_dir.is_dir():
        parser.error(f"--kb: no such folder: {kb_dir}")
    try:
        report = Builder(settings).build(kb_dir, settings.index_dir, _Bar() if is_terminal() else None)
    except OSError as error:
        raise CommandError(f"could not build the index in {settings.index_dir}: {error}") from None
    if not report.changed:
        print(
            f"nothing changed: {report.files_seen} files, {report.resources} resources, "
            f"{report.series} workshop series, {report.chunks} chunks (index {settings.index_dir})"
        )
    else:
        print(f"indexed {kb_dir} into {settings.index_dir} in {report.seconds:.1f} s")
        print(
            f"  files: {report.files_seen} seen, {len(report.files_read)} read, {report.files_reused} unchanged, "
            f"{len(report.files_deleted)} removed"
        )
        print(
            f"  {report.resources} resources, {report.series} workshop series, {report.chunks} chunks "
            f"({report.chunks_embedded} embedded now)"
        )
    if report.skipped:
        print(f"  {len(report.skipped)} file(s) with problems (left out, wholly or in part):")
        for problems in report.skipped.values():
            for problem in problems:
                print(f"    {problem}")
    return report.exit_status
