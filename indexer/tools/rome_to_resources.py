"""Convert France Travail's ROME v4.60 into a knowledge-base folder of career sheets, plus test queries.

Each of the 1,584 job profiles becomes one Markdown career sheet holding the profile label and its job
titles (appellations). A deterministic tenth of the titles of profiles with at least three titles are
held out of the sheets and turned into visitor-like queries ("je voudrais devenir vendangeuse"), each
labelled with its profile: can the indexer find a sheet from a job title the sheet does not contain?

Source: France Travail, ROME v4.60, Licence Ouverte / Open Licence 2.0.

    python -m indexer.tools.rome_to_resources [--rome DIR] [--out DIR] [--tuning] [--sample]

`--tuning` holds out another tenth of the titles instead (a different checksum remainder, written to
var/rome-tuning by default): work on the analysis is tried there, and the held-out tenth that `cdm eval
--rome` reports on stays unseen until the end (`cdm eval --rome --split tune` evaluates the tuning one).

`--sample` writes only the sheets of one ROME family in eight (the families whose code's checksum is a
multiple of eight, with the held-out tenth's queries) to tests/fixtures/rome: the whole referential takes
minutes to index, too long for every test run, while whole families keep each sheet's close neighbours
("Vendeur en épicerie" beside "Vendeur en produits frais") in competition.
"""

from __future__ import annotations

import argparse
import csv
import json
import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from indexer.settings import REPO_ROOT

DEFAULT_ROME = REPO_ROOT.parent / "shared" / "corpora" / "rome-v460"
DEFAULT_OUT = REPO_ROOT / "var" / "rome"
TUNING_OUT = REPO_ROOT / "var" / "rome-tuning"
SAMPLE_OUT = REPO_ROOT / "tests" / "fixtures" / "rome"
SAMPLE_EVERY = 8  # the sample keeps the families (first three characters of a code) one in this many
HELD_OUT, TUNING = 0, 1  # checksum remainders: the evaluation's tenth, and the tuning tenth
PROFILES = "unix_referentiel_code_rome_v460_utf8.csv"
TITLES = "unix_referentiel_appellation_v460_utf8.csv"
TEMPLATES = (
    "je voudrais devenir {}",
    "je cherche un emploi de {}",
    "comment devenir {} ?",
    "fiche métier {}",
    "quelle formation pour être {} ?",
)


@dataclass(frozen=True)
class Title:
    code_ogr: str
    label: str
    principal: bool


def gendered_forms(label: str) -> tuple[str, str]:
    """'Accastilleur-monteur / Accastilleuse-monteuse électronique de marine' -> masculine and feminine.

    The complement after the feminine form belongs to both: the masculine form takes the words of the
    right part beyond as many words as the left part has.
    """
    if " / " not in label:
        return label, label
    left, right = (part.strip() for part in label.split(" / ", 1))
    rest = right.split()[len(left.split()) :]
    masculine = " ".join([left, *rest])
    return masculine, right


def held_out(title: Title, part: int = HELD_OUT) -> bool:
    """One title in ten, chosen by a checksum of its code: stable from run to run. `part` picks which
    tenth (the evaluation's, or the tuning one); the two never share a title."""
    return not title.principal and zlib.crc32(title.code_ogr.encode()) % 10 == part


