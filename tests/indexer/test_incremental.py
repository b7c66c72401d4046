"""Incremental builds: unchanged files are neither read nor embedded; generations swap atomically."""

from __future__ import annotations

import os
import shutil
import time

from indexer.build import current_generation
from indexer.search import Searcher


def _touch_later(path):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_second_run_reads_and_embeds_nothing(builder, kb_copy, tmp_path):
    out = tmp_path / "index"
    first = builder.build(kb_copy, out)
    assert first.changed and len(first.files_read) == 8 and first.chunks_embedded > 0
    second = builder.build(kb_copy, out)
    assert not second.changed
    assert second.files_read == [] and second.chunks_embedded == 0 and second.files_reused == 8
    assert second.generation == first.generation
    # A touched but identical file is recognised by its hash: still nothing to do.
    _touch_later(kb_copy / "resources" / "en" / "nurse.md")
    third = builder.build(kb_copy, out)
    assert not third.changed and third.chunks_embedded == 0


def test_change_add_delete_reindex_only_that_file(builder, kb_copy, tmp_path, settings):
    out = tmp_path / "index"
    builder.build(kb_copy, out)
    nurse = kb_copy / "resources" / "en" / "nurse.md"
    nurse.write_text(
        nurse.read_text(encoding="utf-8") + "\nNight shifts are paid extra: a plenary bonus.\n", encoding="utf-8"
    )
    changed = builder.build(kb_copy, out)
    assert changed.changed and changed.files_read == ["resources/en/nurse.md"] and changed.files_reused == 7
    assert 0 < changed.chunks_embedded <= 4

    added = kb_copy / "resources" / "fr" / "fiche-soudeur.md"
    added.write_text(
        "---\nid: fiche-soudeur\ntitle: Fiche métier soudeur, soudeuse\nkind: career_sheet\n"
        "topics: [stem_careers]\nlang: fr\naudience: [all]\nwhere: Rayon A3\nupdated: 2025-01-01\n---\n\n"
        "La soudeuse assemble des pièces métalliques à l'arc ou au chalumeau.\n",
        encoding="utf-8",
    )
    report = builder.build(kb_copy, out)
    assert report.files_read == ["resources/fr/fiche-soudeur.md"] and report.resources == 10

    (kb_copy / "catalogue" / "books.csv").unlink()
    report = builder.build(kb_copy, out)
    assert report.files_read == [] and report.files_deleted == ["catalogue/books.csv"] and report.resources == 7

    searcher = Searcher(out, settings, analyzer=builder.analyzer, embedder=builder.embedder)
    assert searcher.search("je voudrais devenir soudeur", 1)[0].id == "fiche-soudeur"
    assert "plenary bonus" in " ".join(r.snippet for r in searcher.search("plenary bonus night shifts", 3))
    assert all(r.kind != "book" for r in searcher.search("créer son entreprise", 10))


def test_open_searcher_keeps_working_and_reloads(builder, kb_copy, tmp_path, settings):
    out = tmp_path / "index"
    builder.build(kb_copy, out)
    searcher = Searcher(out, settings, analyzer=builder.analyzer, embedder=builder.embedder)
    old = searcher.generation
    assert searcher.search("vendanges", 1)[0].id == "fiche-vendangeur"

    shutil.copy(kb_copy / "resources" / "fr" / "fiche-vendangeur.md", kb_copy / "resources" / "fr" / "zz.md")
    (kb_copy / "resources" / "fr" / "zz.md").write_text(
        (kb_copy / "resources" / "fr" / "zz.md")
        .read_text(encoding="utf-8")
        .replace("id: fiche-vendangeur", "id: fiche-cueilleur")
        .replace("vendangeur, vendangeuse", "cueilleur de pommes"),
        encoding="utf-8",
    )
    time.sleep(0.01)
    builder.build(kb_copy, out)
    # The old generation, held in memory, still answers even once its files are gone.
    shutil.rmtree(old.path)
    rankings = searcher.rank("vendanges", old)
    assert rankings.bm25 and old.resources[rankings.bm25[0][0]]["id"] in {"fiche-vendangeur"}
    # The next query moves to the new generation.
    results = searcher.search("cueilleur de pommes", 3)
    assert searcher.generation.path != old.path
    assert searcher.generation.path == current_generation(out)
    assert "fiche-cueilleur" in [result.id for result in results]


def test_current_always_points_at_a_complete_generation(builder, kb_copy, tmp_path):
    out = tmp_path / "index"
    builder.build(kb_copy, out)
    for round_ in range(3):
        (kb_copy / "resources" / "en" / "extra.md").write_text(
            f"---\nid: extra\ntitle: Extra {round_}\nkind: faq\ntopics: [job_offers]\nlang: en\naudience: [all]\n"
            f"where: Desk\nupdated: 2025-01-0{round_ + 1}\n---\n\nRound {round_} of networking tips.\n",
            encoding="utf-8",
        )
        builder.build(kb_copy, out)
        generation = current_generation(out)
        assert generation is not None
        assert {"meta.sqlite", "dense.faiss", "bm25"} <= {path.name for path in generation.iterdir()}
    generations = [path for path in (out / "generations").iterdir() if not path.name.startswith(".")]
    assert len(generations) == 2  # the current one and the one before, for readers still on it
    assert not list((out / "generations").glob(".*.partial"))
