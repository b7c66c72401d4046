"""Helpers the command modules share: settings with command-line overrides, opening an index."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from indexer.settings import Settings, load_settings


def settings_from(args: argparse.Namespace) -> Settings:
    settings = load_settings()
    index_dir = getattr(args, "index", None) or getattr(args, "out", None)
    kb_dir = getattr(args, "kb", None)
    return settings.with_overrides(
        index_dir=Path(index_dir) if index_dir else None, kb_dir=Path(kb_dir) if kb_dir else None
    )


def add_centre_option(parser: argparse.ArgumentParser) -> None:
    """`--centre ID`: whose resources and calendar to search (its own and the network's)."""
    from common.centres import default_centre

    parser.add_argument(
        "--centre",
        metavar="ID",
        type=_centre_id,
        default=default_centre(),
        help="the centre asking: its own resources and calendar plus the network's (default: "
        "$CDM_DEFAULT_CENTRE or rivemont)",
    )


def _centre_id(value: str) -> str:
    from common.centres import centre_ids

    known = centre_ids()
    if value not in known:
        raise argparse.ArgumentTypeError(f"unknown centre {value!r} (this knowledge base has {', '.join(known)})")
    return value


def open_searcher(settings: Settings, normalise: bool = True):
    from cdm.errors import CommandError
    from indexer.search import Searcher

    try:
        return Searcher(settings.index_dir, settings, normalise=normalise)
    except FileNotFoundError as error:
        raise CommandError(str(error)) from None


def quiet_libraries() -> None:
    """Keep library progress bars and warnings off the operator's terminal."""
    import logging
    import os
    import warnings

    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning)
    for name in ("sentence_transformers", "transformers", "pypdf", "bm25s", "faiss"):
        logging.getLogger(name).setLevel(logging.ERROR)


def is_terminal() -> bool:
    return sys.stderr.isatty()
