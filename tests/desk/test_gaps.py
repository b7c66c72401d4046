"""Knowledge gaps in the desk's store: grouping by meaning, bounds, retention, and drafts checked as the
indexer reads them. Plain functions over a real SQLite database migrated by Alembic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from desk import db, drafts, gaps
from desk.models import Draft, GapExample, GapGroup
from desk.settings import GAP_SIMILARITY

NOW = dt.datetime(2026, 12, 5, 14, 37, 12, tzinfo=dt.UTC)
LIMITS = gaps.GapLimits(
    similarity=GAP_SIMILARITY, examples_per_group=3, groups_per_centre=4, retention=dt.timedelta(days=90)
)


@pytest.fixture()
def database(tmp_path: Path) -> db.Database:
    database = db.Database(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    db.migrate(database.engine)
    return database


def axis(index: int, noise: float = 0.0, seed: int = 0) -> np.ndarray:
    """A unit vector near the `index`-th axis of a 32-dimensional space."""
    vector = np.zeros(32, dtype=np.float32)
    vector[index] = 1.0
    vector += noise * np.random.default_rng(seed).standard_normal(32).astype(np.float32)
    return vector


def gap(text: str, vector: np.ndarray, centre: str = "rivemont", language: str = "fr", **extra) -> gaps.NewGap:
    return gaps.NewGap(centre, language, text, extra.get("hour", NOW), extra.get("verdict", "none"), vector)


def test_questions_of_one_meaning_share_a_group_and_others_do_not(database: db.Database) -> None:
    with database.transaction() as session:
        first = gaps.record(session, gap("comment financer mon permis ?", axis(0)), LIMITS)
        again = gaps.record(session, gap("aide pour payer le permis", axis(0, 0.1, 1), verdict="may_help"), LIMITS)
        other = gaps.record(session, gap("devenir pompier volontaire", axis(5)), LIMITS)
        elsewhere = gaps.record(session, gap("comment financer mon permis ?", axis(0), centre="valmeuse"), LIMITS)
        english = gaps.record(session, gap("driving licence funding", axis(0), language="en"), LIMITS)
        assert again.id == first.id
        assert len({first.id, other.id, elsewhere.id, english.id}) == 4
        assert (first.count, first.refused) == (2, 1)
        # Times are kept as hours, never finer.
        assert first.first_hour == dt.datetime(2026, 12, 5, 14, tzinfo=dt.UTC)
        assert [example.text for example in first.examples] == [
            "comment financer mon permis ?",
            "aide pour payer le permis",
        ]


def test_text_is_redacted_again_and_bounded(database: db.Database) -> None:
    typed = "je suis Marie Dupont, 06 12 34 56 78, " + "permis " * 200
    with database.transaction() as session:
        group = gaps.record(session, gap(typed, axis(1)), LIMITS)
        [example] = group.examples
    assert "Dupont" not in example.text and "06 12" not in example.text and "[PHONE]" in example.text
    assert len(example.text) <= gaps.MAX_TEXT


def test_examples_per_group_and_groups_per_centre_are_capped(database: db.Database) -> None:
    with database.transaction() as session:
        for number in range(6):
            gaps.record(session, gap(f"question {number}", axis(2, 0.05, number)), LIMITS)
        [group] = gaps.groups_of(session, frozenset({"rivemont"}))
        assert group.count == 6
        assert [example.text for example in group.examples] == ["question 3", "question 4", "question 5"]
        # Four more meanings: the cap of four groups makes the least recently seen give way.
        for index in range(3, 7):
            later = NOW + dt.timedelta(hours=index)
            gaps.record(session, gap(f"sujet {index}", axis(index), hour=later), LIMITS)
        kept = gaps.groups_of(session, frozenset({"rivemont"}))
        assert len(kept) == LIMITS.groups_per_centre
        assert group.id not in {item.id for item in kept}


def test_a_vector_of_another_model_never_joins(database: db.Database) -> None:
    with database.transaction() as session:
        small = gaps.record(session, gap("a", axis(0)), LIMITS)
        large = gaps.record(session, gap("b", np.ones(64, dtype=np.float32)), LIMITS)
        assert small.id != large.id


def test_retention_forgets_old_examples_groups_and_drafts(database: db.Database) -> None:
    old = NOW - dt.timedelta(days=100)
    with database.transaction() as session:
        stale = gaps.record(session, gap("vieille question", axis(3), hour=old), LIMITS)
        mixed = gaps.record(session, gap("ancienne formulation", axis(4), hour=old), LIMITS)
        gaps.record(session, gap("nouvelle formulation", axis(4, 0.05, 2)), LIMITS)
        session.add(_draft(stale.id, old))
        fresh = _draft(mixed.id, NOW)
        session.add(fresh)
        session.flush()
        done = gaps.purge(session, NOW, LIMITS.retention)
        assert (done.groups, done.drafts) == (1, 1)
        assert session.get(GapGroup, stale.id) is None
        texts = session.scalars(select(GapExample.text)).all()
        assert texts == ["nouvelle formulation"]
        assert [draft.id for draft in session.scalars(select(Draft))] == [fresh.id]


def _draft(group_id: int, at: dt.datetime) -> Draft:
    return Draft(
        centre="rivemont",
        group_id=group_id,
        resource_id="rivemont-permis",
        title="Financer son permis",
        kind="faq",
        topics="training_funding",
        lang="fr",
        audience="all",
        where="Accueil",
        body="Texte.",
        status="draft",
        created_at=at,
        updated_at=at,
    )


FIELDS = {
    "resource_id": "rivemont-financer-son-permis",
    "title": "Financer son permis de conduire",
    "kind": "faq",
    "topics": "training_funding",
    "lang": "fr",
    "audience": "all,jobseekers",
    "where": "Accueil de la Cité des métiers",
    "body": "## Réponse\n\nLe compte personnel de formation peut financer le permis B.\n",
}


def test_a_complete_draft_is_valid_and_publishes_as_the_readme_requires() -> None:
    assert drafts.check(FIELDS, "Cité des métiers de Rivemont", NOW.date(), set()) == []
    text = drafts.markdown(FIELDS, "Cité des métiers de Rivemont", NOW.date())
    assert text.startswith("---\nid: rivemont-financer-son-permis\n")
    assert "publisher: Cité des métiers de Rivemont" in text and "updated: '2026-12-05'" in text


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"topics": "no_such_topic"}, "topics"),
        ({"topics": ""}, "topics"),
        ({"kind": "poem"}, "kind"),
        ({"audience": "everyone"}, "audience"),
        ({"resource_id": "Pas un slug"}, "resource_id"),
        ({"resource_id": "taken"}, "resource_id"),
        ({"body": f"## Réponse\n\n{drafts.PLACEHOLDER}\n"}, "body"),
    ],
)
def test_a_wrong_draft_names_what_is_wrong(change: dict, field: str) -> None:
    problems = drafts.check({**FIELDS, **change}, "Rivemont", NOW.date(), {"taken"})
    assert field in {problem.field for problem in problems}, problems
