"""What a busy year of figures costs the desk: rows stored, and the time to read one year back as the
figures page does (totals, hours, sections, charts), on SQLite.

    .venv/bin/python bench/figures.py [--cells-per-hour 40] [--rounds 5]

A year of opening hours is filled with counters (every hour of the year, `--cells-per-hour` distinct
dimension/value pairs per hour: a busy centre), then the page's reading is timed. Prints a Markdown
table; nothing is asserted (the machine is shared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from common.figures import DIMENSIONS
from desk.db import Database, migrate
from desk.figures import charts, report, store
from desk.models import FigureCount

PARIS = ZoneInfo("Europe/Paris")


def fill(database: Database, year: int, cells_per_hour: int) -> int:
    """One row per hour of `year` and per pair; returns how many rows were written."""
    pairs = [(d, v) for d, values in DIMENSIONS.items() for v in values()][:cells_per_hour]
    hour = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    rows = 0
    with database.transaction() as session:
        while hour < end:
            batch = [
                {"centre": "rivemont", "hour": hour, "dimension": d, "value": v, "count": 1 + (rows + i) % 7}
                for i, (d, v) in enumerate(pairs)
            ]
            session.execute(insert(FigureCount), batch)
            rows += len(batch)
            hour += dt.timedelta(hours=1)
    return rows


def read_year(database: Database, year: int) -> None:
    """What the figures page does for "this year" on 31 December."""
    chosen = report.period("this_year", dt.date(year, 12, 31), PARIS)
    with database.transaction() as session:
        cells = store.totals(session, ("rivemont",), chosen.start, chosen.end)
        hours = store.hourly(session, ("rivemont",), "channel", chosen.start, chosen.end)
    shown = report.suppressed(report.raw_sections(cells, hours, {"rivemont": PARIS}))
    for name, values in shown.items():
        charts.bar_chart(name, list(values.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells-per-hour", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'desk.sqlite3'}")
        migrate(database.engine)
        rows = fill(database, 2026, args.cells_per_hour)
        size = (Path(folder) / "desk.sqlite3").stat().st_size
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            read_year(database, 2026)
            times.append(time.perf_counter() - start)
        database.dispose()
    print("| rows (a year, every hour) | database file | read one year and draw the charts: median | max |")
    print("|---:|---:|---:|---:|")
    median, worst = statistics.median(times) * 1000, max(times) * 1000
    print(f"| {rows} | {size / 2**20:.0f} MiB | {median:.0f} ms | {worst:.0f} ms |")


if __name__ == "__main__":
    main()
