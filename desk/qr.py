"""`GET /qr.svg?u=<address>`: a web address as a QR code, for the kiosk.

A visitor at the kiosk (a shared screen in the centre) who taps a partner's web page must not leave the
kiosk for another site: the next visitor would find it open, and the kiosk has no way back. The kiosk
shows the address and its QR code instead, and the visitor opens it on their own phone. Only http(s)
addresses of a bounded length are drawn (a cited resource's address; anything else is a 400 naming the
problem); the image is an SVG the page's Content-Security-Policy allows (`img-src 'self'`), drawn by
segno, public and cacheable like the pages that use it.
"""

from __future__ import annotations

import io
from typing import Annotated
from urllib.parse import urlsplit

import segno
from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

router = APIRouter()
MAX_ADDRESS = 500  # characters; a QR code of this many stays readable at the kiosk's size
QR_CACHE = "public, max-age=86400"


def qr_svg(address: str) -> bytes:
    """The address as an SVG QR code (medium error correction: readable from a slightly dirty screen)."""
    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind="svg", scale=4, border=4, xmldecl=False, dark="#000", light="#fff")
    return out.getvalue()


@router.get("/qr.svg")
def qr(u: Annotated[str, Query(max_length=MAX_ADDRESS)]) -> Response:
    parts = urlsplit(u)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(char.isspace() for char in u):
        raise HTTPException(status_code=400, detail="u must be an http or https web address")
    return Response(qr_svg(u), media_type="image/svg+xml", headers={"Cache-Control": QR_CACHE})
