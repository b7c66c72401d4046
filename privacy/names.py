"""People's names, from cue phrases (French and English) and from spaCy's French entity recogniser.

Cue phrases come first because they are reliable in both languages and in lower case: after "je
m'appelle", "my name is", "Mme" or "Mr" the next words are a name even when typed "karim benali". The
recogniser finds the names no cue announces ("J'ai parlé avec Isabelle Chevalier"), but on chat text it
also reads greetings, organisations, diplomas and weekdays as people, so its findings are trimmed and
filtered: a name here is one or more capitalised words, none of them a known non-person word, and not
the name of a school, street or hospital ("lycée Jean Moulin").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from privacy import cues, lexicon, model
from privacy.spans import NAME, PiiSpan
from privacy.tokens import Token, index_at, same_line, tokenize
from privacy.words import (
    CHAT_WORDS,
    GREETINGS,
    LONG_TITLES,
    NAME_PARTICLES,
    NOT_NAME_AFTER_I_AM,
    NOT_NAME_CONTINUATION,
    NOT_PEOPLE,
    NOT_PEOPLE_PHRASES,
    SHORT_TITLES,
    STOPWORDS,
    folded,
    word_set,
)

_I = re.IGNORECASE
_RELATIVES = (
    r"fils|fille|mari|femme|[ée]pou(?:x|se)|conjointe?|compagnon|compagne|copain|copine|amie?|fr[èe]re|"
    r"s(?:œ|oe)ur|p[èe]re|m[èe]re|neveu|ni[èe]ce|cousine?|coll[èe]gue|patron(?:ne)?|cheff?e?|manager|"
    r"conseill[eè]re?|r[ée]f[ée]rente?|tut(?:eur|rice)|son|daughter|husband|wife|partner|boyfriend|"
    r"girlfriend|brother|sister|friend|boss|colleague|advi[sz]er|advisor|counsell?or|mum|mom|dad|"
    r"father|mother|nephew|niece|cousin|tutor|mentor"
)
# A cue, then the name. Strong cues accept a name typed in lower case; weak ones need a capital.
_STRONG_CUES = re.compile(
    r"\bje\s*m['’ ]\s*appel+e\b|\bj['’]?\s*m['’ ]\s*appel+e\b|\bj(?:e|['’])?\s*m['’ ]?\s*ap+el+e?s?\b"
    r"|\bje\s+me\s+nomme\b"
    r"|\bmon\s+(?:nom|pr[ée]nom)(?:\s+de\s+famille)?\s*(?:est|c['’ ]?\s*est|:|=)"
    r"|\b(?:nom|pr[ée]nom|nom\s+de\s+famille|nom\s+complet|name|first\s+name|last\s+name|surname|full\s+name)\s*:"
    rf"|\b(?:il|elle|{_RELATIVES})\s+s['’]appel+e\b"
    r"|\bmy\s+(?:full\s+|first\s+|last\s+|sur)?name\s*(?:is|:)|\bmy\s+name['’]s\b|\bname['’]s\b"
    r"|\bi['’]?m\s+called\b|\bi\s+am\s+called\b|\bcall\s+me\b|\bsign[ée]e?\b\s*:?",
    _I,
)
_WEAK_CUES = re.compile(
    r"\bje\s+suis\b|\bi['’]?m\b|\bi\s+am\b|\bici\b|\bc['’ ]\s*est(?:\s+encore)?(?:\s+moi\s*,?)?|\bthis\s+is\b"
    r"|\bpr[ée]nom\b|\bmoi\s*,|\bhere\s+is\b|\bcontact\s*:"
    rf"|\b(?:mon|ma|my|notre|our)\s+(?:{_RELATIVES})\b\s*,?",
    _I,
)
# Chat-style introductions. The word after them is a name when capitalised, or when typed in lower case
# and neither a French nor an English word ("jsuis karim" but "jsuis perdue", "im aisha" but "im tired").
_CHAT_CUES = re.compile(
    r"\bj['’ ]?\s*suis\b|\bje\s+suis\b|\bchuis\b|\b(?:c|c['’]\s*est|c\s+est|cé)\s+moi\b"
    r"|\bmoi\s*,?\s*(?:c['’]\s*est|c\s+est|cé|c)(?!\w)|\bici\b|\bc['’]\s*est\b"
    r"|\bi['’]?\s?m\b|\bi\s*am\b|\bit['’]?s(?:\s+me)?\b|\bthis\s+is\b|\bnames\b|\bname\s+is\b"
    rf"|\b(?:my|mon|ma)\s+(?:{_RELATIVES})\s+(?:is|est|c['’]\s*est)\b",
    _I,
)
_SIGN_OFFS = re.compile(
    r"\b(?:bien\s+)?cordialement|\bbien\s+[àa]\s+vous|\bsalutations(?:\s+distingu[ée]es)?"
    r"|\bbonne\s+(?:journ[ée]e|soir[ée]e|fin\s+de\s+journ[ée]e|continuation)|\bmerci(?:\s+(?:beaucoup|d['’]avance|encore|bien))?"
    r"|\b[àa]\s+bient[ôo]t|\bbises|\b(?:best|kind|warm)\s+regards|\bregards|\bbest\s+wishes|\b(?:yours\s+)?sincerely"
    r"|\bmany\s+thanks|\bthanks(?:\s+a\s+lot)?|\bthank\s+you|\bcheers|\bbye|\btake\s+care",
    _I,
)
# "mme durand" is typed in lower case; "dr", "pr", "prof" and "M." need a capital after them
# ("mon prof principal", "10 a.m.").
_SHORT_TITLE = re.compile(r"\b(?:mme|mlle|mr|mrs|ms)\b\.?", _I)
_SHORT_TITLE_CAPITAL = re.compile(r"\b(?:dr|pr|prof)\b\.?|(?<![\w.])M\.(?=\s)", _I)
_LOWERCASE_TITLES = frozenset({"madame", "mademoiselle", "monsieur"})
_LONG_TITLE = re.compile(r"\b(?:madame|mademoiselle|monsieur|docteur|professeur|ma[îi]tre|miss|sir|lady)\b", _I)
# Words before a capitalised name that make it the name of a place or an institution.
_PLACE_WORDS = cues.words("names", "place_words") | word_set(
    "lycée collège école université fac faculté institut iut hôpital clinique rue avenue boulevard place "
    "quai allée stade gare station métro centre campus musée salle théâtre résidence square parc pont "
    "école school college university hospital street road avenue station "
    # a capitalised word after these is the title of an event or a course: "atelier Parler en public"
    "atelier ateliers workshop formation module session stage salon forum conférence réunion "
    # ... or of a scheme, a law or a product: "dispositif Pro-A", "loi Rixain", "logiciel Pix"
    "dispositif programme plateforme label certification certificat loi logiciel application appli site"
)
# Words that never start or continue a name, whatever their case.
NOT_A_NAME = (
    STOPWORDS
    | GREETINGS
    | NOT_NAME_CONTINUATION
    | NOT_NAME_AFTER_I_AM
    | word_set(
        "back later tomorrow asap now soon today tonight yesterday maybe beaucoup bien encore infiniment bcp "
        "whenever anytime anyway once before after instead first "
        "hier demain aujourd'hui matin soir "
        "bonne bon belle au revoir see you again best kind warm regards sincerely yours "
        # field labels of a form pasted into the chat
        "nom prénom name surname adresse address tel tél téléphone phone mobile portable email mail "
        "contact âge age date né née numéro number n° code"
    )
)
_MAX_WORDS = 4
# Capitalised words of the other languages' messages that are not people (jobs, places, organisations),
# and their function words, which the French model sometimes takes into a name ("Sono Matteo").
_OTHER_NOT_PEOPLE = cues.words("names", "not_people") | cues.words("names", "place_words")
_OTHER_FUNCTION_WORDS = (
    cues.words("names", "not_name") | frozenset().union(*(lang.function_words for lang in cues.languages()))
) - NAME_PARTICLES


@dataclass(frozen=True)
class _LanguageCues:
    """The name cues of one language of `privacy/languages/`, compiled once."""

    introductions: re.Pattern[str]
    chat: re.Pattern[str]
    titles: re.Pattern[str]
    titles_capital: re.Pattern[str]
    sign_offs: re.Pattern[str]
    # Words that end a name typed in lower case after this language's cues ("me llamo pedro tengo ...").
    stop: frozenset[str]
    lexicon: str | None
    function_words: frozenset[str]


def _language_cues(language: cues.Language) -> _LanguageCues:
    def pattern(key: str) -> re.Pattern[str]:
        return cues.compiled(language.phrases("names", key))

    return _LanguageCues(
        introductions=pattern("introductions"),
        chat=pattern("chat"),
        titles=pattern("titles"),
        titles_capital=pattern("titles_capital"),
        sign_offs=pattern("sign_offs"),
        stop=language.words("names", "not_name") | language.words("names", "sign_offs"),
        lexicon=language.lexicon,
        function_words=language.function_words,
    )


_LANGUAGES = tuple(_language_cues(language) for language in cues.languages())
# "m'a", "j'ai", "qu'il": a pronoun or article with its verb, never part of a name typed in lower case.
_ELIDED = re.compile(r"^(?:[cdjlmnst]|qu)'")
# After these a capitalised word is an employer or a shop, not a person ("chez Burger King").
_EMPLOYER_WORDS = frozenset({"chez", "at"})
_CONJUNCTIONS = frozenset({"ou", "et", "or", "and", ",", "&"})
# What precedes the first word of a sentence, a list item or a quotation.
_SENTENCE_BREAKS = frozenset('.!?:;()[]«»"“”*•-–—#>')
# Brand names written in camel case ("FranceConnect", "LinkedIn", "CléA"), unlike "McDonald" or "LeBlanc".
_CAMEL_CASE = re.compile(r"^(?!(?:Mc|Mac|De|Le|La|Di|Da|Van|Von|O')[A-Z])[A-Z]?[^A-Z\s]*[a-zà-ÿ][A-Z]")
# "Pro-A", "Bac-S": a one-letter part is a code, where "Jean-Pierre" has two names.
_ONE_LETTER_PART = re.compile(r"(?:^|-)[^\W\d_](?:-|$)")
# Function words that tell English text from French: the French model's guesses on English are noise.
_ENGLISH = word_set("the and i i'm is are was my you your to of for with have has want would it this that what how")
_FRENCH = word_set(
    "le la les et je j' est suis mon ma mes vous pour avec de des du un une que qui à au en il elle ce pas"
)


def find(text: str) -> Iterator[PiiSpan]:
    tokens = tokenize(text)
    if not tokens:
        return
    for pattern, lower_ok, unknown_word in (
        (_STRONG_CUES, True, False),
        (_WEAK_CUES, False, True),
        (_CHAT_CUES, True, True),
        (_SHORT_TITLE, True, False),
        (_SHORT_TITLE_CAPITAL, False, False),
    ):
        for cue in pattern.finditer(text):
            yield from _name_after(text, tokens, cue.end(), lower_ok, unknown_word)
    for cue in _LONG_TITLE.finditer(text):
        yield from _name_after(text, tokens, cue.end(), folded(cue.group()) in _LOWERCASE_TITLES)
    for cue in _SIGN_OFFS.finditer(text):
        yield from _signature(text, tokens, cue.end())
    for language in _LANGUAGES:
        for pattern, lower_ok, unknown_word in (
            (language.introductions, True, False),
            (language.chat, True, True),
            (language.titles, True, False),
            (language.titles_capital, False, False),
        ):
            for cue in pattern.finditer(text):
                yield from _name_after(text, tokens, cue.end(), lower_ok, unknown_word, language)
        for cue in language.sign_offs.finditer(text):
            yield from _signature(text, tokens, cue.end(), language.stop)
    yield from _recognised(text, tokens)


def _name_after(
    text: str,
    tokens: list[Token],
    offset: int,
    lower_ok: bool,
    unknown_word: bool = False,
    language: _LanguageCues | None = None,
) -> Iterator[PiiSpan]:
    """The name right after a cue. With `unknown_word`, a name typed in lower case must open with a word
    no dictionary knows, and a word in capitals is an acronym ("je suis RQTH"). A cue of another
    language (`language`) also stops at that language's function words and asks its dictionary too."""
    i = index_at(tokens, offset)
    while i < len(tokens) and tokens[i].text in ":,-–" and tokens[i].start - offset < 4:
        i += 1
    if unknown_word and i < len(tokens) and not _unknown_or_capitalised(tokens[i], language):
        return
    end = _take_name(text, tokens, i, lower_ok, language.stop if language else frozenset())
    if unknown_word and language is not None and _everyday_words(tokens[i:end], language):
        return  # "sono Operatore Socio Sanitario", "sou Técnica de Farmácia": a job, capitalised
    if end > i:
        yield PiiSpan(tokens[i].start, tokens[end - 1].end, NAME)


