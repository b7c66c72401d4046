"""Knowledge gaps: the questions the assistant refused or only answered with "may help", grouped by meaning.

The action server sends each such question (redacted, with its language, centre, hour and the dense
vector the search already computed); this module assigns it to the nearest group of its centre and
language by cosine similarity, or opens a new group. Assignment is incremental (one comparison per
group, no re-clustering), so a question costs the same whether the store holds one group or the cap.

Privacy by construction: the text is redacted again on receipt (the desk trusts no caller to have done
it), times are whole hours, and nothing identifies a visitor or a conversation. Bounded: a capped number
of groups per centre (the least recently seen gives way), a capped number of examples per group (the
oldest gives way), and everything is purged after the retention period (`purge`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

import privacy
from desk.models import Draft, GapExample, GapGroup

MAX_TEXT = 500  # characters of an example question kept
VERDICTS = ("none", "may_help")


@dataclass(frozen=True)
class GapLimits:
    """How questions are grouped and how much is kept (DeskSettings reads them from the environment)."""

    similarity: float  # cosine with a group's centroid needed to join it
    examples_per_group: int
    groups_per_centre: int
    retention: dt.timedelta


@dataclass(frozen=True)
class NewGap:
    centre: str
    language: str
    text: str
    hour: dt.datetime
    verdict: str  # "none" (refused) or "may_help"
    vector: np.ndarray


def hour_of(moment: dt.datetime) -> dt.datetime:
    """The hour bucket of a moment: what the gap store keeps instead of a time."""
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def unit(vector: np.ndarray) -> np.ndarray:
    """The vector scaled to length 1 (a zero vector stays zero: it joins no group)."""
    vector = np.asarray(vector, dtype=np.float32).ravel()
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def centroid_of(group: GapGroup) -> np.ndarray:
    return np.frombuffer(group.centroid, dtype=np.float32)


def nearest(centroids: list[np.ndarray], vector: np.ndarray) -> tuple[int | None, float]:
    """The position of the centroid closest to `vector` by cosine, and that cosine (centroids of another
    dimension, from another embedding model, are never compared)."""
    best, best_similarity = None, -1.0
    for position, centroid in enumerate(centroids):
        if centroid.shape != vector.shape:
            continue
        similarity = float(np.dot(unit(centroid), vector))
        if similarity > best_similarity:
            best, best_similarity = position, similarity
    return best, best_similarity


def merged(centroid: np.ndarray, count: int, vector: np.ndarray) -> np.ndarray:
    """A group's centroid after one more member: the running mean of its members' unit vectors."""
    return ((centroid * count + vector) / (count + 1)).astype(np.float32)


def record(session: Session, gap: NewGap, limits: GapLimits) -> GapGroup:
    """Count a question in the nearest group of its centre and language, or in a new one."""
    text = " ".join(privacy.redact(gap.text).split())[:MAX_TEXT]
    hour = hour_of(gap.hour)
    vector = unit(gap.vector)
    groups = list(
        session.scalars(select(GapGroup).where(GapGroup.centre == gap.centre, GapGroup.language == gap.language))
    )
    position, similarity = nearest([centroid_of(group) for group in groups], vector)
    group = groups[position] if position is not None else None
    if group is None or similarity < limits.similarity:
        _make_room(session, gap.centre, limits.groups_per_centre)
        group = GapGroup(
            centre=gap.centre,
            language=gap.language,
            centroid=vector.tobytes(),
            count=0,
            refused=0,
            first_hour=hour,
            last_hour=hour,
            status="open",
        )
        session.add(group)
    else:
        group.centroid = merged(centroid_of(group), group.count, vector).tobytes()
        group.last_hour = max(group.last_hour, hour)
    group.count += 1
    group.refused += gap.verdict == "none"
    if text and text not in {example.text for example in group.examples}:
        group.examples.append(GapExample(text=text, hour=hour))
        for old in group.examples[: -limits.examples_per_group]:
            group.examples.remove(old)
    session.flush()
    return group


def _make_room(session: Session, centre: str, cap: int) -> None:
    """Below the cap on groups per centre, by forgetting the least recently seen, smallest groups."""
    count = len(session.scalars(select(GapGroup.id).where(GapGroup.centre == centre)).all())
    if count < cap:
        return
    stale = session.scalars(
        select(GapGroup)
        .where(GapGroup.centre == centre)
        .order_by(GapGroup.last_hour, GapGroup.count, GapGroup.id)
        .limit(count - cap + 1)
    ).all()
    for group in stale:
        session.delete(group)
    session.flush()


def groups_of(session: Session, centres: frozenset[str] | None, status: str | None = None) -> list[GapGroup]:
    """The gap groups of the given centres (None: every centre), most asked first."""
    query = select(GapGroup).order_by(GapGroup.count.desc(), GapGroup.last_hour.desc(), GapGroup.id)
    if centres is not None:
        query = query.where(GapGroup.centre.in_(sorted(centres)))
    if status:
        query = query.where(GapGroup.status == status)
    return list(session.scalars(query))


def group_view(group: GapGroup) -> dict:
    return {
        "id": group.id,
        "centre": group.centre,
        "language": group.language,
        "count": group.count,
        "refused": group.refused,
        "first_hour": group.first_hour.isoformat(),
        "last_hour": group.last_hour.isoformat(),
        "status": group.status,
        "examples": [example.text for example in reversed(group.examples)],
    }


@dataclass(frozen=True)
class GapsPurged:
    groups: int
    examples: int
    drafts: int


def purge(session: Session, now: dt.datetime, retention: dt.timedelta) -> GapsPurged:
    """Forget what is older than the retention period: examples by their hour, groups not seen since,
    drafts not touched since (a published draft's resource lives on in the knowledge base)."""
    cutoff = now - retention
    examples = session.execute(delete(GapExample).where(GapExample.hour < cutoff)).rowcount or 0
    old_groups = select(GapGroup.id).where(GapGroup.last_hour < cutoff)
    session.execute(delete(GapExample).where(GapExample.group_id.in_(old_groups)))
    session.execute(Draft.__table__.update().where(Draft.group_id.in_(old_groups)).values(group_id=None))
    groups = session.execute(delete(GapGroup).where(GapGroup.last_hour < cutoff)).rowcount or 0
    drafts = session.execute(delete(Draft).where(Draft.updated_at < cutoff)).rowcount or 0
    return GapsPurged(groups, examples, drafts)
