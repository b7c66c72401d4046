"""One reader per input format, found by file suffix.

Each module in this package defines `SUFFIXES` and `read(data: bytes, source: str) -> ReadResult`.
Readers are discovered here, so adding a format is adding one module: nothing else changes.
The checks every format shares (empty, too big, not text) run before any reader sees the bytes.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from functools import cache

from indexer.records import ReadResult, SourceError

Reader = Callable[[bytes, str], ReadResult]


@cache
def readers() -> dict[str, Reader]:
    """Suffix (".md") to reader function, from every module of this package."""
    found: dict[str, Reader] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for suffix in getattr(module, "SUFFIXES", ()):
            found[suffix.lower()] = module.read
    return found


def reader_for(suffix: str) -> Reader | None:
    return readers().get(suffix.lower())


def decode_text(data: bytes) -> str:
    """UTF-8 text or a SourceError that says where the bytes stop being text."""
    if b"\x00" in data[:8192]:
        raise SourceError("binary content (NUL bytes) where text was expected")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"not UTF-8 text (invalid byte at offset {error.start})", line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
