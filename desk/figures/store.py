"""Counting and reading the anonymous counters (`FigureCount`): one row per centre, UTC hour, dimension
and value, incremented in place.

The desk stamps the hour itself from its own clock, truncated to the hour, so no caller can place a
finer time in the store. Incrementing is one `INSERT ... ON CONFLICT DO UPDATE`, a statement SQLite and
PostgreSQL both know, so two replicas counting the same cell at once add up rather than collide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from common.figures import is_known
from desk.models import FigureCount, OutcomeFigure


class UnknownFigure(ValueError):
    """An event outside the closed lists; the message names the dimension and value."""


def hour_of(moment: dt.datetime) -> dt.datetime:
    """The start of the UTC hour `moment` falls in: the finest time a figure keeps."""
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def check(centres: Iterable[str], centre: str, events: Iterable[tuple[str, str]]) -> None:
    """Refuse a centre or an event that is not on its closed list (UnknownFigure)."""
    if centre not in set(centres):
        raise UnknownFigure(f"unknown centre {centre!r}")
    for dimension, value in events:
        if not is_known(dimension, value):
            raise UnknownFigure(f"unknown figure {dimension!r}={value!r}")


def count(session: Session, centre: str, events: Iterable[tuple[str, str]], now: dt.datetime) -> None:
    """Add one to each (dimension, value) counter of `centre` for the hour of `now`."""
    hour = hour_of(now)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for dimension, value in events:
        statement = insert(FigureCount).values(centre=centre, hour=hour, dimension=dimension, value=value, count=1)
        statement = statement.on_conflict_do_update(
            index_elements=["centre", "hour", "dimension", "value"],
            set_={"count": FigureCount.count + 1},
        )
        session.execute(statement)


@dataclass(frozen=True)
class Cell:
    """A counter summed over a period: one centre's (dimension, value), in one UTC hour or overall."""

    centre: str
    dimension: str
    value: str
    count: int
    hour: dt.datetime | None = None


def totals(session: Session, centres: Iterable[str] | None, start: dt.datetime, end: dt.datetime) -> list[Cell]:
    """Every counter of `centres` (None: all) summed over [start, end), per centre, dimension and value."""
    query = (
        select(FigureCount.centre, FigureCount.dimension, FigureCount.value, func.sum(FigureCount.count))
        .where(FigureCount.hour >= start, FigureCount.hour < end)
        .group_by(FigureCount.centre, FigureCount.dimension, FigureCount.value)
    )
    if centres is not None:
        query = query.where(FigureCount.centre.in_(list(centres)))
    return [Cell(c, d, v, int(n)) for c, d, v, n in session.execute(query).all()]


def hourly(
    session: Session, centres: Iterable[str] | None, dimension: str, start: dt.datetime, end: dt.datetime
) -> list[Cell]:
    """One dimension's counters per centre and UTC hour (summed over its values), for hour-of-day and
    weekday charts in each centre's own time."""
    query = (
        select(FigureCount.centre, FigureCount.hour, func.sum(FigureCount.count))
        .where(FigureCount.dimension == dimension, FigureCount.hour >= start, FigureCount.hour < end)
        .group_by(FigureCount.centre, FigureCount.hour)
    )
    if centres is not None:
        query = query.where(FigureCount.centre.in_(list(centres)))
    return [Cell(c, dimension, "", int(n), hour) for c, hour, n in session.execute(query).all()]


def purge(session: Session, before: dt.datetime) -> int:
    """Delete the counters, and the closed tickets' outcome figures, of hours before `before` (retention);
    returns how many counters went."""
    session.execute(delete(OutcomeFigure).where(OutcomeFigure.closed_at < before))
    result = session.execute(delete(FigureCount).where(FigureCount.hour < before))
    return result.rowcount or 0