def phrasing(title: Title, masculine: str, feminine: str) -> tuple[str, str]:
    """The gender form and the visitor phrasing of a held-out title's query, from its checksum.

    Drawn from the checksum's digits above the one that chose the tenth: the remainder itself is the
    same for every title of a tenth (so are its parity and what follows from it), which once made every
    query of the evaluation "je voudrais devenir" and masculine."""
    draw = zlib.crc32(title.code_ogr.encode()) // 10
    return (feminine if draw % 2 else masculine), TEMPLATES[(draw // 2) % len(TEMPLATES)]


def in_sample(code: str) -> bool:
    """Whether a ROME code's family ("A14" of "A1401") is one of the sample's, by a checksum: stable."""
    return zlib.crc32(code[:3].encode()) % SAMPLE_EVERY == 0


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def convert(rome_dir: Path, out_dir: Path, part: int = HELD_OUT, sample: bool = False) -> tuple[int, int]:
    """Write `out_dir/kb/resources/fr/*.md` and `out_dir/queries.jsonl`; returns (sheets, queries).

    The titles of tenth `part` are left out of the sheets and become the queries; with `sample`, only the
    sample's families are written."""
    profiles = list(csv.DictReader((rome_dir / PROFILES).open(encoding="utf-8")))
    if sample:
        profiles = [profile for profile in profiles if in_sample(profile["code_rome"])]
    titles: dict[str, list[Title]] = defaultdict(list)
    for row in csv.DictReader((rome_dir / TITLES).open(encoding="utf-8")):
        titles[row["code_rome"]].append(
            Title(row["code_ogr"], row["libelle_appellation_long"].strip(), row["classification"] == "PRINCIPALE")
        )
    updated = datetime.fromtimestamp((rome_dir / PROFILES).stat().st_mtime, UTC).date().isoformat()
    sheets_dir = out_dir / "kb" / "resources" / "fr"
    sheets_dir.mkdir(parents=True, exist_ok=True)
    queries: list[dict] = []
    written = set()
    for profile in profiles:
        code = profile["code_rome"]
        own = sorted(titles.get(code, []), key=lambda title: int(title.code_ogr))
        hidden = [title for title in own if held_out(title, part)] if len(own) >= 3 else []
        if len(own) - len(hidden) < 2:
            hidden = hidden[: max(0, len(own) - 2)]
        kept = [title for title in own if title not in hidden]
        resource_id = f"rome-{code.lower()}"
        topics = ["discover_jobs"]
        if profile["transition_eco"] in ("Emploi Vert", "Emploi stratégique pour la Transition écologique"):
            topics.append("green_jobs")
        if profile["transition_num"] == "O":
            topics.append("digital_skills")
        lines = [
            "---",
            f"id: {resource_id}",
            f"title: {json.dumps(profile['libelle_rome'], ensure_ascii=False)}",
            "kind: career_sheet",
            f"topics: [{', '.join(topics)}]",
            "lang: fr",
            "audience: [all]",
            f'where: "https://candidat.francetravail.fr/metierscope/fiche-metier/{code}"',
            f"updated: {updated}",
            'publisher: "France Travail, ROME v4.60 (Licence Ouverte 2.0)"',
            "---",
            "",
            f"# {profile['libelle_rome']}",
            "",
            "## Appellations",
            "",
            *(f"- {title.label}" for title in kept),
            "",
        ]
        path = sheets_dir / f"{resource_id}.md"
        text = "\n".join(lines)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")  # unchanged sheets keep their mtime: rebuilds stay incremental
        written.add(path.name)
        for title in hidden:
            masculine, feminine = gendered_forms(title.label)
            form, template = phrasing(title, masculine, feminine)
            queries.append(
                {
                    "query": template.format(_lower_first(form)),
                    "relevant": [resource_id],
                    "title": title.label,
                    "lang": "fr",
                }
            )
    for stale in sheets_dir.glob("*.md"):
        if stale.name not in written:
            stale.unlink()
    with (out_dir / "queries.jsonl").open("w", encoding="utf-8") as handle:
        for query in queries:
            handle.write(json.dumps(query, ensure_ascii=False) + "\n")
    return len(written), len(queries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rome", type=Path, default=DEFAULT_ROME, help="folder with the two ROME CSV files")
    parser.add_argument(
        "--out", type=Path, help="output folder (default var/rome, var/rome-tuning, with --sample tests/fixtures/rome)"
    )
    parser.add_argument(
        "--tuning", action="store_true", help="hold out the tuning tenth of the titles, not the evaluation's"
    )
    parser.add_argument("--sample", action="store_true", help="only one ROME family in eight (the tests' subset)")
    args = parser.parse_args(argv)
    out = args.out or (SAMPLE_OUT if args.sample else TUNING_OUT if args.tuning else DEFAULT_OUT)
    sheets, queries = convert(args.rome, out, TUNING if args.tuning else HELD_OUT, args.sample)
    kind = "tuning" if args.tuning else "held-out"
    print(f"{sheets} career sheets in {out / 'kb'}, {queries} {kind} queries in {out / 'queries.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
