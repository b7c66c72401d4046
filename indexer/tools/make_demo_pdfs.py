"""Render the demo centre's leaflets (`knowledge_base/centres/rivemont/_sources/pdf/*.md`) into
`knowledge_base/centres/rivemont/pdf/<id>.pdf`.

Why this exists: real centres receive many leaflets as PDF files, and the indexer must read them (text
and the `/Cdm*` metadata of the document information dictionary). A PDF is a poor thing to edit or to
review in a diff, so the demo keeps each leaflet as Markdown with the same YAML front matter as the
Markdown resources, in a folder the indexer skips (its name starts with `_`), and this tool turns them
into PDFs. Run it after editing a leaflet source and commit both files.

The output is reproducible: the creation date is the leaflet's `updated` date, not the clock, and the
file identifier is derived from the content, so running the tool twice gives byte-identical files and
an unchanged leaflet never shows up in `git status`. The bytes depend on the font found: DejaVu Sans
is embedded when present (it covers every accented letter, "œ" and typographic quotes); without it
the tool falls back to the core Helvetica font, which only knows Latin-1, and replaces the few
characters outside it ("œ" becomes "oe", "’" becomes "'").

    .venv/bin/python -m indexer.tools.make_demo_pdfs            # write the PDFs
    .venv/bin/python -m indexer.tools.make_demo_pdfs --check    # exit 1 if a PDF is missing or stale
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import yaml
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

KB_DIR = Path(__file__).resolve().parents[2] / "knowledge_base" / "centres" / "rivemont"
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)
DEJAVU_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
INFO_KEYS = {  # front matter field -> custom key of the document information dictionary
    "id": "/CdmId",
    "kind": "/CdmKind",
    "topics": "/CdmTopics",
    "lang": "/CdmLang",
    "audience": "/CdmAudience",
    "where": "/CdmWhere",
    "updated": "/CdmUpdated",
    "publisher": "/CdmPublisher",
}
REQUIRED = ("id", "title", "kind", "topics", "lang", "audience", "where", "updated")
# What the core fonts cannot encode (they only know Latin-1), and what to write instead.
LATIN1_REPLACEMENTS = {
    "œ": "oe",
    "Œ": "OE",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    "…": "...",
    "€": "EUR",
    "•": "-",
    "\u202f": " ",
    "\u2009": " ",
    "\u2011": "-",
    "≥": ">=",
    "≤": "<=",
}
LABELS = {
    "fr": {"kicker": "Fiche pratique", "updated": "Mis à jour le", "sources": "Sources", "page": "Page"},
    "en": {"kicker": "Information leaflet", "updated": "Updated on", "sources": "Sources", "page": "Page"},
}
ACCENT = (0, 94, 132)  # the centre's blue, for rules and headings
GREY = (90, 90, 90)


@dataclass(frozen=True)
class Leaflet:
    source: Path
    meta: dict[str, Any]
    body: str


def read_leaflet(path: Path) -> Leaflet:
    """Front matter and body of one leaflet source; ValueError naming the file and the problem."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{path}: no YAML front matter (the file must start with `---`)")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise ValueError(f"{path}: front matter is not closed by a second `---`") from None
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    missing = [field for field in REQUIRED if not meta.get(field)]
    if missing:
        raise ValueError(f"{path}: missing front matter field(s) {', '.join(missing)}")
    if meta["id"] != path.stem:
        raise ValueError(f"{path}: id {meta['id']!r} differs from the file name; the PDF is named after the id")
    return Leaflet(path, meta, "\n".join(lines[end + 1 :]))


def find_font_dir(explicit: Path | None) -> Path | None:
    """The first folder holding the four DejaVu Sans files, or None (fall back to Helvetica)."""
    candidates = [explicit] if explicit else list(FONT_DIRS)
    for folder in candidates:
        if folder and all((folder / name).is_file() for name in DEJAVU_FILES.values()):
            return folder
    return None


def as_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class LeafletPDF(FPDF):
    """A4 leaflet with a running footer (publisher, date, page number)."""

    def __init__(self, leaflet: Leaflet, font_dir: Path | None) -> None:
        super().__init__(format="A4")
        self.leaflet = leaflet
        self.labels = LABELS.get(leaflet.meta["lang"], LABELS["en"])
        self.unicode = font_dir is not None
        if font_dir is not None:
            for style, name in DEJAVU_FILES.items():
                self.add_font("DejaVu", style, str(font_dir / name))
            self.family_name = "DejaVu"
        else:
            self.family_name = "Helvetica"
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=20)

    def txt(self, text: str) -> str:
        """Text the current font can encode."""
        if self.unicode:
            return text
        for char, replacement in LATIN1_REPLACEMENTS.items():
            text = text.replace(char, replacement)
        return text.encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        meta = self.leaflet.meta
        self.set_y(-14)
        self.set_font(self.family_name, "", 7.5)
        self.set_text_color(*GREY)
        updated = as_text(meta["updated"])
        left = f"{meta.get('publisher', '')} · {self.labels['updated']} {updated}"
        self.cell(self.epw - 20, 5, self.txt(left), align="L")
        self.cell(20, 5, f"{self.labels['page']} {self.page_no()}/{{nb}}", align="R")


def inline(text: str) -> str:
    """Markdown emphasis to fpdf2's markup: **bold** stays, *italic* becomes __italic__."""
    text = text.replace("--", "\u2013")  # `--` would switch underlining on
    return re.sub(r"(?<![*\w])\*(?!\*)(.+?)(?<!\*)\*(?![*\w])", r"__\1__", text)


