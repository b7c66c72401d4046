"""Cut resources into passages small enough for the embedding model, along the text's own structure.

Chunks follow headings, then paragraphs; a long paragraph is cut at sentence ends. Consecutive chunks
of a section overlap by a few words so that an answer straddling a cut is still found whole in one.
Each chunk is prefixed with the resource title and its heading: a passage about "the cost" means
nothing without knowing it is the cost of a skills assessment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.topics import load_taxonomy
from indexer.job_titles import is_title_heading
from indexer.lexical import BASE_FAMILY, family
from indexer.records import Resource
from indexer.sources.text import BULLET

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


@dataclass(frozen=True)
class Chunk:
    resource_id: str
    ordinal: int
    heading: str
    text: str  # the passage itself, shown as a snippet
    context: str  # title and heading, indexed with the passage
    lexical: bool = True  # False for list-item chunks, which only the dense index holds

    @property
    def indexed_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text


def _pieces(paragraph: str, limit: int) -> list[str]:
    """A paragraph as pieces of at most `limit` words, cut at sentence ends where possible."""
    words = paragraph.split()
    if len(words) <= limit:
        return [paragraph]
    pieces: list[str] = []
    current: list[str] = []
    for sentence in _SENTENCE_END.split(paragraph):
        sentence_words = sentence.split()
        while len(sentence_words) > limit:  # one enormous sentence: cut by words
            if current:
                pieces.append(" ".join(current))
                current = []
            pieces.append(" ".join(sentence_words[:limit]))
            sentence_words = sentence_words[limit:]
        if len(current) + len(sentence_words) > limit and current:
            pieces.append(" ".join(current))
            current = []
        current.extend(sentence_words)
    if current:
        pieces.append(" ".join(current))
    return pieces


def _list_items(paragraph: str, names: bool = False) -> list[str] | None:
    """The items of a paragraph that is a list of short lines (job titles, addresses), else None.

    Under a heading that announces a trade's names (`names`), every list is one: a job title of
    thirteen to eighteen words ("Agent chargé / Agente chargée de protection et de sauvegarde du
    patrimoine naturel") or a sheet's only title is still a name. Elsewhere a list of one line, or with
    an item over twelve words, is prose set out in bullets, better read in its passage."""
    lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
    if len(lines) < (1 if names else 2) or not all(line.startswith(BULLET) for line in lines):
        return None
    items = [line[len(BULLET) :].strip() for line in lines]
    return items if names or max(len(item.split()) for item in items) <= 12 else None


def chunk_resource(
    resource: Resource, max_words: int = 120, overlap_words: int = 25, list_items: int = 0
) -> list[Chunk]:
    """The resource's passages in reading order; never empty for a resource with text.

    With `list_items`, a list of short lines (job titles, for instance) also gets one dense-only chunk
    per that many items: a one-line query ("tractoriste") then meets one line of the list rather than
    the average of thirty. BM25 keeps the whole passage, where word counts add up.
    """
    chunks: list[Chunk] = []
    for section in resource.sections:
        context = resource.title if section.heading in ("", resource.title) else f"{resource.title}. {section.heading}"
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", section.text) if part.strip()]
        if list_items:
            names = is_title_heading(section.heading)
            for paragraph in paragraphs:
                items = _list_items(paragraph, names) or []
                for start in range(0, len(items), list_items):
                    text = " ; ".join(items[start : start + list_items])
                    chunks.append(Chunk(resource.id, len(chunks), section.heading, text, resource.title, lexical=False))
        pieces = [
            piece
            for paragraph in paragraphs
            for piece in _pieces(" ".join(paragraph.replace(BULLET, "").split()), max_words)
        ]
        current: list[str] = []
        for piece in pieces:
            piece_words = piece.split()
            if current and len(current) + len(piece_words) > max_words:
                chunks.append(Chunk(resource.id, len(chunks), section.heading, " ".join(current), context))
                current = current[-overlap_words:] if overlap_words else []
            current.extend(piece_words)
        if current:
            chunks.append(Chunk(resource.id, len(chunks), section.heading, " ".join(current), context))
    return chunks


# What visitors call each kind of resource ("une vidéo", "a book", "un site"), in both languages.
KIND_LABELS = {
    "career_sheet": ("fiche métier", "career sheet"),
    "guide": ("guide pratique", "practical guide"),
    "procedure": ("démarche pas à pas", "step-by-step procedure"),
    "partner_service": ("service partenaire", "partner service"),
    "faq": ("questions fréquentes", "frequently asked questions"),
    "website": ("site internet", "website"),
    "video": ("vidéo", "video"),
    "book": ("livre", "book"),
}


def topic_card(resource: Resource) -> str:
    """The resource's topic labels and kind, indexed lexically beside its text: in French and English for a
    resource of the shared French and English BM25 index, in every declared language for a resource of a
    language with an index of its own. Spanish, Italian and Portuguese labels on French and English cards
    would be matched by French and English questions.

    A French sheet tagged `vae` then also matches "accreditation of prior experience", and a French
    video "a video about…": a fair, explicit bridge between languages, taken from the taxonomy and
    the kinds of the base rather than guessed.
    """
    taxonomy = load_taxonomy()
    own_family = family(resource.lang) != BASE_FAMILY
    labels = []
    for topic in resource.topics:
        names = taxonomy.topics[topic].labels
        labels.extend(name for lang, name in names.items() if own_family or family(lang) == BASE_FAMILY)
    labels.extend(KIND_LABELS.get(resource.kind, ()))
    return " ".join(labels)
