"""Spelling and SMS forms of a visitor's message brought to the words the classifier and the base know.

Word by word. First the SMS lexicon (`sms.yml`): forms that fuse or shorten words ("jsuis", "kom", "bcp")
are replaced by what they stand for. Then, for a word neither language knows well, symspellpy looks for a
close, much more frequent word ("formaton" -> "formation", "restaurent" -> "restaurant"); a French elision
written without its apostrophe ("lidee", "dappeler") gets it back.

Only what is confidently wrong is changed. A word is left as written when it is common in French *or* in
English, itself or as the stem it inflects (a visitor mixing the two keeps both: "I search travail in
restaurant"; "chauffeuse" and "retrained" are words, not typos), when the base, the taxonomy or the synonym
table uses it (`vocabulary.protected_words`), when it is short (an acronym, or too many neighbours to
choose from), when it is capitalised after the first word or written in capitals (a name, an acronym), and
when no word of the same first letter, one or two edits away, is far more frequent than it. A chunk of text
holding a digit, a bracket, a slash or an "@" is never touched: placeholders ("[NAME]"), numbers, codes
("K7-42"), dates, web and e-mail addresses. Among candidates, the base's own words and those of the
message's main language come first.

The dictionaries are built once per process, on first use (`Normaliser.shared()`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from symspellpy.editdistance import DistanceAlgorithm, EditDistance

from common.text import fold
from spelling.phonetic import SOUND_KEYS
from spelling.vocabulary import LANGS, Frequencies, protected_words
from spelling.written_in import unnormalised_language

LEXICON_FILE = Path(__file__).with_name("sms.yml")
Known = Callable[[str], bool]
KNOWN_ZIPF = 2.5  # a word this frequent in either language is a word, whatever a dictionary says
MARGIN_ZIPF = 1.5  # a correction must be this much more frequent (Zipf units: 1.5 is about thirty times)
CANDIDATE_ZIPF = 3.0  # words rarer than this are never written in as corrections
MIN_LENGTH = 5  # shorter words are never corrected by edit distance: too many neighbours, and acronyms ("daeu", "rqth")
# A word one letter shorter is read by its sound alone, and only when the message's language is sure (this
# many words of it, none of another): "wurk" and "lern" in an English message are "work" and "learn", while a
# four-letter acronym or a word of the other language, in a message of either, is left as written.
SURE_VOTES = 2
# A word votes for a language when it is this much more frequent there than in any other (Zipf units: 1.5 is
# about thirty times). Names of places and words both languages share ("france" 6.0 in French against 4.9
# in English, "job", "cv") vote for neither, so that "how to find wurk in germany from france" is sure English.
VOTE_MARGIN_ZIPF = 1.5
LANGUAGE_BONUS = 1.0  # Zipf units a candidate of the message's main language gains over the other's
DOMAIN_BONUS = 1.0  # Zipf units a candidate the base uses gains
ELIDED = ("qu", "j", "d", "l")  # French words whose elision visitors write without the apostrophe
# How much more common a verb must be than its fused "je" form ("jpense") for the form to be read as two words.
FUSED_MARGIN_ZIPF = 1.5
ELIDED_ZIPF = 4.0  # the word behind an elided prefix must be this common in French
# A word that sounds as typed must also be spelt within this many edits of it (or half its letters, if more),
# and be no more than this many letters longer or shorter (`Normaliser._sounding`).
SOUND_MAX_EDITS = 2
VOWELS = frozenset("aeiouyh")

_EDITS = EditDistance(DistanceAlgorithm.DAMERAU_OSA)
_CHUNK = re.compile(r"\S+")
_UNTOUCHABLE = re.compile(r"[\d\[\]@/\\<>{}|_=#]|://|^www\.|\.[a-z]{2,4}$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_APOSTROPHE = re.compile(r"['’]")
# Endings that make another word of a known one (a plural, a feminine, a past tense): "chauffeuse" is
# "chauffeur" in the feminine and "retrained" the past of "retrain", however rare on the web; neither is a
# typo of a more frequent neighbour ("chauffeur", "retained"). (ending, what replaces it to get the stem)
_INFLECTIONS = (
    ("euses", "eur"),
    ("euse", "eur"),
    ("trices", "teur"),
    ("trice", "teur"),
    ("iennes", "ien"),
    ("ienne", "ien"),
    ("ieres", "ier"),
    ("iere", "ier"),
    ("ees", "e"),
    ("ee", "e"),
    ("es", ""),
    ("e", ""),
    ("s", ""),
    ("x", ""),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("ly", ""),
)
STEM_MIN_LENGTH = 4
# French words shaped like a trade or its practitioner ("vitrier", "saigneur", "gemmologue", "ganterie"): the
# names of jobs are the rarest words visitors type on purpose, and a frequent neighbour one letter away is
# almost never what they meant ("seigneur", "géologue", "galerie"). Left as written; the lexicon still applies.
_TRADE_ENDINGS = tuple(
    ending + plural
    for ending in ("eur", "euse", "ier", "iere", "iste", "logue", "trice", "ien", "ienne", "erie")
    for plural in ("", "s")
)


@dataclass(frozen=True)
class Change:
    """`original`, at `start`:`end` of the message as written, is read as `replacement`."""

    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True)
class Normalised:
    text: str
    changes: tuple[Change, ...] = ()


def load_lexicon(path: Path = LEXICON_FILE) -> dict[str, str]:
    """The SMS forms of every language, folded, to their replacement."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {fold(str(form)): str(words) for forms in raw.values() for form, words in (forms or {}).items()}