def _everyday_words(words: list[Token], language: _LanguageCues) -> bool:
    """Two or more capitalised words after a chat introduction, all of them words of its language (or
    particles): a job title or a place written with capitals, not a name. One word stays a name ("soy
    Rosa"), since dictionaries list many first names as words."""
    table = language.lexicon
    content = [word for word in words if folded(word.text) not in NAME_PARTICLES]
    return bool(table) and len(content) >= 2 and all(lexicon.in_table(word.text, table) for word in content)


def _take_name(text: str, tokens: list[Token], i: int, lower_ok: bool, stop: frozenset[str] = frozenset()) -> int:
    """Index after the name that starts at token i (i itself when there is none); `stop` holds words that
    are never part of it."""
    if i >= len(tokens) or not (_is_initial(tokens, i) or _name_word(tokens[i], lower_ok, stop)):
        return i
    lowercase = not tokens[i].is_capitalised
    end = i + 2 if _is_initial(tokens, i) else i + 1
    while end < len(tokens) and end - i < _MAX_WORDS + 2 and _joined(text, tokens[end - 1], tokens[end]):
        token = tokens[end]
        if _is_initial(tokens, end):
            end += 2
            continue
        if folded(token.text) in NAME_PARTICLES and end + 1 < len(tokens) and not token.is_capitalised:
            following = tokens[end + 1]
            if (
                _joined(text, token, following)
                and _name_word(following, lowercase, stop)
                and (following.is_capitalised or lowercase)
            ):
                end += 2
                continue
        if _name_word(token, lowercase, stop) and (token.is_capitalised or lowercase):
            end += 1
            continue
        break
    return end


