"""The one entry point: find every kind of personal data in a text and replace it by its placeholder.

Everything that stores, logs or shows visitor text calls `redact`. `analyse` returns the typed spans
as well, for the evaluation and for callers that want to count what was removed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from privacy import addresses, birth, contact, identifiers, names, numbers, phones
from privacy.spans import PiiSpan, replace, resolve
from privacy.text import prepare

_log = logging.getLogger(__name__)

DETECTORS: tuple[Callable[[str], Iterable[PiiSpan]], ...] = (
    numbers.find,
    identifiers.find,
    contact.find,
    phones.find,
    birth.find,
    addresses.find,
    names.find,
)


@dataclass(frozen=True)
class Redaction:
    """`text` is the cleaned, bounded input the spans refer to (see `privacy.text.prepare`)."""

    text: str
    spans: tuple[PiiSpan, ...]

    @property
    def redacted(self) -> str:
        return replace(self.text, self.spans)


def analyse(text: object) -> Redaction:
    """The personal data in `text`, as non-overlapping typed spans of the cleaned text."""
    clean = prepare(text)
    if not clean.strip():
        return Redaction(clean, ())
    found: list[PiiSpan] = []
    for detect in DETECTORS:
        found.extend(detect(clean))
    return Redaction(clean, tuple(resolve(found)))


def redact(text: object) -> str:
    """`text` with personal data replaced by [NAME], [EMAIL], [PHONE], [ADDRESS], [ID],
    [DATE_OF_BIRTH], [CARD], [IBAN] or [URL]. Never raises: on an internal error it returns a fixed
    notice rather than the text, since text that could not be checked must not be stored."""
    try:
        return analyse(text).redacted
    except Exception:  # a bug in a detector must not leak the text it was reading
        _log.exception("privacy: redaction failed; text withheld")
        return WITHHELD


WITHHELD = "[REDACTION FAILED]"


def warm_up() -> bool:
    """Load the language model and the word lists now (at process start) rather than on the first
    message; True when the model is there. The word lists of `privacy/languages/` (a few seconds more)
    load in a background thread: a message that needs one before it is ready waits for it."""
    from privacy import cues, lexicon, model

    lexicon.words()
    tables = [language.lexicon for language in cues.languages() if language.lexicon]
    threading.Thread(target=lambda: [lexicon.load_table(table) for table in tables], daemon=True).start()
    return model.available()
