"""Who is asking, for rate limits only: the visitor's address as the trusted proxy saw it, and the key
that stands for it on its way from the Rasa channel to the desk.

A browser's own `X-Forwarded-For` is a claim anyone can write, so it is read only when the connection
comes from a configured trusted proxy; the address is then the right-most one in the header that is not
itself a trusted proxy (each proxy appends the address it saw). The address never travels further than
the channel: the message metadata (stored with the conversation) carries an HMAC of it under a secret
shared by the Rasa replicas, which keys the desk's per-client limits and cannot be turned back into it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# Where the key travels: in the message metadata (set by the channel only), then in this request header
# from the action server to the desk.
METADATA_FIELD = "client_key"
HEADER = "X-CDM-Client"
KEY_CHARS = 24


def networks(items: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Addresses or CIDR networks; a bad one raises ValueError naming it."""
    parsed = []
    for item in items:
        try:
            parsed.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"{item!r} is not an IP address or network") from error
    return tuple(parsed)


def _trusted(address: str, trusted: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str, forwarded_for: str | None, trusted: tuple[IPNetwork, ...]) -> str:
    """The visitor's address: the peer's, unless the peer is a trusted proxy that says whom it forwards."""
    if not forwarded_for or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer


def client_key(address: str, secret: str) -> str:
    """A stable stand-in for the address (same secret, same key, whichever replica computes it)."""
    digest = hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()
    return digest[:KEY_CHARS]
