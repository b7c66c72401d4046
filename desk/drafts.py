"""Drafts that close a knowledge gap: written by a counsellor, checked as the indexer will read them,
published into the centre's folder of the knowledge base, and indexed incrementally.

A draft becomes a Markdown file with the front matter knowledge_base/README.md requires; it is checked
by the indexer's own Markdown reader, so that what the review calls valid is exactly what the index
accepts, and every problem names its field. Publishing writes the file atomically into
`knowledge_base/centres/<centre>/resources/<lang>/` (`common.centres.centre_dir`, under `CDM_KB_DIR`)
and runs `cdm index` on the base in a subprocess with a time limit: the indexer's incremental build
reads only the new file, and the action server's searcher loads the new generation on the next question.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from common.centres import centre_dir
from common.languages import DEFAULT
from common.site import load_site
from indexer.records import AUDIENCES, KINDS, LANGS, SourceError
from indexer.sources.markdown import read as read_markdown
from indexer.store import Store, current_generation
from indexer.validate import ID_PATTERN

ROOT = Path(__file__).resolve().parent.parent
MAX_BODY = 20_000
PLACEHOLDER = "…"  # the body's prefilled answer line: a draft still holding it is not finished
FIELDS = ("resource_id", "title", "kind", "topics", "lang", "audience", "where", "body")


class PublishError(Exception):
    """Publishing failed (the file could not be written or the index not rebuilt); nothing was left behind."""


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def slug(text: str, limit: int = 60) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:limit].strip("-") or "ressource"


def publisher_of(centre: str, kb_dir: Path) -> str:
    """The centre's name as its site.yml gives it (the publisher of what its counsellors write); the
    centre's id when the base has no readable site.yml for it."""
    try:
        site = load_site(centre_dir(centre, kb_dir) / "site.yml")
    except (OSError, ValueError):
        return centre
    return site.name_in(DEFAULT)


def split(values: str) -> list[str]:
    return [item.strip() for item in values.split(",") if item.strip()]


def markdown(fields: dict[str, str], publisher: str, updated: dt.date) -> str:
    """The file a draft publishes as: front matter, then the title and the body."""
    meta = {
        "id": fields["resource_id"],
        "title": fields["title"],
        "kind": fields["kind"],
        "topics": split(fields["topics"]),
        "lang": fields["lang"],
        "audience": split(fields["audience"]),
        "where": fields["where"],
        "updated": updated.isoformat(),
        "publisher": publisher,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return f"---\n{front}---\n\n# {fields['title']}\n\n{fields['body'].strip()}\n"


def _field_of(line: int | None, text: str) -> str:
    """The draft field a reader's problem line points at (front matter lines are `key: value`)."""
    if line is None:
        return "body"
    lines = text.split("\n")
    if 0 < line <= len(lines):
        key = lines[line - 1].split(":", 1)[0].strip()
        return {"id": "resource_id"}.get(key, key if key in FIELDS else "body")
    return "body"


def check(fields: dict[str, str], publisher: str, updated: dt.date, taken_ids: set[str]) -> list[Problem]:
    """What is wrong with a draft, field by field (empty: it can be published)."""
    problems: list[Problem] = []
    for name in FIELDS:
        if not fields.get(name, "").strip():
            problems.append(Problem(name, "required: this field is empty"))
    if fields.get("resource_id") and not ID_PATTERN.match(fields["resource_id"]):
        problems.append(Problem("resource_id", "use lowercase letters, digits and dashes only"))
    elif fields.get("resource_id") in taken_ids:
        problems.append(Problem("resource_id", "another resource of the base already has this id"))
    if fields.get("kind") and fields["kind"] not in KINDS:
        problems.append(Problem("kind", "use one of " + ", ".join(KINDS)))
    if fields.get("lang") and fields["lang"] not in LANGS:
        problems.append(Problem("lang", "use one of " + ", ".join(LANGS)))
    unknown = [value for value in split(fields.get("audience", "")) if value not in AUDIENCES]
    if unknown:
        problems.append(Problem("audience", "unknown audience " + ", ".join(unknown)))
    if PLACEHOLDER in fields.get("body", "").split("\n"):
        problems.append(Problem("body", f"replace the line {PLACEHOLDER!r} with the answer"))
    if len(fields.get("body", "")) > MAX_BODY:
        problems.append(Problem("body", f"longer than {MAX_BODY} characters"))
    if problems:
        return problems
    text = markdown(fields, publisher, updated)
    try:
        read_markdown(text.encode("utf-8"), "draft.md")
    except SourceError as error:
        problems.append(Problem(_field_of(error.line, text), error.reason))
    return problems


def taken_ids(index_dir: Path, kb_dir: Path) -> set[str]:
    """Resource ids the current index holds, and the names of files already in any resources folder."""
    taken: set[str] = set()
    generation = current_generation(index_dir)
    if generation is not None:
        with Store(generation / "meta.sqlite") as store:
            taken |= {str(rid) for (rid,) in store.connection.execute("SELECT id FROM resources")}
    taken |= {path.stem for path in kb_dir.glob("**/resources/*/*.md")}
    return taken


def target_file(centre: str, lang: str, resource_id: str, kb_dir: Path) -> Path:
    return centre_dir(centre, kb_dir) / "resources" / lang / f"{resource_id}.md"


def publish(text: str, target: Path, kb_dir: Path, index_dir: Path, timeout_s: int) -> None:
    """Write the file atomically, then index the base incrementally; undo the file if indexing fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise PublishError(f"{target.name} already exists in the knowledge base")
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, target)
    command = [sys.executable, "-m", "cdm.cli", "index", "--kb", str(kb_dir), "--out", str(index_dir)]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        target.unlink(missing_ok=True)
        raise PublishError(f"re-indexing took longer than {timeout_s} s; the resource was not published") from None
    relative = target.relative_to(kb_dir).as_posix()
    # Exit 3: some file was left out; only a failure of this file (or of the build) undoes the publication.
    if done.returncode not in (0, 3) or (done.returncode == 3 and relative in done.stdout):
        target.unlink(missing_ok=True)
        last = (done.stdout + done.stderr).strip().splitlines()[-3:]
        raise PublishError("re-indexing failed: " + " / ".join(last))
