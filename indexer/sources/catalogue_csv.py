"""The shelved documentation catalogue (`catalogue/*.csv`): one book or guide per row.

A bad row is reported with its line and left out; the other rows still index, because one typo in
a spreadsheet of hundreds of books should not hide the whole shelf.
"""

from __future__ import annotations

import csv
import io

from indexer.records import Problem, ReadResult, Section, SourceError
from indexer.sources import decode_text
from indexer.validate import make_resource

SUFFIXES = (".csv",)
COLUMNS = ("id", "title", "publisher", "year", "shelf_mark", "topics", "lang", "audience", "summary")
_MAX_FIELD = 100_000


def read(data: bytes, source: str) -> ReadResult:
    text = decode_text(data)
    if not text.strip():
        raise SourceError("empty file")
    csv.field_size_limit(_MAX_FIELD)
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise SourceError(f"header row lacks column(s): {', '.join(missing)}", 1)
    result = ReadResult()
    start_line = 2
    try:
        for row in reader:
            line = start_line
            start_line = reader.line_num + 1
            row = {(key or "").strip(): (value or "").strip() for key, value in row.items() if key}
            if not any(row.values()):
                continue
            meta = {
                "id": row["id"],
                "title": row["title"],
                "kind": "book",
                "topics": row["topics"],
                "lang": row["lang"],
                "audience": row["audience"],
                "where": row["shelf_mark"],
                "updated": f"{row['year']}-01-01" if row["year"].isdigit() else row["year"],
                "publisher": row["publisher"],
            }
            details = ", ".join(part for part in (row["publisher"], row["year"]) if part)
            body = row["summary"] + (f"\n\n({details})" if details else "")
            try:
                resource = make_resource(meta, [Section(row["title"], body)], source, line=line, list_separator="|")
            except SourceError as error:
                result.problems.append(Problem(source, f"row skipped: {error.reason}", error.line or line))
                continue
            result.records.append(resource)
    except csv.Error as error:
        raise SourceError(f"malformed CSV: {error}", reader.line_num) from None
    if not result.records and not result.problems:
        raise SourceError("no rows under the header")
    return result
