"""Street addresses, with the postcode and city that follow them.

Three orders are read: French ("12 rue des Lilas, 69003 Lyon"), English ("221B Baker Street, London
NW1 6XE") and Belgian or Swiss ("Rue de la Loi 16, 1000 Bruxelles"), which is also the Spanish, Italian
and Portuguese order ("calle de Alcala 45", "via roma 12", "rua das Flores, 5"): the street types of those
languages come from `privacy/languages/*.yml` (`cues.py`). A house number is always required: "je suis
à la rue" and "j'habite à Lyon" stay. Street types that are also everyday words ("place", "cours",
"route", "close", "court", "piazza") need a capitalised street name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy import cues
from privacy.spans import ADDRESS, PiiSpan
from privacy.tokens import Token, same_line, tokenize
from privacy.words import STOPWORDS, folded, word_set

FR_TYPES = word_set("rue avenue av bd boulevard blvd impasse allee quai faubourg fbg chaussee ruelle chemin")
FR_TYPES_AMBIGUOUS = word_set(
    "place pl cours route rte voie sentier square passage villa residence lotissement hameau esplanade "
    "promenade parvis montee traverse"
)
# The other languages' street types. They come before the name and the number follows, sometimes after
# a comma ("rua das Flores, 5"); written first in the French order ("3 via mail") they need a capital.
OTHER_TYPES = cues.words("addresses", "street_types")
OTHER_TYPES_AMBIGUOUS = cues.words("addresses", "street_types_capital") - OTHER_TYPES
# "c/ mayor 12", "av. da Liberdade 3": abbreviations followed by a slash or a full stop.
_ABBREVIATIONS = cues.words("addresses", "abbreviations")
_POSTCODES = cues.postcodes()
# "nº 12", "n. 45", "num 3" between a street name and its number ("nº" folds to "no").
_NUMBER_MARKS = cues.words("addresses", "number_marks")
EN_TYPES = word_set("street road lane avenue boulevard")
EN_TYPES_AMBIGUOUS = word_set(
    "st rd ave ln drive dr way close court ct crescent place pl terrace gardens grove square row mews hill "
    "park walk parade green"
)
_CONNECTORS = word_set("de du des la le les l' d' aux au sur sous of the saint sainte st") | cues.words(
    "addresses", "connectors"
)
# Plural nouns that follow a number without being a street name ("2 years street food experience").
_QUANTITIES = word_set(
    "years months weeks days hours minutes times euros pounds dollars km miles kids children people jobs "
    "ans mois semaines jours heures fois enfants personnes"
) | cues.words("addresses", "quantities")
_HOUSE_NUMBER = re.compile(r"^\d{1,4}(?:bis|ter|quater|[a-dA-D])?$", re.IGNORECASE)
_NUMBER_SUFFIX = word_set("bis ter quater a b c d")
_UK_OUTWARD = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_UK_INWARD = re.compile(r"^\d[A-Z]{2}$")
_MAX_NAME_WORDS = 5


def find(text: str) -> Iterator[PiiSpan]:
    if not any(ch.isdigit() for ch in text):
        return
    tokens = tokenize(text)
    i = 0
    while i < len(tokens):
        end = _number_first(text, tokens, i) or _type_first(text, tokens, i)
        if end:
            yield PiiSpan(tokens[i].start, tokens[end - 1].end, ADDRESS)
            i = end
        else:
            i += 1


def _number_first(text: str, tokens: list[Token], i: int) -> int:
    """Index after the address starting with a house number at i, or 0."""
    if not _HOUSE_NUMBER.match(tokens[i].text):
        return 0
    j = i + 1
    if j < len(tokens) and tokens[j].lower in _NUMBER_SUFFIX and not tokens[j].is_capitalised:
        j += 1
    if j < len(tokens) and tokens[j].text == ",":
        j += 1
    if j >= len(tokens) or not same_line(text, tokens[i], tokens[j]):
        return 0
    kind = folded(tokens[j].text)
    if kind in FR_TYPES or kind in FR_TYPES_AMBIGUOUS or kind in OTHER_TYPES or kind in OTHER_TYPES_AMBIGUOUS:
        k = j + 1
        if k < len(tokens) and tokens[k].text == "." and kind in ("av", "bd", "pl", "rte", "fbg"):
            k += 1
        name_end = _street_name(text, tokens, k, capital=kind not in FR_TYPES)
        if name_end:
            return _tail(text, tokens, name_end)
    for words in (1, 2, 3):
        k = j + words
        if k >= len(tokens):
            break
        kind = folded(tokens[k].text)
        is_type = kind in EN_TYPES or (kind in EN_TYPES_AMBIGUOUS and tokens[k].is_capitalised)
        # "42 oak road" may be typed in lower case; "Oak Road" or an ambiguous type needs capitals.
        capital = kind not in EN_TYPES or not tokens[k].text.islower()
        if is_type and _english_street_words(tokens[j:k], capital=capital):
            end = k + 1
            if end < len(tokens) and tokens[end].text == "." and kind in ("st", "rd", "ave", "ln", "dr"):
                end += 1
            return _tail(text, tokens, end)
    return 0


def _type_first(text: str, tokens: list[Token], i: int) -> int:
    """Index after an address written type, name, number ("Rue de la Loi 16", "via roma 12", "c/ mayor
    12", "rua das Flores, 5") starting at i, or 0."""
    kind = folded(tokens[i].text)
    other = kind in OTHER_TYPES or kind in OTHER_TYPES_AMBIGUOUS or kind in _ABBREVIATIONS
    first = i + 1
    if kind in _ABBREVIATIONS and not (kind in OTHER_TYPES or kind in OTHER_TYPES_AMBIGUOUS):
        if first >= len(tokens) or tokens[first].text not in "/." or tokens[first].start != tokens[i].end:
            return 0
        first += 1
    ambiguous = kind in FR_TYPES_AMBIGUOUS or kind in OTHER_TYPES_AMBIGUOUS
    plain = kind in FR_TYPES or kind in OTHER_TYPES or kind in _ABBREVIATIONS
    # "corso Vittorio Emanuele 154": the other languages' ambiguous types may be typed in lower case, the
    # capitalised name and the number that follows are the evidence.
    if not (plain or (ambiguous and (tokens[i].is_capitalised or other))):
        return 0
    if other and kind in OTHER_TYPES_AMBIGUOUS:
        ambiguous = True
    name_end = _street_name(text, tokens, first, capital=ambiguous)
    if other and name_end:
        name_end = _number_mark(tokens, name_end, first)
    if not name_end or name_end >= len(tokens) or not _HOUSE_NUMBER.match(tokens[name_end].text):
        return 0
    if other and name_end + 1 < len(tokens) and folded(tokens[name_end + 1].text) in _QUANTITIES:
        return 0  # "via France Travail 3 fois": a count, not a house number
    end = name_end + 1
    if end < len(tokens) and tokens[end].lower in ("bis", "ter"):
        end += 1
    return _tail(text, tokens, end)


def _number_mark(tokens: list[Token], name_end: int, first: int) -> int:
    """Where the house number should be after a street name of another language: past a comma ("rua das
    Flores, 5") and a number sign ("nº 12", "n. 45", "n.º 210"); a one-letter "n" the street name took
    is given back."""
    k = name_end
    if k - 1 > first and folded(tokens[k - 1].text) in _NUMBER_MARKS:
        k -= 1
    if k < len(tokens) and tokens[k].text == ",":
        k += 1
    if k < len(tokens) and folded(tokens[k].text) in _NUMBER_MARKS:
        mark = k + 1
        while mark < len(tokens) and tokens[mark].text in ".ºª°":
            mark += 1
        if mark < len(tokens) and _HOUSE_NUMBER.match(tokens[mark].text):
            return mark
    if k < len(tokens) and _HOUSE_NUMBER.match(tokens[k].text):
        return k
    return name_end


def _street_name(text: str, tokens: list[Token], j: int, capital: bool) -> int:
    """Index after the street name starting at j ("des Lilas", "jean jaurès", "de la Liberté"), or 0."""
    k, words, last_word = j, 0, 0
    while k < len(tokens) and words < _MAX_NAME_WORDS and same_line(text, tokens[k - 1], tokens[k]):
        token, lower = tokens[k], folded(tokens[k].text)
        if lower in _CONNECTORS:
            k += 1
            continue
        if not token.is_word or (lower in STOPWORDS and not token.is_capitalised):
            break
        if words == 0 and capital and not _capitalised_name(token):
            return 0
        words += 1
        k += 1
        last_word = k
    return last_word


def _capitalised_name(token: Token) -> bool:
    text = token.text.split("'")[-1].split("’")[-1]
    return bool(text) and text[0].isupper()


def _english_street_words(words: list[Token], capital: bool) -> bool:
    for token in words:
        lower = folded(token.text)
        if not token.is_word or lower in STOPWORDS or lower in _QUANTITIES:
            return False
        if capital and not token.is_capitalised:
            return False
    return True


def _tail(text: str, tokens: list[Token], end: int) -> int:
    """Extend an address over a following postcode and city ("69003 Lyon", "London NW1 6XE") or a
    city that closes the sentence after a comma ("77 Station Road, Cambridge")."""
    k = end
    if k < len(tokens) and tokens[k].text == ",":
        k += 1
    if k >= len(tokens) or not same_line(text, tokens[end - 1], tokens[k]):
        return end
    token = tokens[k]
    if _POSTCODES.fullmatch(token.text):
        return _city(text, tokens, k + 1, capital=False) or k + 1
    if token.is_number and len(token.text) in (4, 5):
        city_end = _city(text, tokens, k + 1, capital=False)
        if city_end:
            return city_end
        return k + 1 if len(token.text) == 5 else end
    if _uk_postcode(tokens, k):
        return k + 2
    if token.is_capitalised:
        city_end = _city(text, tokens, k, capital=True)
        if city_end:
            if _uk_postcode(tokens, city_end):
                return city_end + 2
            if city_end == len(tokens) or tokens[city_end].text in ".,;!?)":
                return city_end
    return end


def _city(text: str, tokens: list[Token], k: int, capital: bool) -> int:
    """Index after a city name of up to three words at k (0 if none). After a postcode the first word
    may be in lower case ("13001 marseille"); the next ones are capitalised ("Saint Denis"), so that
    "75008 Paris c'est mon adresse" stops at "Paris"."""
    start = k
    while k < len(tokens) and k - start < 3 and same_line(text, tokens[k - 1], tokens[k]):
        token = tokens[k]
        lower = folded(token.text)
        if not token.is_word or lower in STOPWORDS or "'" in lower:
            break
        if (capital or k > start) and not token.is_capitalised:
            break
        k += 1
    return k if k > start else 0


def _uk_postcode(tokens: list[Token], k: int) -> bool:
    return (
        k + 1 < len(tokens) and bool(_UK_OUTWARD.match(tokens[k].text)) and bool(_UK_INWARD.match(tokens[k + 1].text))
    )
