"""The visitor's address behind trusted proxies, and the key that stands for it."""

from __future__ import annotations

import pytest

from common.clients import client_address, client_key, networks

LOOPBACK = networks(["127.0.0.1", "10.1.0.0/16"])


def test_a_forwarded_address_counts_only_when_a_trusted_proxy_says_it():
    assert client_address("203.0.113.5", "198.51.100.1", LOOPBACK) == "203.0.113.5"
    assert client_address("127.0.0.1", "198.51.100.1", LOOPBACK) == "198.51.100.1"
    assert client_address("127.0.0.1", None, LOOPBACK) == "127.0.0.1"
    assert client_address("127.0.0.1", "198.51.100.1", ()) == "127.0.0.1"


def test_the_right_most_untrusted_hop_wins_over_what_the_client_wrote():
    # The visitor wrote "1.2.3.4" itself; the proxies appended the address they saw, then each other's.
    assert client_address("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.1.2.3", LOOPBACK) == "198.51.100.1"
    assert client_address("127.0.0.1", "10.1.2.3, 127.0.0.1", LOOPBACK) == "10.1.2.3"
    assert client_address("127.0.0.1", "garbage", LOOPBACK) == "garbage"


def test_keys_are_stable_per_secret_and_do_not_show_the_address():
    key = client_key("198.51.100.1", "secret")
    assert key == client_key("198.51.100.1", "secret") != client_key("198.51.100.2", "secret")
    assert key != client_key("198.51.100.1", "another secret") and "198" not in key


def test_a_bad_network_is_named():
    with pytest.raises(ValueError, match="'not-an-ip'"):
        networks(["127.0.0.1", "not-an-ip"])
