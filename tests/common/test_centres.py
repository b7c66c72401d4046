"""Which centres a deployment serves, which centre a client names, and who owns a knowledge-base file."""

import pytest

from common.centres import NETWORK, centre_ids, default_centre, owner_of, resolve_centre


def test_the_shipped_base_serves_two_centres():
    assert centre_ids() == ("rivemont", "valmeuse")
    assert default_centre() == "rivemont"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("valmeuse", "valmeuse"),
        (" VALMEUSE ", "valmeuse"),
        ("rivemont", "rivemont"),
        ("nowhere", "rivemont"),  # unknown: the default centre answers, never an error
        ("../valmeuse", "rivemont"),
        ("x" * 500, "rivemont"),
        (None, "rivemont"),
        (["valmeuse"], "rivemont"),
        (42, "rivemont"),
    ],
)
def test_untrusted_centre_values_resolve_to_a_served_centre(value, expected):
    assert resolve_centre(value) == expected


@pytest.mark.parametrize(
    ("path", "owner"),
    [
        ("centres/valmeuse/resources/fr/guide.md", "valmeuse"),
        ("centres/rivemont/calendar/training.ics", "rivemont"),
        ("network/resources/fr/sheet-soudeur-fr.md", NETWORK),
        ("resources/fr/rome-a1401.md", NETWORK),  # a base laid out for one centre: everyone's
        ("centres/site.yml", NETWORK),
    ],
)
def test_a_file_belongs_to_the_centre_whose_folder_holds_it(path, owner):
    assert owner_of(path) == owner
