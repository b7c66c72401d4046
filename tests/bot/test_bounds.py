"""The REST channel's bounds on a request body and its metadata (bot/bounds.py), checked before
anything is redacted; the real server's answers are tested in tests/security/test_bad_input.py."""

from __future__ import annotations

import json

import pytest

from bot.bounds import Rejected, check_metadata, read_body
from bot.settings import ChannelSettings

SETTINGS = ChannelSettings(
    max_body_bytes=4096,
    max_metadata_depth=3,
    max_metadata_leaves=5,
    max_metadata_chars=40,
    trusted_proxies=(),
    client_key_secret="s",
)


def refusal(raw: bytes) -> Rejected:
    with pytest.raises(Rejected) as caught:
        read_body(raw, SETTINGS)
    return caught.value


def test_a_well_formed_body_passes():
    body = {"sender": "abc", "message": "bonjour", "metadata": {"channel": "web", "tags": ["a", "b"]}}
    assert read_body(json.dumps(body).encode(), SETTINGS) == body


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"", 400),
        (b"  \n", 400),
        (b"[1, 2]", 400),
        (b'"text"', 400),
        (b"\xff\xfe\x00binary", 400),
        (b'{"sender": "a", "message": "caf\xe9"}', 400),
        (b'{"message": "no sender"}', 400),
        (b'{"sender": "a", "message": 12}', 400),
        (b'{"sender": "a", "metadata": [1]}', 400),
        (b'{"sender": "' + b"x" * 200 + b'"}', 400),
        (b"[" * 100_000 + b"]" * 100_000, 413),
        (b'{"sender": "a", "m": "' + b"x" * 5000 + b'"}', 413),
    ],
)
def test_bad_bodies_are_refused_with_a_reason(raw: bytes, status: int):
    refused = refusal(raw)
    assert refused.status == status and refused.error


@pytest.mark.parametrize(
    ("metadata", "limit"),
    [
        ({"a": {"b": {"c": {"d": 1}}}}, "CDM_RASA_MAX_METADATA_DEPTH"),
        ({str(i): i for i in range(6)}, "CDM_RASA_MAX_METADATA_LEAVES"),
        ({"a": [[], [], [], [], [], []]}, "CDM_RASA_MAX_METADATA_LEAVES"),
        ({"page": "x" * 41}, "CDM_RASA_MAX_METADATA_CHARS"),
        ({"k" * 41: 1}, "CDM_RASA_MAX_METADATA_CHARS"),
    ],
)
def test_metadata_over_a_bound_names_it(metadata: dict, limit: str):
    with pytest.raises(Rejected) as caught:
        check_metadata(metadata, SETTINGS)
    assert caught.value.limit == limit and str(caught.value.maximum) in caught.value.error


def test_metadata_at_the_bounds_passes():
    check_metadata({"a": {"b": "x" * 10}, "c": [1], "d": None}, SETTINGS)  # five values, 12 characters


def test_deep_nesting_within_the_body_size_is_refused_without_recursion():
    deep = '{"a": ' * 900 + "1" + "}" * 900
    settings = ChannelSettings(65536, 4, 50, 2000, (), "s")
    with pytest.raises(Rejected) as caught:
        check_metadata(json.loads(deep), settings)
    assert caught.value.limit == "CDM_RASA_MAX_METADATA_DEPTH"
