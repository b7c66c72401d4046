"""Small text helpers the readers share: plain text out of Markdown, sections out of headings."""

from __future__ import annotations

import re

from indexer.records import Section

_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)]*)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$")


BULLET = "• "


def markdown_to_text(line: str) -> str:
    """One Markdown line as plain text: link text kept, emphasis dropped, list marks made bullets."""
    line = _LINK.sub(lambda match: match.group(1), line)
    line = _EMPHASIS.sub("", line)
    line, is_item = _LIST_MARK.subn("", line)
    line = (BULLET if is_item else "") + line
    line = line.lstrip("> ").replace("|", " ")
    return line.strip()


def markdown_sections(body: str, title: str) -> list[Section]:
    """Split a Markdown body at its headings; text before the first heading sits under the title."""
    sections: list[Section] = []
    heading = title
    lines: list[str] = []

    def flush() -> None:
        text = "\n".join(lines).strip()
        text = re.sub(r"\n{3,}", "\n\n", text)
        if text:
            sections.append(Section(heading, text))

    for raw in body.split("\n"):
        match = _HEADING.match(raw)
        if match:
            flush()
            heading = markdown_to_text(match.group(2)) or title
            lines = []
        elif _TABLE_RULE.match(raw) and "-" in raw and raw.count("|") >= 1:
            continue
        else:
            lines.append(markdown_to_text(raw))
    flush()
    return sections


def paragraphs_to_sections(text: str, title: str) -> list[Section]:
    """Plain text without headings (PDF pages, catalogue summaries) as a single section."""
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text).strip()
    return [Section(title, text)] if text else []
