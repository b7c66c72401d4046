"""Which lists the chunker gives one dense-only chunk per line: a trade's names always, prose in bullets not."""

from __future__ import annotations

from indexer.chunking import chunk_resource
from indexer.records import Resource, Section
from indexer.sources.text import BULLET

LONG_TITLE = "Agent chargé / Agente chargée de protection et de sauvegarde du patrimoine naturel et du littoral"


def sheet(heading: str, *items: str) -> Resource:
    return Resource(
        id="guard",
        title="Garde de parc naturel",
        kind="career_sheet",
        topics=("discover_jobs",),
        lang="fr",
        audience=("all",),
        where="",
        updated="2026-12-06",
        source="resources/fr/guard.md",
        sections=(Section(heading, "\n".join(f"{BULLET}{item}" for item in items)),),
    )


def line_chunks(resource: Resource) -> list[str]:
    return [chunk.text for chunk in chunk_resource(resource, list_items=1) if not chunk.lexical]


def test_a_long_job_title_under_appellations_still_gets_its_own_chunk():
    assert len(LONG_TITLE.split()) > 12
    assert line_chunks(sheet("Appellations", "Garde du littoral", LONG_TITLE)) == ["Garde du littoral", LONG_TITLE]


def test_a_sheet_with_a_single_other_name_gets_its_chunk():
    assert line_chunks(sheet("Autres appellations :", "Garde-pêche")) == ["Garde-pêche"]


def test_long_bullets_elsewhere_stay_in_their_passage_only():
    resource = sheet("Before you go", "Bring your passport", LONG_TITLE)
    assert line_chunks(resource) == []
    assert line_chunks(sheet("Before you go", "Bring your passport")) == []  # one line is no list
    assert line_chunks(sheet("Before you go", "Bring your passport", "Book a meeting")) == [
        "Bring your passport",
        "Book a meeting",
    ]
    # Every list keeps its words in the passage BM25 reads.
    assert LONG_TITLE in " ".join(chunk.text for chunk in chunk_resource(resource, list_items=1) if chunk.lexical)
