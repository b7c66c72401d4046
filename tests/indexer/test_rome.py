"""The ROME conversion: gendered forms, deterministic hold-out, a KB-shaped output."""

from __future__ import annotations

import json

from indexer.sources.markdown import read
from indexer.tools.rome_to_resources import (
    HELD_OUT,
    TEMPLATES,
    TUNING,
    Title,
    convert,
    gendered_forms,
    held_out,
    phrasing,
)


def test_gendered_forms_share_the_complement():
    assert gendered_forms("Vendangeur / Vendangeuse") == ("Vendangeur", "Vendangeuse")
    assert gendered_forms("Accastilleur-monteur / Accastilleuse-monteuse électronique de marine") == (
        "Accastilleur-monteur électronique de marine",
        "Accastilleuse-monteuse électronique de marine",
    )
    assert (
        gendered_forms("Agent / Agente d'entretien des espaces naturels")[0] == "Agent d'entretien des espaces naturels"
    )
    assert gendered_forms("Reprographe") == ("Reprographe", "Reprographe")


def test_hold_out_is_stable_and_never_the_principal_title():
    titles = [Title(str(code), f"T{code}", principal=False) for code in range(10000, 10200)]
    chosen = [title.code_ogr for title in titles if held_out(title)]
    assert chosen == [title.code_ogr for title in titles if held_out(title)]
    assert 5 <= len(chosen) <= 40
    assert not held_out(Title(chosen[0], "x", principal=True))


def test_convert_writes_sheets_and_queries(tmp_path):
    rome = tmp_path / "rome"
    rome.mkdir()
    (rome / "unix_referentiel_code_rome_v460_utf8.csv").write_text(
        '"code_rome","code_fiche_metier","code_ogr","libelle_rome","transition_eco","transition_num",'
        '"transition_demo","emploi_reglemente","emploi_cadre","code_rome_parent"\n'
        '"A1401","1","1","Cueilleur / Cueilleuse de fruits","Emploi Vert","N","","","","A1401"\n',
        encoding="utf-8",
    )
    header = (
        '"code_ogr","libelle_appellation_long","libelle_appellation_court","code_rome","transition_eco",'
        '"transition_num","transition_demo","emploi_reglemente","emploi_cadre","classification","origine",'
        '"code_rome_parent","peu_usite"\n'
    )
    rows = [
        f'"{code}","Titre {code} / Titre {code}e","x","A1401","","","","","","SYNONYME","","A1401","N"\n'
        for code in range(20000, 20040)
    ]
    (rome / "unix_referentiel_appellation_v460_utf8.csv").write_text(header + "".join(rows), encoding="utf-8")
    sheets, queries = convert(rome, tmp_path / "out")
    assert sheets == 1 and queries >= 1
    sheet = tmp_path / "out" / "kb" / "resources" / "fr" / "rome-a1401.md"
    [resource] = read(sheet.read_bytes(), "resources/fr/rome-a1401.md").records
    assert resource.title == "Cueilleur / Cueilleuse de fruits" and resource.topics == ("discover_jobs", "green_jobs")
    lines = [json.loads(line) for line in (tmp_path / "out" / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    text = " ".join(section.text for section in resource.sections)
    for query in lines:
        assert query["relevant"] == ["rome-a1401"]
        assert query["title"] not in text  # held out of the sheet


def test_a_tenth_is_asked_in_every_phrasing_and_both_genders():
    """The draw of phrasing and gender must not follow from the checksum remainder that picks the tenth."""
    titles = [Title(str(code), f"T{code}", principal=False) for code in range(10000, 12000)]
    for part in (HELD_OUT, TUNING):
        chosen = [phrasing(title, "masc", "fem") for title in titles if held_out(title, part)]
        assert {template for _, template in chosen} == set(TEMPLATES), part
        forms = [form for form, _ in chosen]
        assert 0.3 < forms.count("fem") / len(forms) < 0.7, part
    assert not any(held_out(title, HELD_OUT) and held_out(title, TUNING) for title in titles)