def render(leaflet: Leaflet, font_dir: Path | None) -> bytes:
    meta = leaflet.meta
    pdf = LeafletPDF(leaflet, font_dir)
    updated = meta["updated"] if isinstance(meta["updated"], date) else date.fromisoformat(str(meta["updated"]))
    pdf.set_creation_date(datetime.combine(updated, time(0, 0), tzinfo=UTC))
    pdf.set_title(str(meta["title"]))
    pdf.set_author(str(meta.get("publisher") or "Cité des métiers de Rivemont"))
    pdf.set_subject(str(meta["title"]))
    pdf.set_keywords(as_text(meta["topics"]))
    pdf.set_creator("Cité des métiers de Rivemont: indexer/tools/make_demo_pdfs.py")
    pdf.set_lang(str(meta["lang"]))
    pdf.alias_nb_pages()
    pdf.add_page()
    family = pdf.family_name

    # Kicker and title block.
    pdf.set_font(family, "B", 8.5)
    pdf.set_text_color(*ACCENT)
    pdf.cell(
        0,
        5,
        pdf.txt(f"Cité des métiers de Rivemont · {pdf.labels['kicker']}".upper()),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(5)

    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            pdf.set_font(family, "", 10.5)
            pdf.set_text_color(0, 0, 0)
            pdf.multi_cell(
                0,
                5.4,
                pdf.txt(inline(" ".join(paragraph))),
                markdown=True,
                align="L",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(2.2)
            paragraph.clear()

    for raw in leaflet.body.split("\n"):
        line = raw.rstrip()
        heading = re.match(r"^(#{1,3})\s+(.*)$", line)
        bullet = re.match(r"^\s*[-*+]\s+(.*)$", line)
        numbered = re.match(r"^\s*(\d+)[.)]\s+(.*)$", line)
        if heading:
            flush()
            level, title = len(heading.group(1)), heading.group(2).strip()
            if pdf.get_y() > pdf.h - 45:
                pdf.add_page()
            if level == 1:
                pdf.set_font(family, "B", 19)
                pdf.set_text_color(0, 0, 0)
                pdf.multi_cell(0, 8.5, pdf.txt(title), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(3)
            elif level == 2:
                pdf.ln(1.5)
                pdf.set_font(family, "B", 13)
                pdf.set_text_color(*ACCENT)
                pdf.multi_cell(0, 6.5, pdf.txt(title), new_x="LMARGIN", new_y="NEXT")
                pdf.set_line_width(0.3)
                pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.l_margin + 40, pdf.get_y() + 0.5)
                pdf.ln(2.5)
            else:
                pdf.set_font(family, "B", 11)
                pdf.set_text_color(0, 0, 0)
                pdf.multi_cell(0, 6, pdf.txt(title), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
        elif bullet or numbered:
            flush()
            mark = "•" if bullet else f"{numbered.group(1)}."
            item = bullet.group(1) if bullet else numbered.group(2)
            pdf.set_font(family, "", 10.5)
            pdf.set_text_color(0, 0, 0)
            pdf.set_x(pdf.l_margin + 3)
            pdf.cell(7, 5.4, pdf.txt(mark))
            pdf.multi_cell(
                pdf.epw - 10,
                5.4,
                pdf.txt(inline(item)),
                markdown=True,
                align="L",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(1)
        elif not line.strip():
            flush()
        else:
            paragraph.append(line.strip())
    flush()

    sources = meta.get("sources") or []
    if sources:
        pdf.ln(3)
        pdf.set_font(family, "B", 8.5)
        pdf.set_text_color(*GREY)
        pdf.cell(0, 5, pdf.txt(pdf.labels["sources"]), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 8)
        for source in sources:
            pdf.multi_cell(0, 4.2, pdf.txt(f"- {as_text(source)}"), new_x="LMARGIN", new_y="NEXT")

    return with_cdm_info(bytes(pdf.output()), meta)


def with_cdm_info(data: bytes, meta: dict[str, Any]) -> bytes:
    """Add the `/Cdm*` keys the indexer reads to the document information dictionary."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    info = {key: as_text(meta[field]) for field, key in INFO_KEYS.items() if meta.get(field)}
    info["/Title"] = str(meta["title"])
    writer.add_metadata(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=KB_DIR / "_sources" / "pdf", help="leaflet sources (*.md)")
    parser.add_argument("--out", type=Path, default=KB_DIR / "pdf", help="where to write <id>.pdf")
    parser.add_argument("--font-dir", type=Path, default=None, help="folder holding DejaVuSans*.ttf")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a PDF is missing or stale")
    args = parser.parse_args(argv)

    sources = sorted(args.src.glob("*.md"))
    if not sources:
        print(f"no leaflet sources (*.md) in {args.src}", file=sys.stderr)
        return 1
    font_dir = find_font_dir(args.font_dir)
    if font_dir is None:
        print("DejaVu Sans not found: using Helvetica (Latin-1 only)", file=sys.stderr)
    stale: list[Path] = []
    if not args.check:
        args.out.mkdir(parents=True, exist_ok=True)
    for path in sources:
        try:
            leaflet = read_leaflet(path)
        except (ValueError, yaml.YAMLError) as error:
            print(error, file=sys.stderr)
            return 1
        data = render(leaflet, font_dir)
        target = args.out / f"{leaflet.meta['id']}.pdf"
        if target.is_file() and target.read_bytes() == data:
            continue
        stale.append(target)
        if not args.check:
            target.write_bytes(data)
            print(f"wrote {target}")
    if args.check and stale:
        print("out of date: " + ", ".join(str(path) for path in stale), file=sys.stderr)
        return 1
    print(
        f"{len(sources)} leaflet(s), {len(stale)} {'stale' if args.check else 'written'}, font: "
        f"{'DejaVu Sans' if font_dir else 'Helvetica'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
