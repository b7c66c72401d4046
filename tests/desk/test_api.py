"""The desk over HTTP, served by the real uvicorn process, on SQLite and on PostgreSQL (the `desk` fixture)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import requests

from desk.codes import ALPHABET
from tests.desk.server import PASSWORD, SERVICE_TOKEN, SITE_ORIGIN, DeskServer, add_counsellor, bearer

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def read_events(stream: requests.Response | Iterator[str], wanted: int) -> list[tuple[str, dict]]:
    """The next `wanted` server-sent events (comments and pings skipped). To read a stream in several
    calls, pass the same `iter_lines()` iterator each time (a new one would lose buffered lines)."""
    lines = stream.iter_lines(decode_unicode=True) if isinstance(stream, requests.Response) else stream
    events: list[tuple[str, dict]] = []
    event = ""
    for line in lines:
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event:
            events.append((event, json.loads(line.split(":", 1)[1].strip())))
            event = ""
            if len(events) == wanted:
                break
    return events


def test_handoff_in_person_from_creation_to_close(desk: DeskServer) -> None:
    response = desk.create_ticket(
        summary="Je m'appelle Marie Dupont (06 12 34 56 78) et je veux changer de métier.",
        transcript=[{"who": "visitor", "text": "écrivez-moi à marie.dupont@example.org"}, {"who": "bot", "text": "OK"}],
        channel="kiosk",
    )
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert set(ticket) == {"code", "token", "area", "where", "wait_minutes", "position", "mode", "opening"}
    assert len(ticket["code"]) == 4 and set(ticket["code"]) <= set(ALPHABET)
    assert ticket["where"].startswith("Pôle Orientation") and ticket["mode"] == "in_person"
    assert ticket["opening"]["open_now"] is True and ticket["opening"]["closes_at"].startswith("2026-11-25T18:00")
    code = ticket["code"]

    status = requests.get(f"{desk.url}/api/tickets/{code.lower()}/status", timeout=10).json()
    assert set(status) == {"code", "status", "position", "wait_minutes", "desk"}
    assert status["status"] == "waiting" and status["position"] >= 1

    camille = desk.counsellor("camille")
    queue = camille.get(f"{desk.url}/api/tickets", timeout=10).json()["tickets"]
    mine = next(item for item in queue if item["code"] == code)
    assert "Dupont" not in json.dumps(queue) and "06 12" not in mine["summary"] and "[PHONE]" in mine["summary"]
    detail = camille.get(f"{desk.url}/desk/api/tickets/{code}", timeout=10).json()
    assert "example.org" not in json.dumps(detail) and detail["messages"][0]["text"].endswith("[EMAIL]")

    assert camille.post(f"{desk.url}/desk/api/tickets/{code}/claim", timeout=10).json()["status"] == "in_progress"
    called = camille.post(f"{desk.url}/desk/api/tickets/{code}/call", json={"desk": "4"}, timeout=10).json()
    assert (called["status"], called["desk"]) == ("called", "4")
    board = requests.get(f"{desk.url}/display/called", timeout=10).json()["called"]
    # A public screen: the code, the desk and the area to go to, nothing about the visitor.
    assert {"code": code, "desk": "4", "area": "orientation"} in board
    assert all(set(item) == {"code", "desk", "area"} for item in board)
    status = requests.get(f"{desk.url}/api/tickets/{code}/status", timeout=10).json()
    assert (status["status"], status["desk"]) == ("called", "4")

    closed = camille.post(f"{desk.url}/desk/api/tickets/{code}/close", json={"outcome": "answered"}, timeout=10)
    assert closed.json()["status"] == "closed"
    assert requests.get(f"{desk.url}/api/tickets/{code}/status", timeout=10).json()["status"] == "closed"
    assert code not in [item["code"] for item in camille.get(f"{desk.url}/api/tickets", timeout=10).json()["tickets"]]


def test_live_chat_between_a_visitor_and_a_counsellor(desk: DeskServer) -> None:
    ticket = desk.create_ticket(mode="live_chat", conversation_id="conv-live").json()
    code, token = ticket["code"], ticket["token"]
    wrong = requests.get(f"{desk.url}/api/live/{code}/events", headers=bearer("wrong"), timeout=10)
    assert wrong.status_code == 404
    camille = desk.counsellor("camille")
    received: list[tuple[str, dict]] = []
    # Once the headers are back, the desk has subscribed this stream: nothing published later is lost.
    visitor_stream = requests.get(f"{desk.url}/api/live/{code}/events", headers=bearer(token), stream=True, timeout=60)
    listener = threading.Thread(target=lambda: received.extend(read_events(visitor_stream, 3)))
    listener.start()
    counsellor_events = camille.get(f"{desk.url}/desk/api/tickets/{code}/events", stream=True, timeout=60)
    try:
        camille.post(f"{desk.url}/desk/api/tickets/{code}/claim", timeout=10).raise_for_status()
        said = camille.post(f"{desk.url}/desk/api/tickets/{code}/messages", json={"text": "Bonjour, je vous écoute."})
        assert said.status_code == 201, said.text
        visitor = requests.post(
            f"{desk.url}/api/live/{code}/messages",
            json={"text": f"mon numéro est le 06 12 34 56 78 {MARKUP}"},
            headers=bearer(token),
            timeout=30,
        )
        assert visitor.status_code == 201, visitor.text
        seen_by_counsellor = read_events(counsellor_events, 2)
    finally:
        counsellor_events.close()
    assert [event for event, _ in seen_by_counsellor] == ["message", "message"]
    from_visitor = seen_by_counsellor[1][1]
    assert from_visitor["who"] == "visitor" and "06 12" not in from_visitor["text"]
    assert from_visitor["text"].endswith(MARKUP)  # stored and sent as the text it is
    camille.post(f"{desk.url}/desk/api/tickets/{code}/close", json={"outcome": "answered"}, timeout=10)
    listener.join(timeout=30)
    visitor_stream.close()
    assert [event for event, _ in received] == ["claimed", "message", "closed"]
    assert received[1][1]["text"] == "Bonjour, je vous écoute."
    late = requests.post(
        f"{desk.url}/api/live/{code}/messages", json={"text": "encore ?"}, headers=bearer(token), timeout=10
    )
    assert late.status_code == 409


def test_the_dashboard_queue_arrives_live(desk: DeskServer) -> None:
    camille = desk.counsellor("camille")
    with camille.get(f"{desk.url}/desk/events", stream=True, timeout=60) as stream:
        lines = stream.iter_lines(decode_unicode=True)
        assert read_events(lines, 1)[0][0] == "queue"
        code = desk.create_ticket(summary=MARKUP).json()["code"]
        event, tickets = read_events(lines, 1)[0]
    assert event == "queue"
    assert next(item for item in tickets if item["code"] == code)["summary"] == MARKUP


def test_the_dashboard_page_is_autoescaped_and_strictly_secured(desk: DeskServer) -> None:
    anonymous = requests.get(f"{desk.url}/desk", timeout=10)
    assert anonymous.status_code == 200 and 'action="/desk/sign-in"' in anonymous.text
    assert "HttpOnly" in anonymous.headers["set-cookie"]
    page = desk.counsellor("camille").get(f"{desk.url}/desk", timeout=10)
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert not re.search(r"<script>(?!</script>)", page.text)  # no inline script
    assert re.findall(r'src="([^"]+)"', page.text) == ["/desk/static/desk.js"]  # nothing from elsewhere
    assert page.headers["cache-control"] == "no-store"


def test_every_counsellor_endpoint_refuses_anonymous_callers(desk: DeskServer) -> None:
    code = desk.create_ticket().json()["code"]
    for method, path in [
        ("GET", "/api/tickets"),
        ("GET", f"/desk/api/tickets/{code}"),
        ("GET", "/desk/events"),
        ("GET", f"/desk/api/tickets/{code}/events"),
        ("POST", f"/desk/api/tickets/{code}/claim"),
        ("POST", f"/desk/api/tickets/{code}/call"),
        ("POST", f"/desk/api/tickets/{code}/close"),
        ("POST", f"/desk/api/tickets/{code}/messages"),
        ("POST", "/desk/sign-out"),
    ]:
        response = requests.request(method, f"{desk.url}{path}", json={}, timeout=10)
        assert response.status_code == 401, (method, path, response.status_code)


def test_state_changes_need_the_csrf_token(desk: DeskServer) -> None:
    code = desk.create_ticket().json()["code"]
    camille = desk.counsellor("camille", fresh=True)
    token = camille.headers.pop("X-CSRF-Token")
    assert camille.post(f"{desk.url}/desk/api/tickets/{code}/claim", timeout=10).status_code == 403
    forged = {"X-CSRF-Token": "forged"}
    assert camille.post(f"{desk.url}/desk/api/tickets/{code}/claim", headers=forged, timeout=10).status_code == 403
    assert camille.post(f"{desk.url}/desk/sign-out", data={"csrf": "forged"}, timeout=10).status_code == 403
    signed_out = camille.post(f"{desk.url}/desk/sign-out", data={"csrf": token}, allow_redirects=False, timeout=10)
    assert signed_out.status_code == 303
    assert camille.get(f"{desk.url}/api/tickets", timeout=10).status_code == 401  # the session is gone


def test_sign_in_form_checks_its_csrf_cookie_and_the_password(desk: DeskServer) -> None:
    client = requests.Session()
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get(f"{desk.url}/desk", timeout=10).text).group(1)
    form = {"username": "dominique", "password": "not the password", "csrf": csrf}
    wrong = client.post(f"{desk.url}/desk/sign-in", data=form, allow_redirects=False, timeout=10)
    assert wrong.status_code == 401 and "cdm_desk_session" not in wrong.headers.get("set-cookie", "")
    no_cookie = requests.post(f"{desk.url}/desk/sign-in", data=form, allow_redirects=False, timeout=10)
    assert no_cookie.status_code == 403
    session = desk.counsellor("dominique", fresh=True)
    cookie = next(c for c in session.cookies if c.name == "cdm_desk_session")
    assert cookie.has_nonstandard_attr("HttpOnly") and not cookie.secure
    # Behind a TLS-terminating proxy on the same host, the cookies are marked Secure.
    over_https = requests.get(f"{desk.url}/desk", headers={"X-Forwarded-Proto": "https"}, timeout=10)
    assert "secure" in over_https.headers["set-cookie"].lower().split("; ")


def test_counsellors_only_act_on_their_areas(desk: DeskServer) -> None:
    code = desk.create_ticket(area="job_search").json()["code"]
    camille = desk.counsellor("camille")  # orientation and training only
    assert camille.post(f"{desk.url}/desk/api/tickets/{code}/claim", timeout=10).status_code == 403
    assert desk.counsellor("alex").post(f"{desk.url}/desk/api/tickets/{code}/claim", timeout=10).status_code == 200


def test_ticket_creation_needs_the_service_token_and_a_valid_body(desk: DeskServer) -> None:
    body = {"conversation_id": "c", "area": "orientation", "topic": "t", "language": "fr", "channel": "web",
            "summary": "s"}  # fmt: skip
    url = f"{desk.url}/api/tickets"
    assert requests.post(url, json=body, timeout=10).status_code == 401
    assert requests.post(url, json=body, headers={"Authorization": "Bearer nope"}, timeout=10).status_code == 401
    auth = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    for bad in [{"area": "astrology"}, {"language": "de"}, {"mode": "phone"}, {"summary": "x" * 5000}, {"channel": 1}]:
        response = requests.post(url, json={**body, **bad}, headers=auth, timeout=10)
        assert response.status_code == 422, bad
    availability = requests.get(f"{desk.url}/api/availability", params={"area": "orientation"}, headers=auth)
    assert set(availability.json()) == {"live_chat", "wait_minutes", "open_now"}
    assert requests.get(f"{desk.url}/api/availability", params={"area": "orientation"}).status_code == 401


def test_200_concurrent_tickets_get_200_distinct_codes_all_in_the_queue(desk: DeskServer) -> None:
    with ThreadPoolExecutor(max_workers=40) as pool:
        responses = list(
            pool.map(lambda i: desk.create_ticket(conversation_id=f"burst-{i}", area="training"), range(200))
        )
    assert [r.status_code for r in responses] == [201] * 200
    codes = {r.json()["code"] for r in responses}
    assert len(codes) == 200
    queued = desk.counsellor("alex").get(f"{desk.url}/api/tickets", timeout=30).json()["tickets"]
    assert codes <= {item["code"] for item in queued}
    positions = sorted(item["position"] for item in queued if item["code"] in codes)
    assert positions == list(range(positions[0], positions[0] + 200))  # one line, no gaps, no duplicates


def test_code_look_up_is_rate_limited(desk: DeskServer) -> None:
    # From its own loopback address, so that other tests' look-ups do not count against it.
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.9"), timeout=10) as client:
        statuses = [client.get(f"{desk.url}/api/tickets/ABCD/status").status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


def test_repeated_failures_lock_the_account(desk: DeskServer) -> None:
    add_counsellor(desk.database_url, "claude")
    # From its own loopback address, so that the sign-in rate limit of other tests does not interfere.
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.11"), timeout=10) as client:

        def attempt(password: str) -> int:
            page = client.get(f"{desk.url}/desk").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            form = {"username": "claude", "password": password, "csrf": csrf}
            return client.post(f"{desk.url}/desk/sign-in", data=form).status_code

        statuses = [attempt("wrong password") for _ in range(5)] + [attempt(PASSWORD)]
    assert statuses == [401] * 6  # the fifth failure locked the account: the right password is refused too


def test_sign_in_is_rate_limited(desk: DeskServer) -> None:
    form = {"username": "nobody", "password": "whatever", "csrf": "x"}
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.10"), timeout=10) as client:
        statuses = [client.post(f"{desk.url}/desk/sign-in", data=form).status_code for _ in range(11)]
    assert statuses[:10] == [403] * 10 and statuses[10] == 429  # 403: no CSRF cookie, yet it counts


@pytest.mark.parametrize("path", ["/", "/widget.js", "/kiosk", "/static/site.css"])
def test_visitor_pages_are_served_without_cookies(desk: DeskServer, path: str) -> None:
    response = requests.get(f"{desk.url}{path}", headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert response.status_code == 200
    assert "set-cookie" not in response.headers and "max-age" in response.headers["cache-control"]
    assert response.headers["content-encoding"] == "gzip"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert requests.get(f"{desk.url}/static/../desk/app.py", timeout=10).status_code == 404


def test_the_live_chat_api_answers_cors_for_the_configured_origins_only(desk: DeskServer) -> None:
    code = desk.create_ticket(mode="live_chat").json()["code"]
    url = f"{desk.url}/api/live/{code}/messages"
    asked = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = requests.options(url, headers={"Origin": SITE_ORIGIN, **asked}, timeout=10)
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == SITE_ORIGIN
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert "content-type" in allowed.headers["access-control-allow-headers"].lower()
    other = requests.options(url, headers={"Origin": "https://evil.example", **asked}, timeout=10)
    assert other.status_code == 400 and "access-control-allow-origin" not in other.headers
    events = requests.get(f"{desk.url}/api/live/{code}/events", headers={"Origin": SITE_ORIGIN}, timeout=10)
    assert events.status_code == 404 and events.headers["access-control-allow-origin"] == SITE_ORIGIN
    # The rest of the desk stays same-origin: no CORS on the counsellors' or the service API.
    queue_api = requests.get(f"{desk.url}/api/tickets", headers={"Origin": SITE_ORIGIN}, timeout=10)
    assert "access-control-allow-origin" not in queue_api.headers
    # A page of another origin cannot post into a chat with the visitor's cookie (a form needs no preflight).
    forged = requests.post(url, json={"text": "hi"}, headers={"Origin": "https://evil.example"}, timeout=10)
    assert forged.status_code == 403


def test_the_handoff_token_becomes_an_api_scoped_cookie_and_end_closes_the_chat(desk: DeskServer) -> None:
    ticket = desk.create_ticket(mode="live_chat").json()
    code, token = ticket["code"], ticket["token"]
    browser = requests.Session()
    opened = browser.post(f"{desk.url}/api/live/{code}/session", json={"token": token}, timeout=10)
    assert opened.status_code == 204, opened.text
    cookie = opened.headers["set-cookie"]
    assert f"Path=/api/live/{code}" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert token not in cookie  # the handoff's token is spent; the cookie holds a new secret
    again = requests.post(f"{desk.url}/api/live/{code}/session", json={"token": token}, timeout=10)
    assert again.status_code == 404
    said = browser.post(f"{desk.url}/api/live/{code}/messages", json={"text": "bonjour"}, timeout=10)
    assert said.status_code == 201, said.text
    assert requests.post(f"{desk.url}/api/live/{code}/messages", json={"text": "x"}, timeout=10).status_code == 404
    camille = desk.counsellor("camille")
    with camille.get(f"{desk.url}/desk/api/tickets/{code}/events", stream=True, timeout=60) as counsellor:
        ended = browser.post(f"{desk.url}/api/live/{code}/end", timeout=10)
        assert ended.status_code == 204
        assert read_events(counsellor.iter_lines(decode_unicode=True), 1)[0][0] == "closed"
    assert "cdm_live" not in browser.cookies.get_dict()  # the end clears the cookie
    assert requests.get(f"{desk.url}/api/tickets/{code}/status", timeout=10).json()["status"] == "closed"


def test_a_handoff_retried_after_a_time_out_gets_the_same_ticket(desk: DeskServer) -> None:
    first = desk.create_ticket(conversation_id="w-timeout").json()
    again = desk.create_ticket(conversation_id="w-timeout").json()
    assert again["code"] == first["code"] and again["position"] == first["position"]
    camille = desk.counsellor("camille")
    codes = [item["code"] for item in camille.get(f"{desk.url}/api/tickets", timeout=10).json()["tickets"]]
    assert codes.count(first["code"]) == 1


def test_the_pages_name_no_rasa_address_of_their_own(desk: DeskServer) -> None:
    """The pages leave `data-server` to the desk (CDM_RASA_PUBLIC_URL, empty here: the page's own origin)."""
    for path in ("/", "/kiosk"):
        page = requests.get(f"{desk.url}{path}", timeout=10).text
        assert 'data-server=""' in page and ":5005" not in page
    assert ":5005" not in requests.get(f"{desk.url}/widget.js", timeout=10).text
