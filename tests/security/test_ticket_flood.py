"""Issue 15's acceptance, ticket flooding: one client opening conversation after conversation to ask for
a counsellor is cut off once over its limit (it gets walk-in directions, no code), while another visitor
still gets a code, and a second request in one conversation is not counted as another conversation.

The visitor's address comes from the trusted proxy's X-Forwarded-For (the stack trusts loopback as its
proxy), travels as a key in the message metadata and from the action server to the desk as a header.
"""

from __future__ import annotations

import pytest
import requests

from deploy.stack import Stack, new_sender

pytestmark = pytest.mark.integration
# The desk's default CDM_DESK_RATE_TICKETS_CLIENT (20 conversations an hour per client), in the stack.
CLIENT_LIMIT = 20
KIOSK = {"channel": "kiosk"}  # in person at once: no live-chat question in between


def code_of(messages: list[dict]) -> str | None:
    codes = [m["custom"]["code"] for m in messages if (m.get("custom") or {}).get("type") == "handoff"]
    return codes[0] if codes else None


def ask_for_a_counsellor(stack: Stack, client: str, sender: str | None = None) -> str | None:
    return code_of(stack.send(sender or new_sender(), "je voudrais parler à un conseiller", KIOSK, client=client))


def test_one_client_flooding_is_cut_off_and_others_still_get_codes(stack: Stack):
    flooder = "203.0.113.66"
    codes = [ask_for_a_counsellor(stack, flooder) for _ in range(CLIENT_LIMIT + 3)]
    issued = [code for code in codes if code]
    assert len(issued) == CLIENT_LIMIT, codes
    assert codes[-3:] == [None, None, None], "the flood went on getting codes"
    assert ask_for_a_counsellor(stack, "198.51.100.7"), "another visitor got no code during the flood"
    # An address the flooder writes in its own X-Forwarded-For comes before the one the proxy appends:
    # the right-most address not of a trusted proxy is the one that counts, so it does not get through.
    assert ask_for_a_counsellor(stack, f"198.51.100.99, {flooder}") is None


def test_the_same_conversation_asking_again_is_not_a_new_client_hit(stack: Stack):
    client, visitor = "192.0.2.10", new_sender()
    first = ask_for_a_counsellor(stack, client, visitor)
    assert first
    again = stack.send(visitor, "je veux voir un conseiller", KIOSK, client=client)
    assert first in " ".join(message.get("text") or "" for message in again) or code_of(again) == first
    others = [ask_for_a_counsellor(stack, client) for _ in range(CLIENT_LIMIT - 1)]
    assert all(others), "the repeated request of one conversation was counted against its client"


def test_the_desk_counts_tickets_per_conversation_and_conversations_per_client(stack: Stack):
    """The desk's side alone, as the action server calls it: a conversation may ask a few times, and
    its client is charged once for it; a client's conversations are counted up to the limit."""
    client = f"key-{new_sender()}"

    def create(conversation: str) -> requests.Response:
        body = {"conversation_id": conversation, "area": "orientation", "language": "fr", "channel": "kiosk"}
        headers = {"Authorization": f"Bearer {stack.desk_token}", "X-CDM-Client": client}
        return requests.post(f"{stack.desk_url}/api/tickets", json=body | {"summary": ""}, headers=headers, timeout=30)

    conversation = new_sender()
    assert [create(conversation).status_code for _ in range(3)] == [201, 201, 201]
    refused = create(conversation)
    assert refused.status_code == 429 and "tickets_conversation" in refused.text and refused.headers["Retry-After"]
    statuses = [create(new_sender()).status_code for _ in range(CLIENT_LIMIT)]
    assert statuses == [201] * (CLIENT_LIMIT - 1) + [429], statuses