def _unknown_or_capitalised(token: Token, language: _LanguageCues | None = None) -> bool:
    if token.text.isupper() and len(token.text) > 1:
        return False
    word = folded(token.text)
    parts = re.split(r"[-']", word)
    if language is not None and language.lexicon:
        table = language.lexicon

        def is_word(part: str) -> bool:
            return lexicon.is_word_in(part, table)

    else:
        is_word = lexicon.is_word
    known = is_word(word) or all(is_word(part) for part in parts)  # "auto-entrepreneur", "jusqu'a"
    if language is not None and word in language.stop:
        known = True
    # A mistyped everyday word ("i am refujee") is a word, not a name, in French and English; the other
    # languages' cues keep to their own tables.
    if not known and language is None and not token.is_capitalised:
        known = lexicon.misspelt(word)
    return token.is_capitalised or (word not in CHAT_WORDS and not known)


def _is_initial(tokens: list[Token], k: int) -> bool:
    """Token k is the initial of a name: one capital letter and a full stop ("J. Smith", "Marie B.")."""
    token = tokens[k]
    return (
        len(token.text) == 1
        and token.text.isupper()
        and k + 1 < len(tokens)
        and tokens[k + 1].text == "."
        and tokens[k + 1].start == token.end
    )


def _name_word(token: Token, lower_ok: bool, stop: frozenset[str] = frozenset()) -> bool:
    if not token.is_word or (len(token.text) < 2 and not token.text.isupper()):
        return False
    word = folded(token.text)
    if word in NOT_PEOPLE or word in _OTHER_NOT_PEOPLE or word in SHORT_TITLES or word in LONG_TITLES or word in stop:
        return False
    if token.is_capitalised:
        return word not in STOPWORDS and word not in NOT_A_NAME
    return (
        lower_ok
        and word not in NOT_A_NAME
        and word not in CHAT_WORDS
        and not word.endswith("ing")
        and not _ELIDED.match(word)
    )


