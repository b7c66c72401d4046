"""Pages saved from partners' or the centre's websites (`pages/*.html`), metadata in `cdm:` meta tags."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from indexer.records import ReadResult, Section, SourceError
from indexer.sources import decode_text
from indexer.validate import make_resource

SUFFIXES = (".html", ".htm")
_DROP = ("script", "style", "nav", "footer", "header", "noscript", "form", "svg", "template")
_HEADINGS = ("h1", "h2", "h3")


def read(data: bytes, source: str) -> ReadResult:
    text = decode_text(data)
    if not text.strip():
        raise SourceError("empty file")
    soup = BeautifulSoup(text, "html.parser")
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or "")
        if name.startswith("cdm:"):
            field = name[4:]
            meta[field] = str(tag.get("content") or "")
            if tag.sourceline:
                lines[field] = tag.sourceline
    if not meta:
        raise SourceError('no <meta name="cdm:..."> tags in <head>: the page carries no metadata', 1)
    if not meta.get("title") and soup.title and soup.title.string:
        meta["title"] = soup.title.string.strip()
    body = soup.find("main") or soup.find("article") or soup.body or soup
    for tag in body.find_all(_DROP):
        tag.decompose()
    resource = make_resource(meta, _sections(body, meta.get("title", "")), source, lines=lines, line=1)
    return ReadResult(records=[resource])


def _sections(body, title: str) -> list[Section]:
    """Walk block elements in order, starting a new section at each h1-h3."""
    sections: list[Section] = []
    heading, parts = title, []
    for element in body.find_all([*_HEADINGS, "p", "li", "dd", "dt", "td", "blockquote", "pre"]):
        if element.name in _HEADINGS:
            if parts:
                sections.append(Section(heading, "\n\n".join(parts)))
            heading, parts = _clean(element.get_text(" ")) or title, []
            continue
        if element.find_parent(["li", "td", "blockquote"]) and element.name == "p":
            continue  # already taken with its container
        text = _clean(element.get_text(" "))
        if text:
            parts.append(text)
    if parts:
        sections.append(Section(heading, "\n\n".join(parts)))
    if not sections:
        text = _clean(body.get_text(" "))
        if text:
            sections.append(Section(title, text))
    return sections


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
