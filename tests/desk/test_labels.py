"""The desk's label catalogue: every id a staff page can show has a label in every desk language."""

from __future__ import annotations

import pytest

from common.topics import load_taxonomy
from desk import labels
from desk.models import CHANNELS, MODES, OUTCOMES, ROLES, STATUSES


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