def _joined(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end : right.start]
    return bool(gap) and gap.isspace() and "\n" not in gap


def _signature(text: str, tokens: list[Token], offset: int, stop: frozenset[str] = frozenset()) -> Iterator[PiiSpan]:
    """A name after a sign-off: capitalised anywhere ("Cordialement, Nathalie Blanc", "merci. Camille"),
    or in lower case when it closes the message ("thanks, tom")."""
    i = index_at(tokens, offset)
    while i < len(tokens) and tokens[i].text in ",.!:-–" and tokens[i].start - offset < 6:
        i += 1
    if i >= len(tokens) or (i > 0 and not same_line(text, tokens[i - 1], tokens[i]) and tokens[i].start - offset > 6):
        return
    end = _take_name(text, tokens, i, lower_ok=True, stop=stop)
    if end == i:
        return
    closes = all(not token.is_word for token in tokens[end:])
    if tokens[i].is_capitalised or closes:
        yield PiiSpan(tokens[i].start, tokens[end - 1].end, NAME)


def _recognised(text: str, tokens: list[Token]) -> Iterator[PiiSpan]:
    """The model's PER entities, trimmed to their capitalised name words and filtered."""
    english = _looks_english(tokens)
    if not _worth_asking_model(tokens, english):
        return
    # Asked only now, since it may have to load the other languages' word lists.
    foreign = _foreign_function_words(tokens)
    if not english and _other_language(tokens) is not None:
        english = foreign = True
        if not _worth_asking_model(tokens, english):
            return
    found = model.entities(text)
    others = [(start, end) for start, end, label in found if label != "PER"]
    for start, end, label in found:
        if label != "PER":
            continue
        first, last = index_at(tokens, start), index_at(tokens, end)
        words = tokens[first:last]
        while words and not _recognised_word(words[0]):
            words = words[1:]
        while words and not _recognised_word(words[-1]):
            words = words[:-1]
        if foreign and words and any(_everyday_words(words, language) for language in _LANGUAGES):
            continue  # "Operatore Socio Sanitario" in an Italian (or a mixed Spanish-Italian) message
        if words and _plausible_person(text, tokens, _without_initial_stops(words), others, english):
            yield PiiSpan(words[0].start, words[-1].end, NAME)


