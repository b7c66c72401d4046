"""The desk's settings, read once from the environment, with defaults that work on a laptop.

One typed object so that an operator finds every knob in one place: the database, the token shared
with the action server, the Rasa server to pause, retention times, rate limits and the clock.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from common import clients, env
from desk.gaps import GapLimits

ROOT = Path(__file__).resolve().parent.parent
# Cosine with a gap group's centroid needed to join it: chosen on tests/data/gap_questions.yml
# (`bench/gap_threshold.py`; the README's "Knowledge gaps" gives the figures).
GAP_SIMILARITY = 0.6


class SettingsError(ValueError):
    """An environment variable holds a value the desk cannot use; the message names it."""


def _int(name: str, default: int, minimum: int = 0) -> int:
    try:
        return env.whole_number(name, default, minimum)
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc


def _fraction(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r} is not a number") from exc
    if not 0.0 < value < 1.0:
        raise SettingsError(f"{name}={value} must lie between 0 and 1")
    return value


def _origins(raw: str) -> tuple[str, ...]:
    """CDM_ALLOWED_ORIGINS: comma-separated `scheme://host[:port]`, as browsers send them in `Origin`."""
    origins = tuple(item.strip().rstrip("/") for item in raw.split(",") if item.strip())
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
            raise SettingsError(f"CDM_ALLOWED_ORIGINS: {origin!r} is not an origin like https://www.example.org")
    return origins


def _addresses(name: str) -> tuple[str, ...]:
    """A comma-separated list of addresses or networks (CIDR), each checked now so a typo fails at start."""
    items = tuple(item.strip() for item in os.environ.get(name, "").split(",") if item.strip())
    try:
        clients.networks(items)
    except ValueError as exc:
        raise SettingsError(f"{name}: {exc}") from exc
    return items


@dataclass(frozen=True)
class DeskSettings:
    database_url: str
    # Shared with the action server; None disables ticket creation (503) rather than accepting anyone.
    service_token: str | None
    # Where to pause and resume conversations during a live chat; empty disables it. Rasa's HTTP API
    # answers only with its token (None: pausing fails, logged, and the bot keeps answering).
    rasa_url: str
    rasa_token: str | None
    # Reverse proxies whose X-Forwarded-For names the client (uvicorn reads it from them only).
    trusted_proxies: tuple[str, ...]
    # Where visitors' browsers reach Rasa (written into the pages' `data-server`); empty: the pages' own
    # origin (behind a reverse proxy that serves both).
    rasa_public_url: str
    # Web origins whose pages may use the live-chat API (CORS), e.g. the centre's own website.
    allowed_origins: tuple[str, ...]
    host: str
    port: int
    web_dir: Path
    # A fixed start for the clock (ISO 8601 with offset); the clock then runs from there.
    fixed_now: dt.datetime | None
    retention_closed: dt.timedelta
    # A claimed ticket nobody closed is closed after this long, then purged like any closed ticket.
    retention_claimed: dt.timedelta
    # Anonymous figures are kept this long (about three years: three annual activity reports), then purged.
    retention_figures: dt.timedelta
    purge_interval_s: int
    session_lifetime: dt.timedelta
    max_failed_sign_ins: int
    lockout: dt.timedelta
    rate_sign_in: str
    rate_tickets: str
    # Per visitor, as the action server names them (a key derived from the address the trusted proxy saw,
    # header X-CDM-Client): conversations asking for a ticket per client, tickets per conversation.
    rate_tickets_client: str
    rate_tickets_conversation: str
    rate_status: str
    # `.ics` downloads counted per client address (the widget's anonymous count, desk/figures/).
    rate_ics: str
    code_length: int
    default_handling_minutes: int
    online_window: dt.timedelta
    # Knowledge gaps: grouping threshold, bounds and retention (desk/gaps.py); publishing a draft writes
    # into the knowledge base (CDM_KB_DIR) and re-indexes it (CDM_INDEX_DIR) within this many seconds.
    gaps: GapLimits
    reindex_timeout_s: int

    @classmethod
    def from_env(cls) -> DeskSettings:
        fixed = os.environ.get("CDM_FIXED_NOW", "").strip()
        try:
            fixed_now = dt.datetime.fromisoformat(fixed) if fixed else None
        except ValueError as exc:
            raise SettingsError(f"CDM_FIXED_NOW={fixed!r} is not an ISO 8601 date and time") from exc
        if fixed_now is not None and fixed_now.tzinfo is None:
            raise SettingsError("CDM_FIXED_NOW needs a UTC offset, e.g. 2026-12-24T11:00:00+01:00")
        default_db = f"sqlite:///{ROOT / 'var' / 'desk.sqlite3'}"
        host, port = os.environ.get("CDM_DESK_HOST", "127.0.0.1"), _int("CDM_DESK_PORT", 8000, 1)
        rasa_url = os.environ.get("CDM_RASA_URL", "http://127.0.0.1:5005").rstrip("/")
        return cls(
            database_url=os.environ.get("DATABASE_URL", "").strip() or default_db,
            service_token=env.token("CDM_DESK_SERVICE_TOKEN", env.DESK_TOKEN_FILE),
            rasa_url=rasa_url,
            rasa_token=env.token("CDM_RASA_TOKEN", env.RASA_TOKEN_FILE),
            trusted_proxies=_addresses("CDM_TRUSTED_PROXIES"),
            rasa_public_url=os.environ.get("CDM_RASA_PUBLIC_URL", rasa_url).strip().rstrip("/"),
            allowed_origins=_origins(os.environ.get("CDM_ALLOWED_ORIGINS", "") or f"http://{host}:{port}"),
            host=host,
            port=port,
            web_dir=Path(os.environ.get("CDM_WEB_DIR", ROOT / "web")),
            fixed_now=fixed_now,
            retention_closed=dt.timedelta(hours=_int("CDM_DESK_RETENTION_HOURS", 24)),
            retention_claimed=dt.timedelta(hours=_int("CDM_DESK_CLAIMED_HOURS", 4, 1)),
            retention_figures=dt.timedelta(days=_int("CDM_DESK_FIGURES_DAYS", 1096, 1)),
            purge_interval_s=_int("CDM_DESK_PURGE_SECONDS", 600, 1),
            session_lifetime=dt.timedelta(hours=_int("CDM_DESK_SESSION_HOURS", 12, 1)),
            max_failed_sign_ins=_int("CDM_DESK_MAX_FAILED_SIGN_INS", 5, 1),
            lockout=dt.timedelta(minutes=_int("CDM_DESK_LOCKOUT_MINUTES", 15, 1)),
            rate_sign_in=os.environ.get("CDM_DESK_RATE_SIGN_IN", "10/minute"),
            rate_tickets=os.environ.get("CDM_DESK_RATE_TICKETS", "600/minute"),
            rate_tickets_client=os.environ.get("CDM_DESK_RATE_TICKETS_CLIENT", "20/hour"),
            rate_tickets_conversation=os.environ.get("CDM_DESK_RATE_TICKETS_CONVERSATION", "3/hour"),
            rate_status=os.environ.get("CDM_DESK_RATE_STATUS", "30/minute"),
            rate_ics=os.environ.get("CDM_DESK_RATE_ICS", "30/hour"),
            code_length=_int("CDM_DESK_CODE_LENGTH", 4, 4),
            default_handling_minutes=_int("CDM_DESK_DEFAULT_HANDLING_MINUTES", 15, 1),
            online_window=dt.timedelta(seconds=_int("CDM_DESK_ONLINE_SECONDS", 60, 5)),
            gaps=GapLimits(
                similarity=_fraction("CDM_GAP_SIMILARITY", GAP_SIMILARITY),
                examples_per_group=_int("CDM_GAP_EXAMPLES", 5, 1),
                groups_per_centre=_int("CDM_GAP_GROUPS", 300, 1),
                retention=dt.timedelta(days=_int("CDM_GAP_RETENTION_DAYS", 90, 1)),
            ),
            reindex_timeout_s=_int("CDM_GAP_REINDEX_SECONDS", 300, 10),
        )
