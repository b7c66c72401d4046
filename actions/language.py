"""Which language to answer in: detected from the visitor's first message, switched on request.

Runs as `action_validate_slot_mappings`, which Rasa calls after every user message and before it picks
a response, so the very first reply is already in the visitor's language.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

from lingua import Language, LanguageDetectorBuilder
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions import figures
from actions.centre import CentreSlot
from common.languages import CODES, DEFAULT, LANGUAGES, NORMALISED, is_language, or_default
from common.text import fold
from spelling.written_in import MIN_WORDS, evidence

# rasa_sdk warns, at every message, of each extracted slot without a `validate_<slot>` method; here that
# is by design (only the language is extracted; the others pass as they are), so keep its errors only.
logging.getLogger("rasa_sdk.forms").setLevel(logging.ERROR)

SUPPORTED = CODES
DEFAULT_LANGUAGE = DEFAULT
_LINGUA = {getattr(Language, language.lingua): code for code, language in LANGUAGES.items()}
_WORD = re.compile(r"[^\W\d_]{2,}")

# How sure the detector must be before it sets the language of a new conversation, and before it
# follows a visitor who, mid-conversation, writes a whole sentence in the other language.
FIRST_MESSAGE_CONFIDENCE = 0.6
SWITCH_CONFIDENCE = 0.9
SWITCH_MIN_WORDS = 4


# A visitor who says they speak a language little ("I speak little french", "je parle pas bien anglais", "my
# french is bad") is telling which language NOT to answer in, even when the message names it or is partly
# written in it: a mixed message is answered in the language the visitor is more at ease with. Read on
# folded text, apostrophes as spaces. The names: every declared language's, written in every declared
# language and folded ("espanol", "spanish", "espagnol"...).
_LANGUAGE_NAMES = {fold(name): code for code, language in LANGUAGES.items() for name in language.names.values()}
_NAME = "(" + "|".join(sorted(_LANGUAGE_NAMES, key=len, reverse=True)) + ")"
_LITTLE = (
    r"(?:speak|talk|understand|know|read|write)\s+(?:only\s+)?(?:a\s+)?(?:very\s+)?"
    r"(?:little|bit\s+of|bit|few\s+words\s+of|not\s+much|no|poor|bad|broken|basic)"
)
_NOT = r"(?:dont|don\s+t|do\s+not|can\s+t|cant|cannot)\s+(?:really\s+)?(?:speak|understand|read|write)"
_PEU = (
    r"(?:parler|parle|comprends?|ecris|lis)\s+"
    r"(?:pas\s+bien|pas\s+tres\s+bien|pas\s+beaucoup|pas|mal|un\s+peu|peu|presque\s+pas)"
)
_WEAK_BEFORE = re.compile(rf"\b(?:{_LITTLE}|{_NOT}|{_PEU})\s+(?:le\s+|l\s+)?{_NAME}\b")
_WEAK_AFTER = re.compile(
    rf"\b(?:my|mon)\s+{_NAME}\s+(?:is\s+(?:very\s+|really\s+|almost\s+)?"
    rf"(?:bad|poor|weak|basic|limited|not\s+good|not\s+very\s+good|not\s+great|zero|terrible|rubbish)"
    rf"|isn\s+t\s+good|est\s+(?:tres\s+)?(?:nul|mauvais|faible|limite|pas\s+bon)|n\s+est\s+pas\s+bon)\b"
)


def weak_languages(text: str) -> frozenset[str]:
    """The languages a message says its writer speaks little or badly."""
    return _languages_named(text, (_WEAK_BEFORE, _WEAK_AFTER))


def _languages_named(text: str, patterns: tuple[re.Pattern[str], ...]) -> frozenset[str]:
    """The languages whose name one of `patterns` finds in the folded message (group 1 is the name)."""
    folded = " ".join(re.findall(r"[a-z]+", fold(text or "")))
    names = [match.group(1) for pattern in patterns for match in pattern.finditer(folded)]
    return frozenset(_LANGUAGE_NAMES[name] for name in names)


# A language named as what the visitor wants to learn or prove ("french lessons", "learn english", "cours de
# francais", "english test"), or as that of a document or a job ("an English-language CV", "english speaking
# jobs") is the subject of a question, not the language to answer in.
_STUDIED_BEFORE = re.compile(
    rf"\b(?:learn|learning|study|studying|improve|improving|practise|practice|lessons?\s+(?:of|in)|"
    rf"class(?:es)?\s+(?:of|in)|courses?\s+(?:of|in)|apprendre|ameliorer|cours\s+de|cours\s+d|formation\s+en)"
    rf"\s+(?:my\s+|some\s+|the\s+|mon\s+|le\s+|l\s+|du\s+)?{_NAME}\b"
)
_STUDIED_AFTER = re.compile(
    rf"\b{_NAME}\s+(?:language\s+|speaking\s+)?"
    rf"(?:lessons?|class(?:es)?|courses?|teacher|tutor|level|test|exam|diploma|certificate|"
    rf"cv|resume|cover\s+letter|interview|jobs?|speakers?|speaking)\b"
)


def studied_languages(text: str) -> frozenset[str]:
    """The languages a message names as something to learn or to prove a level in."""
    return _languages_named(text, (_STUDIED_BEFORE, _STUDIED_AFTER))


# How well the visitor speaks a language, said of it ("my english is ok", "my french is zero"): a description.
_DESCRIBED = re.compile(rf"\b(?:my|mon)\s+{_NAME}\s+(?:is|isn\s+t|est|n\s+est)\b")
# The language someone at the centre speaks ("is there someone who speaks english at the centre", "un
# conseiller qui parle anglais"): a question about the centre, asked in the language the visitor wants.
_SPOKEN_BY = re.compile(
    r"\b(?:someone|somebody|anyone|anybody|staff|people|person|counsell?or|advis[eo]r|quelqu\s+un|personne|"
    rf"conseill(?:er|ere)|gens)\s+(?:who\s+|that\s+|qui\s+)?(?:speaks?|speaking|parle|parlent|parlant)\s+{_NAME}\b"
)


def asks_for_a_language(text: str) -> bool:
    """Whether a message read as a language request asks for one: it names no language ("another language
    please") or names one other than as a level spoken or something to learn. "my english is ok but my
    french is zero, which jobs can i do" and "french lessons for adults" ask a question in the language
    they are written in; "my french is bad, can we do this in english" asks for English."""
    folded = " ".join(re.findall(r"[a-z]+", fold(text or "")))
    named = [match.start(1) for match in re.finditer(rf"\b{_NAME}\b", folded)]
    if not named:
        return True
    patterns = (_WEAK_BEFORE, _WEAK_AFTER, _STUDIED_BEFORE, _STUDIED_AFTER, _DESCRIBED, _SPOKEN_BY)
    subjects = {match.start(1) for pattern in patterns for match in pattern.finditer(folded)}
    return any(start not in subjects for start in named)


@cache
def _detector(codes: tuple[str, ...] = CODES):
    return LanguageDetectorBuilder.from_languages(
        *(lingua for lingua, code in _LINGUA.items() if code in codes)
    ).build()


def detect_language(text: str) -> tuple[str | None, float, int]:
    """(language, confidence, word count) of `text`; language is None when it has no words at all."""
    if (text or "").lstrip().startswith("/"):
        return None, 0.0, 0  # a button payload such as "/ask_services" carries no language
    words = _WORD.findall(text or "")
    if not words:
        return None, 0.0, 0
    sample = " ".join(words)[:1000]
    best = _detector().compute_language_confidence_values(sample)[0]
    detected, confidence = _LINGUA[best.language], best.value
    if detected not in NORMALISED and _backed(detected, confidence, sample):
        return detected, max(confidence, FIRST_MESSAGE_CONFIDENCE), len(words)
    # French or English, or a shaky guess of another language with no word of it ("hello" reads as Italian
    # among five languages, "prime de precarite cdd" too): the French-or-English reading, as it always was
    best = _detector(NORMALISED).compute_language_confidence_values(sample)[0]
    return _LINGUA[best.language], best.value, len(words)


def _backed(detected: str, confidence: float, sample: str) -> bool:
    """Whether lingua's reading of `sample` as a language without a normaliser may stand: backed by that
    language's own words (two of them; or one, when lingua is sure or when it outweighs the French and
    English ones: "non merci" is French, "gracias" Spanish, "sdfsdf" nothing)."""
    counts = evidence(sample)
    own, home = counts[detected], sum(counts[lang] for lang in NORMALISED)
    if own >= MIN_WORDS or (own >= 1 and confidence >= SWITCH_CONFIDENCE):
        return True
    return own >= 1 and own > home and confidence >= FIRST_MESSAGE_CONFIDENCE


def named_languages(text: str) -> list[str]:
    """The declared languages a text names, in the order it names them ("hablas ingles?" -> ["en"])."""
    folded = " ".join(re.findall(r"[a-z]+", fold(text or "")))
    return [_LANGUAGE_NAMES[match.group(1)] for match in re.finditer(rf"\b{_NAME}\b", folded)]


def requested_language(tracker: Tracker, current: str) -> str:
    """The language a change_language message asks for: its `language` entity (a code or a language's name),
    else a language the message names, else the other of the first two declared languages."""
    for wanted in tracker.get_latest_entity_values("language"):
        if wanted in SUPPORTED:
            return wanted
        named = named_languages(str(wanted))
        if named:
            return named[0]
    text = (tracker.latest_message or {}).get("text") or ""
    weak = weak_languages(text)
    named = [lang for lang in named_languages(text) if lang not in weak and lang != current]
    if named:
        return named[0]
    return SUPPORTED[1] if current == SUPPORTED[0] else SUPPORTED[0]


def choose_language(current: str | None, text: str, chosen: bool = False) -> str | None:
    """The language slot after a message that does not ask for a language, or None to leave it.

    A new conversation takes the detected language once the detector is confident; later, unless the
    visitor explicitly chose a language, only a whole sentence clearly in the other language switches
    (a visitor who types "ok" or an English job title in a French sentence stays where they are). A mixed
    message that says its writer speaks the detected language little ("je cherche travail restaurant, I
    speak little french") starts in the other one; a message wholly in that language stays in it (the
    visitor chose to write it), and a running conversation stays where it is.
    """
    if chosen:
        return None
    detected, confidence, words = detect_language(text)
    if detected is None:
        return None
    weak = weak_languages(text)
    if detected in weak and confidence < SWITCH_CONFIDENCE:
        at_ease = [lang for lang in SUPPORTED if lang not in weak]
        return at_ease[0] if current is None and at_ease else None
    if current is None:
        return detected if confidence >= FIRST_MESSAGE_CONFIDENCE or words >= 3 else None
    if detected != current and confidence >= SWITCH_CONFIDENCE and words >= SWITCH_MIN_WORDS:
        return detected
    return None


class ValidateSlotMappings(CentreSlot, ValidationAction):
    """Fills the `language` and `language_chosen` slots (custom mappings) on every user turn, and the
    `centre` slot (`CentreSlot`)."""

    async def extract_language_chosen(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {}  # set together with `language` by extract_language

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Fill the slots, then count the message for the figures (the one action every message runs)."""
        events = await super().run(dispatcher, tracker, domain)
        chosen = next((e["value"] for e in events if e.get("event") == "slot" and e.get("name") == "language"), None)
        figures.report_for(tracker, *figures.turn_events(tracker, chosen or language_of(tracker)))
        return events

    async def extract_language(  # Rasa calls extract_<slot> for each slot with a custom mapping
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        current = tracker.get_slot("language")
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        text = message.get("text") or ""
        if intent == "change_language":
            requested = requested_language(tracker, current or DEFAULT_LANGUAGE)
            # "I speak little french" and "french lessons" ask for no French
            if requested not in weak_languages(text) | studied_languages(text):
                return {"language": requested, "language_chosen": True}
        page = page_language(message) if current is None else None
        if page is not None:  # the page's language stands as if the conversation were already in it
            chosen = choose_language(page, text, bool(tracker.get_slot("language_chosen"))) or page
        else:
            chosen = choose_language(current, text, bool(tracker.get_slot("language_chosen")))
        return {} if chosen is None or chosen == current else {"language": chosen}


def page_language(message: dict[str, Any]) -> str | None:
    """The language the visitor chose on the page (the widget's `metadata.language`), when it is not the
    default: a new conversation starts in it unless its first message is a whole sentence clearly in another
    language (lingua reads "hola" and "ok" as English). The default needs no setting: an unset slot is the
    default, and the first messages are detected as they always were."""
    metadata = message.get("metadata") or {}
    value = metadata.get("language") if isinstance(metadata, dict) else None
    return value if is_language(value) and value != DEFAULT else None


def language_of(tracker: Tracker) -> str:
    """The language to answer in for this conversation."""
    return or_default(tracker.get_slot("language"))
