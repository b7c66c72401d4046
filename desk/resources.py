"""The centre's PDF leaflets for a visitor who follows a cited leaflet: `GET /resources/<id>.pdf`.

An answer cites a leaflet by its resource id; this route hands out the file the current index read it
from, and nothing else: an id the index does not hold as a PDF, a path, or a file that resolves outside
the knowledge-base folder is a 404. Read-only and public like the visitor's pages (no cookie, the
visitor CSP); the folders are the indexer's own settings (`CDM_KB_DIR`, `CDM_INDEX_DIR`).
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from indexer.settings import load_settings
from indexer.store import indexed_files

router = APIRouter()
PREFIX = "/resources/"
LEAFLET_CACHE = "public, max-age=300"
_ID = re.compile(r"[a-z0-9-]{1,120}")  # a resource id as knowledge_base/README.md defines it


def leaflet_path(resource_id: str, kb_dir: Path, index_dir: Path) -> Path | None:
    """The PDF file the current index read `resource_id` from, inside `kb_dir`, or None."""
    if not _ID.fullmatch(resource_id):
        return None
    relative = indexed_files(index_dir, ".pdf").get(resource_id)
    if relative is None:
        return None
    root = kb_dir.resolve()
    target = (root / relative).resolve()
    return target if target.is_relative_to(root) and target.is_file() else None


@router.get(PREFIX + "{name}")
def leaflet(name: str) -> FileResponse:
    resource_id, _, suffix = name.rpartition(".")
    settings = load_settings()
    target = leaflet_path(resource_id, settings.kb_dir, settings.index_dir) if suffix == "pdf" else None
    if target is None:
        raise HTTPException(status_code=404, detail="no such leaflet")
    return FileResponse(
        target,
        media_type="application/pdf",
        filename=f"{resource_id}.pdf",
        content_disposition_type="inline",
        headers={"Cache-Control": LEAFLET_CACHE},
    )
