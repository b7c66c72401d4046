"""The `redact` function itself: placeholders, bad input, size, failures, the shared model."""

import itertools
import logging
import threading
import time

import pytest

import privacy
from privacy import analyse, model, redact, redactor
from privacy.spans import KINDS, PLACEHOLDERS, PiiSpan, resolve
from privacy.text import MAX_CHARS, TRUNCATION_MARK


def test_placeholders_are_the_contract():
    assert set(PLACEHOLDERS.values()) == {
        "[NAME]", "[EMAIL]", "[PHONE]", "[ADDRESS]", "[ID]", "[DATE_OF_BIRTH]", "[CARD]", "[IBAN]", "[URL]"
    }  # fmt: skip


def test_analyse_returns_typed_spans():
    result = analyse("Je m'appelle Marie Dupont, 06 12 34 56 78, marie.dupont@gmail.com")
    assert [(result.text[s.start : s.end], s.kind) for s in result.spans] == [
        ("Marie Dupont", "NAME"),
        ("06 12 34 56 78", "PHONE"),
        ("marie.dupont@gmail.com", "EMAIL"),
    ]
    assert result.redacted == "Je m'appelle [NAME], [PHONE], [EMAIL]"


@pytest.mark.parametrize("value", [None, "", "   ", "\n", 0, b"", bytearray()])
def test_empty_or_odd_input_gives_text(value):
    assert isinstance(redact(value), str)


def test_bytes_and_binary_input():
    assert redact(b"tel 06 12 34 56 78") == "tel [PHONE]"
    blob = bytes(range(256)) * 40
    out = redact(blob)
    assert isinstance(out, str) and "\x00" not in out


def test_control_and_invisible_characters_do_not_hide_a_number():
    assert redact("tel 06\u200b12\u200b34 56 78") == "tel [PHONE]"
    assert redact("tel\x0006 12 34 56 78\x07") == "tel [PHONE] "
    assert "\ud800" not in redact("broken \ud800 surrogate")


def test_huge_input_is_bounded_and_still_redacted():
    line = "Bonjour, je cherche un atelier CV à Lyon, tel 06 12 34 56 78. "
    text = line * (3 * MAX_CHARS // len(line))
    started = time.perf_counter()
    out = redact(text)
    assert time.perf_counter() - started < 60
    assert len(out) < MAX_CHARS
    assert out.endswith(TRUNCATION_MARK)
    assert "06 12 34 56 78" not in out and "[PHONE]" in out


def test_no_detected_text_survives_overlaps():
    spans = [PiiSpan(0, 10, "NAME"), PiiSpan(5, 20, "PHONE"), PiiSpan(18, 30, "ADDRESS")]
    resolved = resolve(spans)
    covered = {i for s in resolved for i in range(s.start, s.end)}
    assert covered == set(range(30))
    assert all(a.end <= b.start for a, b in itertools.pairwise(resolved))
    assert [s.kind for s in resolved] == ["NAME", "PHONE", "ADDRESS"]


def test_a_failing_detector_withholds_the_text(monkeypatch, caplog):
    def broken(text):
        raise RuntimeError("bug")

    monkeypatch.setattr(redactor, "DETECTORS", (*redactor.DETECTORS, broken))
    with caplog.at_level(logging.ERROR, logger="privacy.redactor"):
        assert redact("je m'appelle Marie Dupont") == redactor.WITHHELD
    assert "Marie" not in caplog.text


def test_every_kind_has_a_priority():
    assert len(KINDS) == len(set(KINDS)) == 9


@pytest.fixture
def fresh_model(monkeypatch):
    """A model module with nothing loaded, restored afterwards (the real model stays loaded)."""
    monkeypatch.setattr(model, "_nlp", None)
    monkeypatch.setattr(model, "_failed", False)


def test_concurrent_first_calls_load_the_model_once(fresh_model, monkeypatch):
    import spacy

    calls = []

    def slow_load(name, exclude):
        calls.append(name)
        time.sleep(0.2)
        return spacy.blank("fr")

    monkeypatch.setattr(spacy, "load", slow_load)
    threads = [threading.Thread(target=model.load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [model.MODEL_NAME]


def test_without_the_model_cue_phrases_still_work(fresh_model, monkeypatch, caplog):
    monkeypatch.setattr(model, "MODEL_NAME", "no_such_model_installed")
    with caplog.at_level(logging.WARNING, logger="privacy.model"):
        assert not privacy.warm_up()
        assert redact("Bonjour, je m'appelle Marie Dupont") == "Bonjour, je m'appelle [NAME]"
    assert "cue phrases only" in caplog.text


def test_typical_message_is_fast():
    privacy.warm_up()
    message = "Bonjour, j'ai parlé avec Isabelle Chevalier du CIDJ, mon numéro est le 06 12 34 56 78"
    redact(message)
    started = time.perf_counter()
    for _ in range(20):
        redact(message)
    assert (time.perf_counter() - started) / 20 < 0.2  # generous: the suite shares the machine