def _initial_letter(token: Token) -> bool:
    return len(token.text) == 1 and token.text.isupper()


def _without_initial_stops(words: list[Token]) -> list[Token]:
    """The words of a span without the full stops of its initials ("J. Smith" is "J", "Smith")."""
    return [
        word
        for index, word in enumerate(words)
        if not (word.text == "." and index and len(words[index - 1].text) == 1 and words[index - 1].text.isupper())
    ]


def _plausible_person(
    text: str, tokens: list[Token], words: list[Token], others: list[tuple[int, int]], english: bool
) -> bool:
    if not all(
        _recognised_word(word) or _initial_letter(word) or folded(word.text) in NAME_PARTICLES for word in words
    ):
        return False
    if any(_CAMEL_CASE.match(word.text) or ("-" in word.text and _ONE_LETTER_PART.search(word.text)) for word in words):
        return False
    span_text = folded(text[words[0].start : words[-1].end])
    if any(phrase in span_text for phrase in NOT_PEOPLE_PHRASES):
        return False
    if len(words) == 1 and words[0].text.isupper() and len(words[0].text) <= 5:
        return False  # an acronym: BTS, CAP, APEC
    first, last = index_at(tokens, words[0].start), index_at(tokens, words[-1].end)
    before = tokens[first - 1] if first > 0 else None
    if len(words) == 1 and words[0].text.endswith("ez"):
        return False  # a verb: "Déposez", "Vérifiez"
    if len(words) == 1 and (english or before is None or before.text in _SENTENCE_BREAKS):
        # One capitalised word opening a sentence ("Vérifiez", "Books") or in English text: the small
        # French model is wrong there more often than right; cue phrases cover the real names.
        return False
    if before is not None and _unelided(before.text) in _PLACE_WORDS:
        return False  # lycée Jean Moulin, hôpital Édouard Herriot, atelier Parler en public
    if before is not None and folded(before.text) in _EMPLOYER_WORDS:
        return False  # chez Leroy Merlin
    # "Auchan ou Intermarché": listed with an organisation or a place, it is one too.
    neighbours = []
    if first >= 2 and folded(tokens[first - 1].text) in _CONJUNCTIONS:
        neighbours.append(tokens[first - 2])
    if last + 1 < len(tokens) and folded(tokens[last].text) in _CONJUNCTIONS:
        neighbours.append(tokens[last + 1])
    return not any(start <= n.start < end for n in neighbours for start, end in others)


