"""Issue 5's acceptance: conversations full of personal data leave none of it anywhere.

Two real stacks hold the same French and English conversations: the session stack (default
configuration: bot/endpoints.yml, in-memory store) and a production stack (deploy/endpoints.production.yml:
Rasa's Redis tracker store on a real Redis started by pytest-redis, with every process logging at DEBUG,
so that visitor text does reach the logs). Then every file under var/ (the index, the results, both
stacks' logs), the Redis data directory and every record in Redis are searched for the personal data,
in the spellings typed and with digits run together, and none is found; while the stored conversations
and the DEBUG logs do hold the placeholders, which shows the text did go through and was redacted.
The production stack also shows that Redis expires conversations and that "efface tout" erases them.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

import privacy
from deploy.stack import ROOT, Stack, new_sender, running_stack
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.integration
TTL_S = 20
PRODUCTION_LOGS = ROOT / "var" / "test-logs" / "production"

CONVERSATIONS = {
    "fr": [
        "bonjour, je m'appelle Ysaline Kervadec",
        "mon numéro c'est le 06 47 29 81 36 et mon mail ysaline.kervadec@exemple.fr",
        "j'habite au 27 impasse des Pléiades, 69007 Lyon, c'est loin de chez vous ?",
        "mon numéro de sécu est 2 84 05 75 112 223 53, vous en avez besoin ?",
        "pour le remboursement mon IBAN FR76 3000 6000 0112 3456 7890 189",
        "Mme Kervadec c'est moi, je suis née le 12/03/1987, je cherche une formation de comptable",
    ],
    "en": [
        "hi, my name is Thaddeus Brightwater",
        "call me on +44 7700 900461 or write to t.brightwater@example.co.uk",
        "I live at 221 Baker Street, London NW1 6XE",
        "my IBAN is GB29 NWBK 6016 1331 9268 19",
        "my card is 4539 1488 0343 6467, is that a problem?",
        "how do I become an electrician?",
    ],
}
SECRETS = [
    "Ysaline",
    "Kervadec",
    "06 47 29 81 36",
    "ysaline.kervadec@exemple.fr",
    "impasse des Pléiades",
    "2 84 05 75 112 223 53",
    "FR76 3000 6000 0112 3456 7890 189",
    "12/03/1987",
    "Thaddeus",
    "Brightwater",
    "7700 900461",
    "t.brightwater@example.co.uk",
    "221 Baker Street",
    "NW1 6XE",
    "GB29 NWBK 6016 1331 9268 19",
    "4539 1488 0343 6467",
]
# What a widget may send along (stored with each message): a page address can carry personal data too.
METADATA = {"channel": "web", "page": "https://exemple.fr/contact?from=ysaline.kervadec@exemple.fr&tel=0647298136"}
HANDOFF_REQUEST = {"fr": "je voudrais parler à un conseiller", "en": "can I talk to a counsellor?"}
PLACEHOLDERS = ["[NAME]", "[PHONE]", "[EMAIL]", "[ADDRESS]", "[ID]", "[IBAN]", "[CARD]", "[DATE_OF_BIRTH]"]


def needles() -> list[bytes]:
    """Each secret as typed, lower-cased, and with spaces taken out of numbers."""
    found = set()
    for secret in SECRETS:
        found.add(secret.lower())
        if re.search(r"\d", secret):
            found.add(re.sub(r"[\s./]", "", secret).lower())
    return sorted(needle.encode() for needle in found)


def leaks_in(paths: list[Path]) -> list[str]:
    leaks = []
    for path in paths:
        try:
            data = path.read_bytes().lower()
        except OSError:
            continue  # removed while we read (another test's temporary file)
        leaks.extend(f"{needle.decode()} in {path}" for needle in needles() if needle in data)
    return leaks


def files_under(*folders: Path) -> list[Path]:
    return [path for folder in folders if folder.exists() for path in folder.rglob("*") if path.is_file()]


@pytest.fixture(scope="module")
def production_stack(redis_proc, stack_index_dir: Path) -> Iterator[Stack]:
    env = {
        "REDIS_HOST": redis_proc.host,
        "REDIS_PORT": str(redis_proc.port),
        "REDIS_DB": "0",
        "REDIS_PASSWORD": "",
        "CDM_CONVERSATION_TTL_SECONDS": str(TTL_S),
        "LOG_LEVEL": "DEBUG",
        "PYTHONUNBUFFERED": "1",
        "CDM_FIXED_NOW": FIXED_NOW,
        "CDM_INDEX_DIR": str(stack_index_dir),
    }
    with running_stack(PRODUCTION_LOGS, env, endpoints="deploy/endpoints.production.yml") as running:
        yield running


@pytest.fixture(scope="module")
def store(redis_proc) -> redis.Redis:
    return redis.Redis(host=redis_proc.host, port=redis_proc.port, decode_responses=True)


def full_tracker(stack: Stack, visitor: str) -> str:
    return json.dumps(stack.tracker(visitor, include_events="ALL"), ensure_ascii=False)


def redis_contents(store: redis.Redis) -> str:
    return "\n".join(f"{key} {store.get(key)}" for key in store.keys("*"))


def test_the_redactor_catches_every_secret_of_these_conversations():
    """A precondition, so that a leak below points at the plumbing, not at the redactor."""
    for messages in CONVERSATIONS.values():
        for message in messages:
            redacted = privacy.redact(message)
            assert not [secret for secret in SECRETS if secret.lower() in redacted.lower()], redacted


def test_no_personal_data_in_var_logs_or_databases(stack: Stack, production_stack: Stack, store, redis_proc):
    searched = [*files_under(ROOT / "var"), *files_under(Path(redis_proc.unixsocket).parent)]
    assert not leaks_in(searched), "personal data already there before the conversations"

    stored = []
    for running in (stack, production_stack):
        for messages in CONVERSATIONS.values():
            visitor = new_sender()
            for message in messages:
                assert running.send(visitor, message, METADATA)
            stored.append(full_tracker(running, visitor))
    # The session stack runs the desk: a handoff stores a ticket with a summary and the transcript.
    for lang, messages in CONVERSATIONS.items():
        visitor = new_sender()
        for message in messages:
            stack.send(visitor, message, METADATA)
        reply = stack.send(visitor, HANDOFF_REQUEST[lang], METADATA)
        assert [m for m in reply if (m.get("custom") or {}).get("type") == "handoff"], reply

    kept = "\n".join(stored)
    for placeholder in PLACEHOLDERS:
        assert placeholder in kept, f"{placeholder} missing: the conversations did not go through as expected"
    assert not [secret for secret in SECRETS if secret.lower() in kept.lower()]

    in_redis = redis_contents(store)
    assert "[PHONE]" in in_redis and "[IBAN]" in in_redis
    assert not [secret for secret in SECRETS if secret.lower() in in_redis.lower()]

    store.bgsave()  # a Redis snapshot is a database file too: write one, then search it with the rest
    deadline = time.monotonic() + 60
    while store.info("persistence")["rdb_bgsave_in_progress"] and time.monotonic() < deadline:
        time.sleep(0.2)

    logs = "\n".join(path.read_text(errors="replace") for path in files_under(PRODUCTION_LOGS))
    assert "[PHONE]" in logs, "the DEBUG logs should carry the (redacted) visitor text"
    desk_files = files_under(stack.desk_dir)
    assert any(b"[PHONE]" in path.read_bytes() for path in desk_files), "the tickets should hold the transcript"
    searched = [*files_under(ROOT / "var"), *files_under(Path(redis_proc.unixsocket).parent), *desk_files]
    assert any(path.name.endswith(".rdb") for path in searched)
    assert not leaks_in(searched)


def test_redis_expires_conversations(production_stack: Stack, store):
    visitor = new_sender()
    production_stack.send(visitor, "je cherche un atelier sur la zythologie")
    key = next(key for key in store.keys("*") if key.endswith(visitor))
    assert 0 < store.ttl(key) <= TTL_S
    deadline = time.monotonic() + 6 * TTL_S
    while store.exists(key) and time.monotonic() < deadline:
        time.sleep(1)
    assert not store.exists(key)
    assert "zythologie" not in full_tracker(production_stack, visitor)


def test_end_session_erases_the_conversation_in_redis(production_stack: Stack, store):
    visitor = new_sender()
    production_stack.send(visitor, "bonjour")
    production_stack.send(visitor, "je suis apicultrice et je cherche une reconversion en zythologie")
    assert "zythologie" in full_tracker(production_stack, visitor)

    reply = production_stack.send(visitor, "efface tout")
    assert "cette conversation a été effacée" in " ".join(m.get("text") or "" for m in reply)
    assert "zythologie" not in full_tracker(production_stack, visitor)
    assert "zythologie" not in redis_contents(store)
    assert "efface tout" not in redis_contents(store)
