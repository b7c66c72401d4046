"""E-mail addresses, web addresses and social-media handles."""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy import cues
from privacy.public_sites import is_public_site
from privacy.spans import EMAIL, URL, PiiSpan
from privacy.text import narrow

# Top-level domains a visitor's address ends with; a closed list keeps "me @home.now" out.
_TLDS = (
    r"(?:com|fr|be|ch|es|it|pt|uk|org|net|io|eu|info|me|co|de|lu|ca|dev|app|site|online|tv|ly|gl|gg|page|link|"
    r"ma|dz|tn|sn|ci|cm|re|mq|gp|nc|pf|edu|gov|gouv|biz|email|mail|pro)"
)
# "@" and the ways of writing it that dodge a pattern: "(at)", "[arobase]", "{at}", "(a)", spaced, or the
# word itself. The words "at" and "chez" are also everyday words, so they count only before a mail provider
# or after a local part that has a separator (see `_spelled_email`).
# The other languages' words for "@" and "." ("arroba", "chiocciola", "punto", "ponto") come from
# `privacy/languages/*.yml`.
_AT_WORDS = "|".join(["arobase", "arobas", *sorted(cues.words("email", "at"))])
_DOT_WORDS = "|".join(["dot", "point", *sorted(cues.words("email", "dot"))])
_AT_SIGN = rf"\s*@\s*|\s*[(\[{{<]\s*(?:at|a|@|{_AT_WORDS})\s*[)\]}}>]\s*|\s+(?:{_AT_WORDS})\s+"
_AT_WORD = r"\s+(?:at|chez)\s+"
# "." and its disguises: "(dot)", "[.]", " point ", " dot ", a dot with spaces around it.
_DOT = rf"\s*[(\[{{<]\s*(?:{_DOT_WORDS}|\.)\s*[)\]}}>]\s*|\s+(?:{_DOT_WORDS})\s+"
# Inside the local part: a dot (spaced only on both sides, so "Merci. jean@x.fr" keeps "Merci"), "_" or
# "-", spelt out or not.
_LOCAL_SEP = rf"\.|\s+\.\s+|{_DOT}|\s+(?:underscore|tiret\s+(?:du\s+)?bas)\s+|\s+(?:tiret|dash|hyphen)\s+"
# Inside the domain a dot may carry a space on one side ("laposte .net") or be a typo'd comma ("gmail,com");
# a comma with a space is the end of the address.
_DOMAIN_SEP = rf"\s*\.\s*|,|{_DOT}"
_LOCAL = rf"(?<![\w.+\-])[\w+\-]{{1,64}}(?:(?:{_LOCAL_SEP})[\w+\-]{{1,64}}){{0,6}}"
_DOMAIN = rf"[\w\-]{{1,63}}(?:(?:{_DOMAIN_SEP})[\w\-]{{1,63}}){{0,6}}(?:{_DOMAIN_SEP}){_TLDS}(?![\w\-])"
_EMAIL = re.compile(rf"(?P<local>{_LOCAL})(?:{_AT_SIGN})(?P<domain>{_DOMAIN})", re.IGNORECASE)
_EMAIL_AT_WORD = re.compile(rf"(?P<local>{_LOCAL})(?:{_AT_WORD})(?P<domain>{_DOMAIN})", re.IGNORECASE)
_MAIL_PROVIDERS = (
    r"gmail|googlemail|hotmail|yahoo|outlook|live|msn|icloud|proton(?:mail)?|laposte|orange|wanadoo|free|sfr|"
    r"neuf|bbox|aol|gmx|yandex|zoho|" + "|".join(sorted(cues.words("email", "providers")))
)
_PROVIDER_DOMAIN = re.compile(rf"^(?:{_MAIL_PROVIDERS})\b", re.IGNORECASE)
_LOCAL_HAS_SEPARATOR = re.compile(r"[._\-\d]|\s", re.IGNORECASE)
_MAIL_WORDS = re.compile(rf"@|\b(?:at|chez|{_AT_WORDS})\b|[(\[{{<]\s*a\s*[)\]}}>]", re.IGNORECASE)
_SCHEME_URL = re.compile(r"(?<![\w@])(?:https?://|ftp://|www\.)[^\s<>\"'{}|\\^`]{1,2000}", re.IGNORECASE)
# A bare domain with a common top-level domain ("linkedin.com/in/x", "monsite.fr").
_BARE_URL = re.compile(
    r"(?<![\w@.\-/])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.){1,5}"
    r"(?:com|fr|be|ch|es|it|pt|uk|org|net|io|eu|info|me|co|de|lu|ca|dev|app|site|online|tv|ly|gl|gg|page|link)"
    r"(?![\w\-])(?:/[^\s<>\"'{}|\\^`]{0,2000})?",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@.\-/])@(?=[\w.]*[^\W\d_])[\w](?:[\w.]{0,28}[\w])?(?![\w@])")
# "mon snap c'est marie.d92", "mon gmail c'est thomas.girard75": a handle without its "@", recognised by
# the network or the mail provider named just before it.
_NAMED_HANDLE = (
    r"\s*(?::|=|->|c'est|c’est|c est|est|is|it's|:)?\s*"
    r"(?P<handle>(?=[\w.]*[\d_.])[\w][\w.]{1,28}[\w])(?![\w@])"
)
_NETWORK_HANDLE = re.compile(
    r"\b(?:insta(?:gram)?|snap(?:chat)?|tiktok|twitter|facebook|fb|discord|telegram|github|gitlab|"
    r"twitch|youtube|linkedin|skype|threads|bluesky|mastodon)\b" + _NAMED_HANDLE,
    re.IGNORECASE,
)
_MAILBOX_HANDLE = re.compile(r"\b(?:gmail|hotmail|yahoo|outlook|icloud|protonmail)\b" + _NAMED_HANDLE, re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"»>"


def find(text: str) -> Iterator[PiiSpan]:
    text = narrow(text)
    yield from _emails(text)
    if "." in text:
        for pattern in (_SCHEME_URL, _BARE_URL):
            for match in pattern.finditer(text):
                end = match.end()
                while end > match.start() and text[end - 1] in _TRAILING:
                    end -= 1
                if not is_public_site(text[match.start() : end]):
                    yield PiiSpan(match.start(), end, URL)
    if "@" in text:
        for match in _HANDLE.finditer(text):
            yield PiiSpan(match.start(), match.end(), URL)
    for pattern, kind in ((_NETWORK_HANDLE, URL), (_MAILBOX_HANDLE, EMAIL)):
        for match in pattern.finditer(text):
            yield PiiSpan(match.start("handle"), match.end("handle"), kind)


def _emails(text: str) -> Iterator[PiiSpan]:
    """Addresses written plainly or spelt out ("karim point benali arobase gmail point com")."""
    if not _MAIL_WORDS.search(text):
        return
    for match in _EMAIL.finditer(text):
        yield PiiSpan(match.start(), match.end(), EMAIL)
    for match in _EMAIL_AT_WORD.finditer(text):
        if _spelled_email(match):
            yield PiiSpan(match.start(), match.end(), EMAIL)


def _spelled_email(match: re.Match[str]) -> bool:
    """ "at" and "chez" make an address only before a mail provider ("aicha.t chez gmail point com") or
    after a local part with a separator or a digit ("tom.baker at ..."): "apply at indeed.com" and "inscrit
    chez openclassrooms.com" are a job board and a school."""
    return bool(_PROVIDER_DOMAIN.match(match["domain"]) or _LOCAL_HAS_SEPARATOR.search(match["local"]))
