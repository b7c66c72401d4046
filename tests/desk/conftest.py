"""Fixtures for the desk's tests: a real PostgreSQL for the session, and the desk served on SQLite and on
PostgreSQL in turn (the `desk` fixture is parametrised, so each test using it runs on both)."""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests
from pytest_postgresql.executors.proc import PostgreSQLExecutor
from sqlalchemy import create_engine, text

from deploy.stack import ROOT, free_port
from desk.db import normalise_url
from tests.desk.server import SERVICE_TOKEN, DeskServer, add_counsellor, running_desk

PG_CTL = Path(__file__).with_name("pg_ctl.sh")
LOG_DIR = ROOT / "var" / "test-logs" / "desk"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgreSQLExecutor]:
    """A PostgreSQL server on a free loopback port for the whole session (pytest-postgresql's executor,
    started through pg_ctl.sh, which runs it as the `postgres` user when the tests run as root)."""
    base = Path(tempfile.mkdtemp(prefix="cdm-desk-pg-"))
    base.chmod(0o777)  # the server may run as another user than the tests
    executor = PostgreSQLExecutor(
        executable=str(PG_CTL),
        host="127.0.0.1",
        port=free_port(),
        datadir=str(base / "data"),
        unixsocketdir=str(base),
        logfile=str(base / "postgres.log"),
        startparams="-w",
        dbname="desk",
        user="postgres",
    )
    try:
        executor.start()
    except Exception as error:
        log = base / "postgres.log"
        pytest.fail(f"PostgreSQL did not start ({error}); log:\n{log.read_text() if log.exists() else '-'}")
    _wait_accepting_connections(executor)
    try:
        yield executor
    finally:
        executor.stop()
        shutil.rmtree(base, ignore_errors=True)


def _wait_accepting_connections(executor: PostgreSQLExecutor, attempts: int = 120) -> None:
    """The port opens before recovery ends ("the database system is starting up"): wait for a session."""
    for _ in range(attempts):
        try:
            with psycopg.connect(host=executor.host, port=executor.port, user=executor.user, dbname="postgres"):
                return
        except psycopg.OperationalError:
            time.sleep(0.5)
    pytest.fail(f"PostgreSQL on port {executor.port} never accepted a connection")


def new_postgres_database(executor: PostgreSQLExecutor) -> str:
    name = f"desk_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(host=executor.host, port=executor.port, user=executor.user, dbname="postgres") as conn:
        conn.autocommit = True
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://{executor.user}@{executor.host}:{executor.port}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    return new_postgres_database(request.getfixturevalue("postgres"))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskServer]:
    """The real desk on a fresh database of each backend, with two counsellors and an admin of the default
    centre, and an admin of the second centre."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('desk') / 'desk.sqlite3'}"
    else:
        url = new_postgres_database(request.getfixturevalue("postgres"))
    add_counsellor(url, "camille", "--areas", "orientation,training")
    add_counsellor(url, "dominique", "--areas", "job_search")
    add_counsellor(url, "alex", "--role", "admin")
    add_counsellor(url, "lou", "--role", "admin", "--centre", "valmeuse")  # every area, of the other centre
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with running_desk(url, LOG_DIR / f"desk-{request.param}.log") as server:
        yield server


SERVICE = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
# A known sequence: seven web conversations in French, three at the kiosk in English; what they asked,
# how they were answered, and the end-of-conversation answers of five of them.
SEQUENCE = (
    [[("channel", "web"), ("language", "fr"), ("intent", "ask_question"), ("topic", "cv_cover_letter")]] * 7
    + [[("channel", "kiosk"), ("language", "en"), ("intent", "ask_opening_hours")]] * 3
    + [[("answer", "answered")]] * 6
    + [[("answer", "refused")]] * 2
    + [[("helped", "yes")]] * 5
    + [[("distress", "counted")]]
)


def _set(database_url: str, username: str, **columns: str) -> None:
    engine = create_engine(normalise_url(database_url))
    with engine.begin() as connection:
        for column, value in columns.items():
            connection.execute(
                text(f"UPDATE counsellors SET {column} = :v WHERE username = :u"), {"v": value, "u": username}
            )
    engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def figures_desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskServer]:
    """A desk of its own (the shared one counts other tests' tickets), with a counsellor of the demo
    centre, one of another centre and a member of the network's staff."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('figures') / 'desk.sqlite3'}"
    else:
        url = new_postgres_database(request.getfixturevalue("postgres"))
    for name in ("camille", "vera", "nora"):
        add_counsellor(url, name)
    _set(url, "vera", centre="valmeuse")
    _set(url, "nora", role="network")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with running_desk(url, LOG_DIR / f"desk-figures-{request.param}.log") as server:
        for events in SEQUENCE:
            body = {"centre": "rivemont", "events": [{"dimension": d, "value": v} for d, v in events]}
            response = requests.post(f"{server.url}/api/figures", json=body, headers=SERVICE, timeout=30)
            assert response.status_code == 204, response.text
        for _ in range(5):  # five handoffs, taken and closed: areas, waits and handling times
            code = server.create_ticket(area="orientation").json()["code"]
            camille = server.counsellor("camille")
            assert camille.post(f"{server.url}/desk/api/tickets/{code}/claim", timeout=30).status_code == 200
            closed = camille.post(
                f"{server.url}/desk/api/tickets/{code}/close", json={"outcome": "answered"}, timeout=30
            )
            assert closed.status_code == 200, closed.text
        yield server
