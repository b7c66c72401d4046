"""The languages the assistant speaks: the one declaration every part reads.

The bot's `language` slot, the action server's detection and switching, the message catalogues, the
indexer's resources, the desk's tickets, dates and opening hours and the web pages' string tables all take
their list of languages from here, so adding a language starts with one entry below (README, "Adding a
language", lists the catalogues it then needs). What differs between languages is data: the codes each
library spells its own way (Babel's locale, lingua's name, the `holidays` package's language) and what
the project has built for each language (a spelling normaliser, the staff pages).

The first language is the default: the one a conversation starts in when a message carries no word
(an emoji, a button), and the one a missing translation falls back to.

Pure data and the standard library only: the Rasa process, the action server, the indexer and the desk
all import it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One language the assistant speaks."""

    code: str  # ISO 639-1: the `language` slot's value, a resource's `lang`, a catalogue's key
    names: dict[str, str]  # its name written in each declared language (its own name under its own code)
    locale: str  # Babel locale for dates and times; also the web pages' (with "-" for "_")
    lingua: str  # lingua's `Language` member
    holidays: str  # the `holidays` package's language for holiday names (absent for a country: the country's)
    normaliser: bool = False  # spelling/ has word frequencies and SMS forms for it
    staff: bool = False  # a counsellor may choose it for the desk's staff pages (every desk catalogue has it)

    @property
    def own_name(self) -> str:
        """Its name in itself, capitalised as a language chooser shows it: "Español"."""
        name = self.names[self.code]
        return name[:1].upper() + name[1:]


_DECLARED = (
    Language(
        code="fr",
        names={"fr": "français", "en": "French", "es": "francés", "it": "francese", "pt": "francês"},
        locale="fr_FR",
        lingua="FRENCH",
        holidays="fr",
        normaliser=True,
        staff=True,
    ),
    Language(
        code="en",
        names={"fr": "anglais", "en": "English", "es": "inglés", "it": "inglese", "pt": "inglês"},
        locale="en_GB",
        lingua="ENGLISH",
        holidays="en_US",
        normaliser=True,
        staff=True,
    ),
    Language(
        code="es",
        names={"fr": "espagnol", "en": "Spanish", "es": "español", "it": "spagnolo", "pt": "espanhol"},
        locale="es_ES",
        lingua="SPANISH",
        holidays="es",
        staff=True,
    ),
    Language(
        code="it",
        names={"fr": "italien", "en": "Italian", "es": "italiano", "it": "italiano", "pt": "italiano"},
        locale="it_IT",
        lingua="ITALIAN",
        holidays="it_IT",
        staff=True,
    ),
    Language(
        code="pt",
        names={"fr": "portugais", "en": "Portuguese", "es": "portugués", "it": "portoghese", "pt": "português"},
        locale="pt_PT",
        lingua="PORTUGUESE",
        holidays="pt_PT",
        staff=True,
    ),
)

LANGUAGES: dict[str, Language] = {language.code: language for language in _DECLARED}
CODES: tuple[str, ...] = tuple(LANGUAGES)
DEFAULT: str = CODES[0]
NORMALISED: tuple[str, ...] = tuple(code for code, language in LANGUAGES.items() if language.normaliser)
STAFF: tuple[str, ...] = tuple(code for code, language in LANGUAGES.items() if language.staff)


def is_language(code: object) -> bool:
    """Whether `code` is a declared language's code."""
    return isinstance(code, str) and code in LANGUAGES


def or_default(code: object) -> str:
    """`code` when it is declared, else the default language."""
    return code if is_language(code) else DEFAULT  # type: ignore[return-value]


def locale_of(code: str) -> str:
    """Babel's locale for `code` (the default language's for an unknown code)."""
    return LANGUAGES[or_default(code)].locale


def name_of(code: str, in_language: str) -> str:
    """The name of language `code` written in `in_language` ("espagnol", "Spanish", "español"...)."""
    return LANGUAGES[code].names[or_default(in_language)]


def preferred(accept_language: str, among: tuple[str, ...] = CODES) -> str | None:
    """The first language of `among` that a browser's `Accept-Language` header asks for, by its weights
    ("es-ES,es;q=0.9,en;q=0.8" -> "es"), or None. Only the primary subtag counts (pt-BR asks for "pt");
    a malformed part is skipped, never an error: the header is the visitor's, not ours to refuse."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language[:512].split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        code = tag.strip().split("-")[0].lower()
        if code in among and 0 < weight <= 1:
            ranked.append((-weight, position, code))
    return min(ranked)[2] if ranked else None


def _check() -> None:
    """Every language names every other: a new entry must be complete before anything imports it."""
    for language in _DECLARED:
        missing = set(CODES) - set(language.names)
        if missing:
            raise ValueError(f"common/languages.py: {language.code} has no name in {sorted(missing)}")


_check()
