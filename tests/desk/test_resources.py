"""`GET /resources/<id>.pdf` and `<id>.html`: the indexed PDF leaflets and Markdown resources, and nothing
else, on the desk application.

The index is a real generation store (`indexer.store.Store`) listing which file each resource came
from; the knowledge-base folder holds those files, a file the index does not list, and a file outside.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from desk.app import create_app
from desk.settings import DeskSettings
from indexer.store import CURRENT, FileEntry, Store

PDF = b"%PDF-1.4\n% a leaflet\n%%EOF\n"
SHEET = """---
id: sheet-europe
title: Travailler en Europe
kind: guide
topics: [work_abroad]
lang: fr
audience: [all]
where: "Rayon F1"
updated: 2026-10-11
publisher: Réseau des Cités des métiers
sources:
  - "https://eures.europa.eu (consulté le 2026-10-11)"
---
## Le portail EURES

Les offres d'emploi de **toute l'Europe**. <script>window.__pwned = 1</script>
[Un lien piégé](javascript:alert(1))
"""


def entry(path: str, resource_id: str) -> FileEntry:
    return FileEntry(path=path, size=len(PDF), mtime_ns=0, sha256="0" * 64, resources=[{"id": resource_id}])


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    kb, index = tmp_path / "kb", tmp_path / "index"
    (kb / "pdf").mkdir(parents=True)
    (kb / "pdf" / "leaflet-cpf.pdf").write_bytes(PDF)
    (kb / "pdf" / "not-indexed.pdf").write_bytes(PDF)
    (kb / "pages").mkdir()
    (kb / "resources").mkdir()
    (kb / "resources" / "sheet-europe.md").write_text(SHEET, encoding="utf-8")
    (kb / "pages" / "web-apec.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "outside.pdf").write_bytes(PDF)
    (kb / "pdf" / "linked-out.pdf").symlink_to(tmp_path / "outside.pdf")
    generation = index / "generations" / "g1"
    generation.mkdir(parents=True)
    with Store(generation / "meta.sqlite", create=True) as store:
        store.write(
            {"analyser": "test"},
            [
                entry("pdf/leaflet-cpf.pdf", "leaflet-cpf"),
                entry("pages/web-apec.html", "web-apec"),
                entry("../outside.pdf", "escaped"),  # an index never holds this; the route must not trust it
                entry("pdf/linked-out.pdf", "linked-out"),
                entry("resources/sheet-europe.md", "sheet-europe"),
            ],
        )
    os.symlink("generations/g1", index / CURRENT)
    monkeypatch.setenv("CDM_KB_DIR", str(kb))
    monkeypatch.setenv("CDM_INDEX_DIR", str(index))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    return TestClient(create_app(DeskSettings.from_env()))


def test_an_indexed_leaflet_is_served_as_a_pdf(client: TestClient):
    response = client.get("/resources/leaflet-cpf.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "set-cookie" not in response.headers
    assert response.content == PDF


@pytest.mark.parametrize(
    "path",
    [
        "/resources/not-indexed.pdf",  # in the folder, not in the index
        "/resources/web-apec.pdf",  # indexed, but not a PDF
        "/resources/web-apec.html",
        "/resources/leaflet-cpf",
        "/resources/leaflet-cpf.html",  # a PDF has no page form
        "/resources/sheet-europe.pdf",  # nor a sheet a PDF one
        "/resources/sheet-europe.md",
        "/resources/LEAFLET-CPF.pdf",
        "/resources/escaped.pdf",  # listed by the index, outside the knowledge base
        "/resources/linked-out.pdf",  # a link that leads outside
        "/resources/..%2F..%2Foutside.pdf",
        "/resources/../outside.pdf",
        "/resources/",
        "/resources/" + "a" * 500 + ".pdf",
    ],
)
def test_anything_else_is_not_found(client: TestClient, path: str):
    response = client.get(path)
    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_the_route_is_read_only(client: TestClient):
    assert client.post("/resources/leaflet-cpf.pdf").status_code == 405


def test_a_markdown_resource_is_a_page_in_its_language_with_no_markup_of_its_own(client: TestClient):
    response = client.get("/resources/sheet-europe.html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "set-cookie" not in response.headers
    page = response.text
    assert '<html lang="fr">' in page and '<h1 lang="fr">Travailler en Europe</h1>' in page
    assert "<strong>toute l'Europe</strong>" in page or "<strong>toute l&#39;Europe</strong>" in page
    assert "Publié par Réseau des Cités des métiers" in page and "eures.europa.eu" in page
    assert "Vérifié le 11 octobre 2026" in page  # the check date as a reader says it, not 2026-10-11
    assert "<script>" not in page and 'href="javascript' not in page


@pytest.mark.parametrize(
    ("lang", "publisher", "back", "checked"),
    [
        ("es", "Publicado por", "Volver al sitio", "11 de octubre de 2026"),
        ("it", "Pubblicato da", "Torna al sito", "11 ottobre 2026"),
        ("pt", "Publicado por", "Voltar ao site", "11 de outubro de 2026"),
        ("en", "Published by", "Back to the", "11 October 2026"),
    ],
)
def test_the_page_speaks_the_visitors_language_around_the_resources_own_text(client, lang, publisher, back, checked):
    page = client.get(f"/resources/sheet-europe.html?lang={lang}").text
    assert f'<html lang="{lang}">' in page
    assert checked in page
    assert f"{publisher} Réseau des Cités des métiers" in page and back in page
    assert '<h1 lang="fr">Travailler en Europe</h1>' in page and '<article lang="fr">' in page


def test_an_undeclared_or_overlong_language_leaves_the_resources_own(client):
    assert '<html lang="fr">' in client.get("/resources/sheet-europe.html?lang=de").text
    assert client.get("/resources/sheet-europe.html?lang=" + "x" * 40).status_code == 422


def test_only_the_desks_own_pages_may_frame_a_resource(client: TestClient):
    """The kiosk shows a cited leaflet or sheet inside itself (its reader); no other site may frame one,
    and every other page of the desk stays unframeable."""
    for path in ("/resources/leaflet-cpf.pdf", "/resources/sheet-europe.html"):
        headers = client.get(path).headers
        assert headers["x-frame-options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
    for path in ("/healthz", "/kiosk", "/desk"):
        headers = client.get(path).headers
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
    kiosk_policy = client.get("/kiosk").headers["content-security-policy"]
    assert "frame-src 'self'" in kiosk_policy  # the reader's frame: the desk's own resources, nothing else


def test_a_web_address_is_drawn_as_a_qr_code(client: TestClient):
    response = client.get("/qr.svg", params={"u": "https://www.apec.fr/candidat/cv.html"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg") and b"<script" not in response.content
    assert "set-cookie" not in response.headers
    longer = client.get("/qr.svg", params={"u": "https://www.apec.fr/" + "x" * 300}).content
    assert len(longer) > len(response.content)  # the code grows with what it holds: it is drawn from it


@pytest.mark.parametrize(
    "address",
    ["", "javascript:alert(1)", "file:///etc/passwd", "www.apec.fr", "https://", "https://a b.fr", "x" * 501],
)
def test_anything_but_a_bounded_web_address_is_refused(client: TestClient, address: str):
    response = client.get("/qr.svg", params={"u": address})
    assert response.status_code in (400, 422)
    assert "svg" not in response.headers["content-type"]