def _worth_asking_model(tokens: list[Token], english: bool) -> bool:
    """Whether the model could find a name that the filters below would keep: a capitalised word that
    is not a known non-name, inside a sentence or next to another one. Most messages have none, and
    skipping the model for them is most of the speed."""
    for index, token in enumerate(tokens):
        if not _recognised_word(token):
            continue
        followed = index + 1 < len(tokens) and _recognised_word(tokens[index + 1])
        opening = index == 0 or tokens[index - 1].text in _SENTENCE_BREAKS
        if followed or not (english or opening):
            return True
    return False


def _other_language(tokens: list[Token]) -> _LanguageCues | None:
    """The language of `privacy/languages/` the message is written in, if its words say so: more of them
    belong to that language's dictionary alone than to the French and English ones alone. On such text
    the French model's guesses are treated as on English ("trabajo de Jefe de Sala": "Jefe" is no one)."""
    words = [folded(token.text) for token in tokens if token.is_word and len(token.text) > 2]
    if not words:
        return None
    french_or_english = [lexicon.is_word(word) for word in words]
    best, best_margin = None, 0
    for language in _LANGUAGES:
        if not language.lexicon:
            continue
        theirs = [lexicon.in_table(word, language.lexicon) for word in words]
        only_theirs = sum(t and not f for t, f in zip(theirs, french_or_english, strict=True))
        only_ours = sum(f and not t for t, f in zip(theirs, french_or_english, strict=True))
        # Spanish, Italian and Portuguese share many words: the language with the most words of its own.
        if only_theirs > only_ours and only_theirs - only_ours > best_margin:
            best, best_margin = language, only_theirs - only_ours
    return best


def _looks_english(tokens: list[Token]) -> bool:
    """English, or another language of `privacy/languages/`: text on which the French model's one-word
    guesses are noise."""
    english = sum(token.lower in _ENGLISH for token in tokens)
    french = sum(token.lower in _FRENCH or token.lower[:2] in ("j'", "l'", "d'", "m'", "c'") for token in tokens)
    return english > french or _foreign_function_words(tokens)


def _foreign_function_words(tokens: list[Token]) -> bool:
    """More function words of one language of `privacy/languages/` than French ones."""
    french = sum(token.lower in _FRENCH or token.lower[:2] in ("j'", "l'", "d'", "m'", "c'") for token in tokens)
    return any(sum(folded(token.text) in lang.function_words for token in tokens) > french for lang in _LANGUAGES)


def _unelided(word: str) -> str:
    """The word a list entry would hold: "l'hôpital" gives "hopital", "Master's" gives "master"."""
    word = folded(word)
    if word.endswith("'s"):
        word = word[:-2]
    return word.split("'", 1)[1] if re.match(r"^[ldjmnst]'.", word) else word


def _recognised_word(token: Token) -> bool:
    word = _unelided(token.text)
    return (
        token.is_capitalised
        and word not in NOT_PEOPLE
        and word not in _OTHER_NOT_PEOPLE
        and word not in _OTHER_FUNCTION_WORDS
        and word not in NOT_A_NAME
        and word not in SHORT_TITLES
        and word not in LONG_TITLES
    )
