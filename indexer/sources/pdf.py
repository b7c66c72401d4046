"""Leaflets and sheets as PDF (`pdf/*.pdf`), metadata in the document information dictionary."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from indexer.records import ReadResult, SourceError
from indexer.sources.text import paragraphs_to_sections
from indexer.validate import make_resource

SUFFIXES = (".pdf",)
_FIELDS = {
    "/CdmId": "id",
    "/CdmKind": "kind",
    "/CdmTopics": "topics",
    "/CdmLang": "lang",
    "/CdmAudience": "audience",
    "/CdmWhere": "where",
    "/CdmUpdated": "updated",
    "/CdmPublisher": "publisher",
}
_MAX_PAGES = 200


def read(data: bytes, source: str) -> ReadResult:
    if not data.strip():
        raise SourceError("empty file")
    if not data.lstrip()[:5] == b"%PDF-":
        raise SourceError("not a PDF (no %PDF- header)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        info = reader.metadata or {}
        meta = {field: str(info[key]) for key, field in _FIELDS.items() if info.get(key)}
        if info.get("/Title"):
            meta["title"] = str(info["/Title"])
        if len(reader.pages) > _MAX_PAGES:
            raise SourceError(f"{len(reader.pages)} pages: more than the {_MAX_PAGES} a leaflet may have")
        pages = [page.extract_text() or "" for page in reader.pages]
    except SourceError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise SourceError(f"corrupt or unreadable PDF: {error}") from None
    if "id" not in meta:
        raise SourceError("no /CdmId in the PDF document information: the leaflet carries no metadata")
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise SourceError("no extractable text (a scanned PDF needs OCR before indexing)")
    resource = make_resource(meta, paragraphs_to_sections(text, meta.get("title", "")), source)
    return ReadResult(records=[resource])
