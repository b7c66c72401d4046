"""Counsellor accounts and sign-in: argon2 password hashes, lock-out, server-side sessions, CSRF tokens.

Sessions live in the database (only a hash of the cookie value is stored), so signing out or locking an
account takes effect at once, and each session carries its own CSRF token for the dashboard's forms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from common.centres import centre_ids, default_centre
from common.topics import load_taxonomy
from desk.models import ROLES, AuditEntry, Counsellor, WebSession

MIN_PASSWORD_CHARS = 12
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_hasher = PasswordHasher()
# Verified against when the username is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AuthError(ValueError):
    """A refused sign-in or account change; the message is safe to show."""


@dataclass(frozen=True)
class SignedIn:
    cookie_value: str
    session: WebSession


def hash_session_id(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode("utf-8")).hexdigest()


def add_counsellor(
    session: Session,
    username: str,
    password: str,
    role: str,
    areas: list[str],
    now: dt.datetime,
    centre: str | None = None,
) -> Counsellor:
    """Create an account of a centre (the default centre's when None), or AuthError naming what is wrong
    with the request."""
    centre = centre or default_centre()
    if centre not in centre_ids():
        raise AuthError(f"unknown centre {centre!r}; known: {', '.join(centre_ids())}")
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise AuthError("username: 2 to 64 characters, lowercase letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD_CHARS:
        raise AuthError(f"password: at least {MIN_PASSWORD_CHARS} characters")
    if role not in ROLES:
        raise AuthError(f"role must be one of {', '.join(ROLES)}")
    known = set(load_taxonomy().areas)
    unknown = sorted(set(areas) - known)
    if unknown:
        raise AuthError(f"unknown area(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    if session.scalar(select(Counsellor).where(Counsellor.username == username)) is not None:
        raise AuthError(f"a counsellor named {username!r} already exists")
    counsellor = Counsellor(
        username=username,
        password_hash=_hasher.hash(password),
        role=role,
        centre=centre,
        areas=",".join(sorted(set(areas))),
        failed_sign_ins=0,
        created_at=now,
    )
    session.add(counsellor)
    session.flush()
    return counsellor


def sign_in(
    session: Session,
    username: str,
    password: str,
    now: dt.datetime,
    lifetime: dt.timedelta,
    max_failures: int,
    lockout: dt.timedelta,
) -> SignedIn:
    """Check the password and open a session; repeated failures lock the account for `lockout`.

    The same message answers an unknown name, a wrong password and a locked account, so that the form
    does not tell an attacker which names exist."""
    refused = AuthError("wrong username or password, or the account is locked for a while")
    counsellor = session.scalar(select(Counsellor).where(Counsellor.username == username.strip().lower()))
    if counsellor is None:
        _verify(_DUMMY_HASH, password)
        raise refused
    if counsellor.locked_until is not None and counsellor.locked_until > now:
        session.add(AuditEntry(at=now, counsellor_id=counsellor.id, action="sign_in_locked", detail=""))
        raise refused
    if not _verify(counsellor.password_hash, password):
        counsellor.failed_sign_ins += 1
        action = "sign_in_failed"
        if counsellor.failed_sign_ins >= max_failures:
            counsellor.locked_until = now + lockout
            counsellor.failed_sign_ins = 0
            action = "locked_out"
        session.add(AuditEntry(at=now, counsellor_id=counsellor.id, action=action, detail=""))
        raise refused
    counsellor.failed_sign_ins = 0
    counsellor.locked_until = None
    if _hasher.check_needs_rehash(counsellor.password_hash):
        counsellor.password_hash = _hasher.hash(password)
    cookie_value = secrets.token_urlsafe(32)
    web_session = WebSession(
        id=hash_session_id(cookie_value),
        counsellor_id=counsellor.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
    )
    web_session.counsellor = counsellor
    session.add(web_session)
    session.add(AuditEntry(at=now, counsellor_id=counsellor.id, action="sign_in", detail=""))
    session.flush()
    return SignedIn(cookie_value, web_session)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def current_session(session: Session, cookie_value: str | None, now: dt.datetime) -> WebSession | None:
    """The live session behind a cookie (its last-seen time refreshed), or None."""
    if not cookie_value:
        return None
    web_session = session.get(WebSession, hash_session_id(cookie_value))
    if web_session is None or web_session.expires_at <= now:
        return None
    web_session.last_seen_at = now
    return web_session


def sign_out(session: Session, cookie_value: str | None, now: dt.datetime) -> None:
    web_session = current_session(session, cookie_value, now)
    if web_session is not None:
        session.add(AuditEntry(at=now, counsellor_id=web_session.counsellor_id, action="sign_out", detail=""))
        session.delete(web_session)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and secrets.compare_digest(expected, given)


def purge_sessions(session: Session, now: dt.datetime) -> int:
    return session.execute(delete(WebSession).where(WebSession.expires_at <= now)).rowcount or 0
