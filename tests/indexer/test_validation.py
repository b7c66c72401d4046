"""Broken files are reported with file, line where known and reason; everything else still indexes."""

from __future__ import annotations

import shutil

from indexer.search import Searcher

from .conftest import BAD


def test_bad_files_are_skipped_with_reasons_and_the_rest_indexes(builder, kb_copy, tmp_path, settings):
    shutil.copy(BAD / "corrupt.pdf", kb_copy / "pdf" / "corrupt.pdf")
    shutil.copy(BAD / "invalid.ics", kb_copy / "calendar" / "invalid.ics")
    shutil.copy(BAD / "broken-front-matter.md", kb_copy / "resources" / "en" / "broken-front-matter.md")
    shutil.copy(BAD / "unknown-topic.md", kb_copy / "resources" / "en" / "unknown-topic.md")
    shutil.copy(BAD / "empty.md", kb_copy / "resources" / "fr" / "empty.md")
    (kb_copy / "resources" / "fr" / "huge.md").write_bytes(b"x" * 8192)
    out = tmp_path / "index"
    report = builder.__class__(settings.with_overrides(max_file_bytes=4096), builder.analyzer, builder.embedder).build(
        kb_copy, out
    )
    assert report.exit_status == 3
    problems = {problem.file: problem for problem in report.problems}
    assert set(problems) == {
        "pdf/corrupt.pdf",
        "calendar/invalid.ics",
        "resources/en/broken-front-matter.md",
        "resources/en/unknown-topic.md",
        "resources/fr/empty.md",
        "resources/fr/huge.md",
    }
    assert "corrupt or unreadable PDF" in problems["pdf/corrupt.pdf"].reason
    assert "invalid iCalendar" in problems["calendar/invalid.ics"].reason
    assert problems["resources/en/broken-front-matter.md"].line == 3
    assert "front matter" in problems["resources/en/broken-front-matter.md"].reason
    assert problems["resources/en/unknown-topic.md"].line == 5
    assert "underwater_basket_weaving" in problems["resources/en/unknown-topic.md"].reason
    assert problems["resources/fr/empty.md"].reason == "empty file"
    assert "too large" in problems["resources/fr/huge.md"].reason
    assert str(problems["resources/en/unknown-topic.md"]).startswith("resources/en/unknown-topic.md:5: ")
    # Everything else is there.
    assert report.resources == 9 and report.series == 3
    searcher = Searcher(out, settings, analyzer=builder.analyzer, embedder=builder.embedder)
    assert searcher.search("RQTH aménagement du poste", 1)[0].id == "pdf-aides-handicap"


def test_duplicate_ids_keep_the_first_file(builder, kb_copy, tmp_path):
    copy = kb_copy / "resources" / "fr" / "zz-copie.md"
    shutil.copy(kb_copy / "resources" / "fr" / "guide-bilan.md", copy)
    report = builder.build(kb_copy, tmp_path / "index")
    [problem] = report.problems
    assert problem.file == "resources/fr/zz-copie.md"
    assert "already used by resources/fr/guide-bilan.md" in problem.reason
    # Once the first file goes, the second one's resource comes back.
    (kb_copy / "resources" / "fr" / "guide-bilan.md").unlink()
    report = builder.build(kb_copy, tmp_path / "index")
    assert report.problems == [] and report.resources == 9


def test_search_filters(fixture_searcher):
    assert all(r.lang == "en" for r in fixture_searcher.search("bilan de compétences", 5, lang="en"))
    assert all(r.kind == "book" for r in fixture_searcher.search("entreprise", 5, kind="book"))
    assert [r.id for r in fixture_searcher.search("handicap", 5, topic="disability")] == ["pdf-aides-handicap"]
    found = fixture_searcher.search("cv", 9, audience="newcomers")
    assert found and all("newcomers" in r.audience or "all" in r.audience for r in found)
    assert fixture_searcher.search("   ", 5) == []
    assert len(fixture_searcher.search("x" * 100_000, 3)) <= 3  # huge query: bounded, no error
