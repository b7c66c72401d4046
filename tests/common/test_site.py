"""site.yml: the shipped file is valid, and a broken one is refused with a message naming the field."""

import pytest
import yaml

from common.centres import default_centre, site_file
from common.site import SiteConfigError, load_site, parse_site, site_of
from common.topics import load_taxonomy


def raw_site() -> dict:
    return yaml.safe_load(site_file(default_centre()).read_text(encoding="utf-8"))


def test_shipped_site_is_complete():
    site = load_site()
    assert set(site.areas) == set(load_taxonomy().areas)
    assert {n.number for n in site.emergency_numbers} >= {"3114", "112"}


def test_each_centre_has_its_own_site():
    """Two centres of one deployment differ where it matters: country, hours, emergency numbers."""
    rivemont, valmeuse = site_of("rivemont"), site_of("valmeuse")
    assert set(valmeuse.areas) == set(load_taxonomy().areas)
    assert rivemont.holidays_country == "FR" and valmeuse.holidays_country == "BE"
    assert str(valmeuse.timezone) == "Europe/Brussels"
    assert {n.number for n in valmeuse.emergency_numbers} >= {"0800 32 123", "112"}
    assert "3114" not in {n.number for n in valmeuse.emergency_numbers}
    assert rivemont.weekly_hours != valmeuse.weekly_hours
    assert site_of("valmeuse") is valmeuse  # loaded once per centre and process


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["opening_hours"].update(funday=[["09:00", "10:00"]]), "'funday' is not a weekday"),
        (lambda s: s["opening_hours"].update(monday=[["18:00", "09:00"]]), "closes before it opens"),
        (lambda s: s["opening_hours"].update(monday=[["9h30", "18:00"]]), "is not a time like 09:30"),
        (lambda s: s["areas"].pop("training"), "no location given for training"),
        (lambda s: s["areas"].update(cooking={"fr": "cuisine"}), "'cooking' is not an area"),
        (lambda s: s.update(timezone="Mars/Olympus"), "timezone 'Mars/Olympus' is unknown"),
        (lambda s: s["address"].pop("city"), "address.city is missing"),
        (lambda s: s.update(access={"en": "only English"}), "access needs at least a text in the default language"),
        (lambda s: s["exceptions"].append({"date": "someday", "hours": []}), "bad or missing date"),
    ],
)
def test_broken_site_names_the_problem(change, message):
    raw = raw_site()
    change(raw)
    with pytest.raises(SiteConfigError, match=message):
        parse_site(raw)


def test_unreadable_or_malformed_files(tmp_path):
    with pytest.raises(SiteConfigError, match="cannot read"):
        load_site(tmp_path / "missing.yml")
    bad = tmp_path / "site.yml"
    bad.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(SiteConfigError, match="not valid YAML"):
        load_site(bad)
    bad.write_bytes(b"\x00\x01\x02")
    with pytest.raises(SiteConfigError):
        load_site(bad)
    bad.write_bytes(b"name: \xff\xfe")
    with pytest.raises(SiteConfigError, match="not UTF-8"):
        load_site(bad)
    bad.write_text("", encoding="utf-8")
    with pytest.raises(SiteConfigError, match="must hold a mapping"):
        load_site(bad)
