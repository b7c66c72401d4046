"""Markdown resources with YAML front matter (`resources/{fr,en}/*.md`)."""

from __future__ import annotations

import re

import yaml

from indexer.records import ReadResult, SourceError
from indexer.sources import decode_text
from indexer.sources.text import markdown_sections
from indexer.validate import make_resource

SUFFIXES = (".md", ".markdown")
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line where the body starts); SourceError when there is no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError("no YAML front matter: the file must start with a line `---`", 1)
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1 : number - 1]), "\n".join(lines[number:]), number + 1
    raise SourceError("front matter is not closed: no second `---` line", 1)


def read(data: bytes, source: str) -> ReadResult:
    text = decode_text(data)
    if not text.strip():
        raise SourceError("empty file")
    front, body, _ = split_front_matter(text)
    try:
        meta = yaml.safe_load(front)
    except yaml.YAMLError as error:
        # The context mark points where the faulty construct starts (an unclosed quote), the problem
        # mark where the parser gave up (often the end): staff need the first.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        parts = [getattr(error, "context", None), getattr(error, "problem", None)]
        problem = ": ".join(part for part in parts if part) or str(error).split("\n")[0]
        raise SourceError(f"broken front matter (YAML): {problem}", line) from None
    if not isinstance(meta, dict):
        raise SourceError("front matter is not a mapping of `field: value` lines", 2)
    lines = {}
    for number, line in enumerate(front.split("\n"), start=2):
        match = _KEY.match(line)
        if match:
            lines.setdefault(match.group(1), number)
    title = str(meta.get("title") or "")
    resource = make_resource(meta, markdown_sections(body, title), source, lines=lines, line=1)
    return ReadResult(records=[resource])
