"""The desk's label catalogue: every id a staff page can show has a label in every declared language; how
a page's language is chosen (the counsellor's choice, the browser's, the call screen's address)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from common.languages import CODES, DEFAULT, preferred
from common.topics import load_taxonomy
from desk import labels
from desk.app import create_app
from desk.models import CHANNELS, MODES, OUTCOMES, ROLES, STATUSES
from desk.settings import DeskSettings


@pytest.mark.parametrize("lang", labels.LANGUAGES)
def test_every_vocabulary_id_has_a_label(lang: str) -> None:
    catalogue = labels.labels_for(lang)
    taxonomy = load_taxonomy()
    wanted = (
        [f"status.{s}" for s in STATUSES]
        + [f"mode.{m}" for m in MODES]
        + [f"channel.{c}" for c in CHANNELS]
        + [f"outcome.{o}" for o in OUTCOMES]
        + [f"role.{r}" for r in ROLES]
        + [f"area.{a}" for a in taxonomy.areas]
        + [f"topic.{t}" for t in taxonomy.topics]
    )
    missing = [key for key in wanted if key not in catalogue]
    assert missing == []
    if lang == "fr":  # in French a label is a word for people, never the id it stands for
        assert [key for key in wanted if catalogue[key] == key.split(".", 1)[1]] == []


def test_french_and_english_differ_where_words_do() -> None:
    fr, en = labels.labels_for("fr"), labels.labels_for("en")
    assert fr["mode.in_person"] == "Sur place" and en["mode.in_person"] == "In person"
    assert fr["area.job_search"] == load_taxonomy().label("job_search", "fr")
    assert en["area.job_search"] == load_taxonomy().label("job_search", "en")


def test_unknown_language_falls_back_to_french() -> None:
    assert labels.labels_for("de") == labels.labels_for("fr")


def test_values_are_filled_in() -> None:
    assert labels.translate("en", "desk.called_to", desk="3") == "called to desk 3"


def test_a_label_missing_a_language_is_refused() -> None:
    with pytest.raises(ValueError, match="en"):
        labels.parse_labels({"desk.claim": {"fr": "Prendre en charge"}})
    with pytest.raises(ValueError, match="must map"):
        labels.parse_labels({"desk.claim": "Prendre en charge"})


def test_every_declared_language_is_a_staff_language_with_every_label() -> None:
    assert labels.LANGUAGES == CODES
    french = labels.labels_for(DEFAULT)
    for lang in CODES:
        assert set(labels.labels_for(lang)) == set(french)
    assert labels.translate("es", "desk.called_to", desk="3") == "llamado a la mesa 3"
    assert labels.translate("it", "status.waiting") == "In attesa"
    assert labels.translate("pt", "desk.claim") == "Assumir"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-ES,es;q=0.9,en;q=0.8", "es"),
        ("de-DE,de;q=0.9,it;q=0.5,pt;q=0.7", "pt"),  # by weight, not by order
        ("pt-BR", "pt"),
        ("EN-gb", "en"),
        ("de, *;q=0.1", None),
        ("it;q=0, fr;q=0.2", "fr"),  # q=0 means "not this one"
        ("it;q=abc, es", "es"),  # a malformed weight is skipped, not an error
        ("", None),
    ],
)
def test_the_browsers_preferred_language(header: str, expected: str | None) -> None:
    assert preferred(header) == expected


def _request(cookie: str | None = None, accept: str | None = None) -> Request:
    headers = []
    if cookie is not None:
        headers.append((b"cookie", f"{labels.LANGUAGE_COOKIE}={cookie}".encode()))
    if accept is not None:
        headers.append((b"accept-language", accept.encode()))
    return Request({"type": "http", "method": "GET", "path": "/desk", "headers": headers, "query_string": b""})


def test_the_counsellors_choice_comes_before_the_browsers_which_comes_before_the_default() -> None:
    assert labels.language_of(_request("pt", "it,es")) == "pt"
    assert labels.language_of(_request(None, "it-IT,it;q=0.9")) == "it"
    assert labels.language_of(_request("xx", "es")) == "es"
    assert labels.language_of(_request()) == DEFAULT


@pytest.fixture
def desk_client(tmp_path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    return TestClient(create_app(DeskSettings.from_env()))


def test_the_sign_in_page_follows_the_browser_then_the_chooser(desk_client: TestClient) -> None:
    spanish = desk_client.get("/desk", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert '<html lang="es">' in spanish.text and "Contraseña" in spanish.text
    for code in CODES:
        assert f'<option value="{code}"' in spanish.text
    desk_client.cookies.set(labels.LANGUAGE_COOKIE, "it")
    italian = desk_client.get("/desk", headers={"Accept-Language": "es"})
    assert '<html lang="it">' in italian.text and "Nome utente" in italian.text


def test_the_call_screen_speaks_the_languages_its_address_names(desk_client: TestClient) -> None:
    default = desk_client.get("/display").text
    assert f'<html lang="{DEFAULT}">' in default and "Codes appelés · Called codes" in default
    spanish = desk_client.get("/display?lang=es,en").text
    assert '<html lang="es">' in spanish and "Códigos llamados · Called codes" in spanish
    assert "Codes appelés" not in spanish
    assert "Chiamate" in desk_client.get("/display?lang=it").text
    for wrong in ("de", "es,es", "es,en,fr,it", "es;en"):
        assert desk_client.get(f"/display?lang={wrong}").status_code == 400
    assert desk_client.get("/display?lang=" + "es," * 20).status_code == 422