class Normaliser:
    """Corrects messages against the language lists, the protected words and the SMS lexicon."""

    _shared: Normaliser | None = None
    _lock = threading.Lock()

    def __init__(
        self,
        frequencies: dict[str, Frequencies],
        protected: frozenset[str],
        lexicon: dict[str, str],
    ) -> None:
        from symspellpy import SymSpell

        self.frequencies = frequencies
        self.protected = protected
        self.lexicon = lexicon
        self.spellers: dict[str, SymSpell] = {}
        for lang, table in frequencies.items():
            speller = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
            for word, zipf in table.zipf.items():
                if zipf >= CANDIDATE_ZIPF and len(word) >= 2:
                    speller.create_dictionary_entry(word, round(10**zipf))
            self.spellers[lang] = speller
        # each language's words by the way they sound, for what the edit distance cannot reach ("antreprise",
        # "bizness"); the base's own words too, however rare on the web ("soudeuse")
        self.sounds: dict[str, dict[str, list[str]]] = {}
        for lang, table in frequencies.items():
            sound = SOUND_KEYS.get(lang)
            if sound is None:
                continue
            self.sounds[lang] = {}
            for word, zipf in table.zipf.items():
                if (zipf >= CANDIDATE_ZIPF or word in protected) and len(word) >= MIN_LENGTH - 1:
                    self.sounds[lang].setdefault(sound(word), []).append(word)

    @classmethod
    def build(cls, kb: Path | None = None) -> Normaliser:
        return cls({lang: Frequencies.load(lang) for lang in LANGS}, protected_words(kb), load_lexicon())

    @classmethod
    def shared(cls) -> Normaliser:
        """The process's normaliser, built on first use (a few seconds: two word lists and their index)."""
        if cls._shared is None:
            with cls._lock:
                if cls._shared is None:
                    cls._shared = cls.build()
        return cls._shared

    # reading a message ---------------------------------------------------------------------------
    def normalise(self, text: str, also_known: Callable[[str], bool] | None = None) -> Normalised:
        """`text` corrected. `also_known` tells of more words that are right as written (folded words): the
        search index's vocabulary, which holds the words of every resource, PDF files and all."""
        if unnormalised_language(text):  # issue 17: Spanish, Italian, Portuguese are left as written
            return Normalised(text)
        known = self._known if also_known is None else lambda key: self._known(key) or also_known(key)
        found = [
            (chunk.start() + word.start(), word.group(), index == 0 and k == 0)
            for index, chunk in enumerate(_CHUNK.finditer(text))
            if not _UNTOUCHABLE.search(chunk.group())
            for k, word in enumerate(_WORD.finditer(chunk.group()))
        ]
        main, sure = self._main_language(word for _, word, _ in found)
        changes = []
        for start, word, first in found:
            for offset, part, replacement in self._corrections(word, first, main, sure, known):
                changes.append(Change(start + offset, start + offset + len(part), part, replacement))
        return Normalised(apply(text, changes), tuple(changes))

    def _corrections(self, word: str, first: bool, main: str, sure: bool, known: Known) -> list[tuple[int, str, str]]:
        """(offset in the word, part, replacement) of what changes in `word`. A word with an apostrophe
        that neither language knows ("j'veu") is read part by part, each part its own change, so that a
        change never spans two of the tokens the NLU splits the word into."""
        if _APOSTROPHE.search(word) and fold(word) not in self.lexicon and not known(fold(word)):
            out, offset = [], 0
            for part in _APOSTROPHE.split(word):
                # an elided word or a contraction's end ("j'", "c'", "i've") is left as written
                replacement = (
                    self._replacement(part, first and offset == 0, main, sure, known) if len(part) > 2 else None
                )
                if replacement is not None and replacement != part:
                    out.append((offset, part, replacement))
                offset += len(part) + 1
            return out
        replacement = self._replacement(word, first, main, sure, known)
        return [(0, word, replacement)] if replacement is not None and replacement != word else []

    def _main_language(self, words: Iterable[str]) -> tuple[str, bool]:
        """The language most of the words clearly belong to, and whether it is sure (SURE_VOTES words of it
        and none of another)."""
        votes = dict.fromkeys(LANGS, 0)
        for word in words:
            key = fold(word)
            scores = {lang: self.frequencies[lang].of(key) for lang in LANGS}
            best = max(scores, key=scores.__getitem__)
            others = [score for lang, score in scores.items() if lang != best]
            if scores[best] >= KNOWN_ZIPF and all(scores[best] > score + VOTE_MARGIN_ZIPF for score in others):
                votes[best] += 1
        main = max(LANGS, key=lambda lang: (votes[lang], lang == LANGS[0]))
        return main, votes[main] >= SURE_VOTES and not any(votes[lang] for lang in LANGS if lang != main)

    def _replacement(self, word: str, first: bool, main: str, sure: bool, known: Known) -> str | None:
        """What `word` should read, or None to leave it. `sure`: the message's main language is sure
        (`_main_language`), without which a word one letter short of MIN_LENGTH is never corrected."""
        if not word:
            return None
        key = fold(word)
        if key in self.lexicon and (len(word) > 1 or word.islower()):
            return _cased(self.lexicon[key], word)
        if any(char.isupper() for char in word[1:]) or (word[0].isupper() and not first):
            return None  # a name or an acronym
        fused = self._fused_je(key) if main == "fr" else None
        if fused:
            return _cased(fused, word)
        if len(key) < MIN_LENGTH - 1 or known(key) or _APOSTROPHE.search(word) or key.endswith(_TRADE_ENDINGS):
            return None
        if len(key) < MIN_LENGTH:
            found = self._sounding(key, main) if sure and main in self.sounds else None
            return _cased(found, word) if found else None
        found = self._corrected(key, main)
        return _cased(found, word) if found else None

    def _known(self, key: str) -> bool:
        """In the protected words, or common enough in either language, itself or as the stem it inflects."""
        if key in self.protected or self._zipf(key) >= KNOWN_ZIPF:
            return True
        return any(
            key.endswith(ending)
            and len(key) - len(ending) >= STEM_MIN_LENGTH
            and self._zipf(key[: len(key) - len(ending)] + stem) >= KNOWN_ZIPF
            for ending, stem in _INFLECTIONS
        )

    def _zipf(self, key: str) -> float:
        return max(self.frequencies[lang].of(key) for lang in LANGS)

    def _candidate(self, key: str, main: str) -> tuple[str, float, bool] | None:
        """The closest much more frequent word of the same first letter, how near it is, and whether the base
        uses it. Nearest first; a word the typed one begins ("devan", "permi", "recherch") counts as half an
        edit nearer, French writers dropping silent endings; then the most frequent, a word of the message's
        main language or of the base counting as more frequent than it is."""
        from symspellpy import Verbosity

        own = self._zipf(key)
        distance = 1 if len(key) <= 5 else 2
        best: tuple[float, float, str, str] | None = None
        for lang, speller in self.spellers.items():
            for item in speller.lookup(key, Verbosity.ALL, max_edit_distance=distance):
                term = item.term
                if term[0] != key[0] or term in self.lexicon:
                    continue
                zipf = self.frequencies[lang].of(term)
                if zipf < own + MARGIN_ZIPF:
                    continue
                nearness = item.distance - 0.5 * term.startswith(key)
                bonus = LANGUAGE_BONUS * (lang == main) + DOMAIN_BONUS * (term in self.protected)
                rank = (nearness, -(zipf + bonus), term, lang)
                if best is None or rank < best:
                    best = rank
        if best is None:
            return None
        return self.frequencies[best[3]].spelled(best[2]), best[0], best[2] in self.protected

    def _corrected(self, key: str, main: str) -> str | None:
        """In order: a word of the base one edit away, unless a word of the message's main language sounds
        like what was typed and it does not ("terbine" in English: "turbine", not the base's French
        "terminé"); in a French message, a French elision written without its apostrophe; the best
        candidate if it sounds as typed; the most frequent word of the main language that does ("contable"
        in French: "comptable", not the English "constable"); the best candidate."""
        candidate = self._candidate(key, main)
        sound = SOUND_KEYS.get(main) if main in self.sounds else None
        sounding = self._sounding(key, main) if sound else None
        same_sound = bool(sound and candidate and sound(candidate[0]) == sound(key))
        if (
            candidate is not None
            and candidate[1] <= 1
            and candidate[2]
            and (same_sound or not self._nearer(sounding, key))
        ):
            return candidate[0]
        elided = self._elided(key) if main == "fr" else None
        if elided:
            return elided
        if same_sound and candidate and self.frequencies[main].of(fold(candidate[0])) >= CANDIDATE_ZIPF:
            return candidate[0]
        return sounding or (candidate[0] if candidate else None)

    @staticmethod
    def _nearer(sounding: str | None, key: str) -> bool:
        """Whether a word that sounds as typed is spelt near enough to beat a word of the base one edit away:
        at most one edit further ("terbine" in English: "turbine", one edit, over "terminé", one edit; but
        "travaie" in English: the base's "travail", one edit, over "trivia", three)."""
        return bool(sounding) and _EDITS.compare(key, fold(sounding), SOUND_MAX_EDITS) >= 0

    def _sounding(self, key: str, lang: str) -> str | None:
        """The word of `lang` that reads aloud as `key` does ("antreprise" -> "entreprise", "contable" ->
        "comptable", "bizness" -> "business"), only when it is far more frequent than what was typed, like
        any correction.

        A sound key is coarse, so of the words that share it the one spelt nearest what was typed is taken,
        the most frequent of equally near ones (a word the base uses counting as more frequent than it is):
        "jermany" is "germany", one edit, not the as frequent "german", two; "hevy" is "heavy", not the far
        more frequent "have". The word must also be within `SOUND_MAX_EDITS` edits (or half the letters, if
        more) and letters of the length: English keys made "travaie", the French "travail", into "trophy",
        five edits away, and then into "trav"."""
        table = self.frequencies[lang]
        own = self._zipf(key)
        limit = max(SOUND_MAX_EDITS, len(key) // 2)
        best: tuple[int, float, str] | None = None
        for word in self.sounds[lang].get(SOUND_KEYS[lang](key), ()):
            zipf = table.of(word) + DOMAIN_BONUS * (word in self.protected)
            if word == key or word in self.lexicon or zipf < own + MARGIN_ZIPF:
                continue
            edits = _EDITS.compare(key, word, limit)
            if edits < 0 or abs(len(word) - len(key)) > SOUND_MAX_EDITS:  # further than `limit`, or cut short
                continue
            rank = (-edits, zipf, word)
            if best is None or rank > best:
                best = rank
        return table.spelled(best[2]) if best else None

    def _fused_je(self, key: str) -> str | None:
        """ "jpense", "jcrois": a fused "je" before a consonant, read as "je" and the verb even when the word
        lists know the fused form (they learnt it from the same texting), as long as the verb is far more
        common than the fused form: the fused form is then a way of writing it, not a word of its own."""
        rest = key[1:]
        if not key.startswith("j") or len(rest) < 4 or rest[0] in VOWELS or key in self.protected:
            return None
        rest_zipf = self.frequencies["fr"].of(rest)
        if rest_zipf < ELIDED_ZIPF or rest_zipf < self._zipf(key) + FUSED_MARGIN_ZIPF:
            return None
        return f"je {self.lexicon.get(rest, rest)}"

    def _elided(self, key: str) -> str | None:
        """A French elision written without its apostrophe ("lidee", "dappeler") or a fused "je" ("jdois"):
        the common French word behind the prefix, the prefix restored."""
        for prefix in ELIDED:
            rest = key[len(prefix) :]
            if not key.startswith(prefix) or len(rest) < 4:
                continue
            if rest[0] in VOWELS:
                return f"{prefix}'{rest}" if self.frequencies["fr"].of(rest) >= ELIDED_ZIPF else None
            if prefix == "j":
                word = self.lexicon.get(rest) or (rest if self.frequencies["fr"].of(rest) >= ELIDED_ZIPF else None)
                return f"je {word}" if word else None
        return None


def _cased(replacement: str, original: str) -> str:
    """The replacement with the original's capital initial, if it had one."""
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def apply(text: str, changes: list[Change]) -> str:
    """The text with each change made (changes in order, not overlapping)."""
    out, position = [], 0
    for change in changes:
        out.append(text[position : change.start])
        out.append(change.replacement)
        position = change.end
    out.append(text[position:])
    return "".join(out)


def normalise(text: str, also_known: Known | None = None) -> Normalised:
    """`text` corrected by the process's shared normaliser."""
    return Normaliser.shared().normalise(text, also_known)
