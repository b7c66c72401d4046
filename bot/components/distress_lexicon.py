"""Crisis expressions in French and English, found without the intent classifier.

A visitor in crisis must get the emergency numbers in the first reply, whatever the classifier makes of
the message: it learned from a few hundred examples, and a crisis is often written unlike any of them
("g envi de mourrir", "my manager keeps harrassing me"). So every message is also checked against this
list of expressions, on lower-cased text without accents, apostrophes or punctuation, with repeated
letters squeezed ("plusss" is "plus") and "burn-out" written "burnout".

Each expression is a sequence of words that must follow each other. In a pattern word:
- a trailing `*` matches any ending ("harcel*": harcèlement, harcelé, harceler);
- a leading `~` also accepts one typo after the first letter (a letter added, missing, changed, or two
  swapped), for the longer words people misspell ("~mourir": mourrir, mourire). Only words with no
  everyday neighbour one letter away get it: not "crever" ("créer"), "pendre" ("prendre"), "vivre"
  ("livre"), "die" ("dive"), "abused" ("amused") or "assault" ("assaut");
- `$` is the end of the message ("je veux en finir" but not "je veux en finir avec mon CV");
- a leading `!` is any word but this one, the end of the message excepted ("veux en finir !avec": "je veux
  en finir ce soir", "je veux en finir je tiens plus", but not "je veux en finir avec mon CV").
Everyday hyperbole stays out: "ce stage me tue de rire", "mourir de rire", "tuer le temps".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

import yaml

from common.text import fold

END = "$"
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_BURNOUT = re.compile(r"\bburn(?:ed|t|ing)?[\s\-_]*out\b")

# category -> expressions. Categories name what the counsellor will have to deal with; the reply is the same.
EXPRESSIONS: dict[str, tuple[str, ...]] = {
    "suicide": (
        # French
        "~suicid*",
        "en finir $",
        "veux en finir !avec",
        "veut en finir !avec",
        "vais en finir !avec",
        "envie d en finir !avec",
        "jveu* en finir !avec",
        "jve en finir !avec",
        "me tirer une balle",
        "me jeter d un pont",
        "me jeter du pont",
        "me jeter d un immeuble",
        "sauter du toit",
        "sauter d un immeuble",
        "sauter du haut",
        "plus la peine de vivre",
        "pas envie de vivre",
        "plus etre la demain",
        "ne plus me reveiller",
        "pense a mourir",
        "jpense a mourir",
        "pense a me tuer",
        "jpense a me tuer",
        "veux m tuer",
        "jve m tuer",
        "veux disparaitre pour toujours",
        "en finir avec la vie",
        "en finir avec ma vie",
        "en finir avec tout",
        "en finir avec moi",
        "mettre fin a mes jours",
        "mettre fin a ma vie",
        "mettre un terme a ma vie",
        "~envie de ~mourir",
        "~veux ~mourir",
        "prefere ~mourir",
        "envie de crever",
        "veux crever",
        "plus envie de vivre",
        "plus envie de rien",
        "veux plus vivre",
        "marre de vivre",
        "marre de la vie",
        "plus de raison de vivre",
        "aucune raison de vivre",
        "~envie de me tuer",
        "~veux me tuer",
        "vais me tuer",
        "aller me tuer",
        "pense a me tuer",
        "me foutre en l air",
        "me jeter sous",
        "me jeter du haut",
        "me jeter par la",
        "sauter par la fenetre",
        "sauter du pont",
        "sauter d un pont",
        "me pendre",
        "idees noires",
        "veux plus me reveiller",
        "plus jamais me reveiller",
        "meme de vivre",
        "sert a rien de vivre",
        "sert a rien de continuer a vivre",
        "jve ~mourir",
        "jveu* ~mourir",
        "prepare les medicaments",
        "prepare mes medicaments",
        "avaler tous mes medicaments",
        "~overdose",
        "c est fini pour moi",
        "fini pour moi",
        "lettre d adieu",
        "dire adieu a tout",
        "avaler des cachets",
        "avaler tous mes cachets",
        "prendre tous mes cachets",
        "dormir pour toujours",
        "partir pour toujours",
        # English
        "kill myself",
        "killing myself",
        "end my life",
        "end it all",
        "take my own life",
        "take my life",
        "want to die",
        "wanna die",
        "wish i was dead",
        "wish i were dead",
        "better off dead",
        "no reason to live",
        "dont want to live",
        "don t want to live",
        "do not want to live",
        "not want to be alive",
        "jump off a bridge",
        "ending it all",
        "be alive anymore",
        "done with life",
        "might do to myself",
        "do something to myself",
        "pills ready",
        "miss me if",
        "would miss me",
        "better off without me",
        "goodbye letter",
        "say goodbye to everyone",
        "swallow pills",
        "take all my pills",
        "bottle of pills",
        "sleep forever",
        "never wake up",
        "kill my self",
        "unalive",
        "end myself",
        "end it tonight",
        "wanna end it",
        "want to end it",
        "going to end it",
        "gonna end it",
        "jump* off the bridge",
        "jump* off a bridge",
        "jump* off the roof",
        "jump* off a building",
        "hang myself",
        "throw myself off",
        "throw myself under",
        "in front of a train",
        "slit my wrists",
        "no point living",
        "no point in living",
        "dont want to be here anymore",
        "don t want to be here anymore",
        "do not want to be here anymore",
        "dont wanna be here",
        "wish i could die",
        "cant live like this",
        "can t live like this",
        "dont want to exist",
        "don t want to exist",
    ),
    "self_harm": (
        "me faire du mal",
        "me fais du mal",
        "~scarifi*",  # not "~scarif*": Italian "scaricare" (to download) is one letter away
        "~automutil*",
        "me couper les veines",
        "me taillade",
        "me mutile*",
        "me bruler la peau",
        "me taillad*",
        "cut my wrists",
        "self injur*",
        "hurt my self",
        "harm my self",
        "cutting again",
        "self harm*",
        "selfharm*",
        "hurt myself",
        "hurting myself",
        "cut myself",
        "cutting myself",
        "harm myself",
    ),
    "violence": (
        "~violence",
        "~violences",
        "me frappe",
        "m a frappe*",
        "il me bat",
        "elle me bat",
        "mari me bat",
        "conjoint me bat",
        "compagnon me bat",
        "copain me bat",
        "femme me bat",
        "compagne me bat",
        "me menace",
        "m a menace*",
        "menace* de mort",
        "menace* de me tuer",
        "threatened to kill me",
        "threatens to kill me",
        "threatening to kill me",
        "agresse*",
        "~agression*",
        "viol",
        "violee",
        "abus sexuel*",
        "hits me",
        "he hit me",
        "she hit me",
        "he beats me",
        "she beats me",
        "he beat me",
        "she beat me",
        "partner beats me",
        "husband beats me",
        "wife beats me",
        "boyfriend beats me",
        "girlfriend beats me",
        "threatens me",
        "threatened me",
        "threatening me",
        "death threat*",
        "assault*",
        "abused",
        "abusive",
        "raped",
        "me tape dessus",
        "me gifle*",
        "m a gifle*",
        "m etrangl*",
        "m a etrangl*",
        "m a enferme*",
        "il m enferme",
        "elle m enferme",
        "on m enferme",
        "enferme* a la maison",
        "enferme* chez moi",
        "m empeche de sortir",
        "confisque mes papiers",
        "a pris mes papiers",
        "est violent avec moi",
        "est violente avec moi",
        "peur de rentrer chez moi",
        "menace* de me frapper",
        "attouchement*",
        "slapped me",
        "slaps me",
        "punched me",
        "punches me",
        "kicked me",
        "kicks me",
        "choked me",
        "chokes me",
        "strangled me",
        "pushed me down",
        "locks me in",
        "locked me in",
        "locked in the house",
        "locks me in the house",
        "keeps me locked",
        "won t let me leave",
        "wont let me leave",
        "doesnt let me leave",
        "doesn t let me leave",
        "took my passport",
        "takes my passport",
        "afraid to go home",
        "scared to go home",
        "is violent with me",
        "molest*",
        "groped me",
        "gropes me",
        "rape",
    ),
    "harassment": (
        "~harcel*",
        "~harass*",
        "bullied",
        "bullying me",
        "bullies me",
        "arcel*",
        "arass*",
        "mobbing",
    ),
    "burnout": (
        "suis en burnout",
        "en plein burnout",
        "fais un burnout",
        "fait un burnout",
        "faire un burnout",
        "au bord du burnout",
        "crise de burnout",
        "burnout crisis",
        "me suis effondre*",
        "collapsed at my desk",
        "collapsed at work",
        "en peux plus",
        "jen peux plus",
        "en peux vraiment plus",
        "je craque $",
        "je craque completement",
        "j ai craque $",
        "suis a bout",
        "plus la force",
        "m effondre",
        "crise d angoisse",
        "crises d angoisse",
        "crise de panique",
        "attaque de panique",
        "im burnout",
        "i m burnout",
        "i am burnout",
        "am burnout",
        "having a burnout",
        "cant cope",
        "can t cope",
        "cannot cope",
        "cant take it anymore",
        "can t take it anymore",
        "cant take it any more",
        "can t take it any more",
        "cant go on",
        "can t go on",
        "cannot go on",
        "i m breaking down",
        "im breaking down",
        "i am breaking down",
        "nervous breakdown",
        "panic attack*",
        "end of my rope",
        "end of my tether",
        # Exhaustion said of work, or said as total: a worn-out day ("I'm tired") stays out.
        "completely exhausted",
        "totally exhausted",
        "exhausted by my job",
        "exhausted by my work",
        "exhausted by work",
        "worn out by my job",
        "completement epuise*",
        "totalement epuise*",
        "epuise* par mon travail",
        "epuise* par mon boulot",
        "epuise* par le travail",
    ),
}

# Everyday phrases that the intent classifier takes for distress ("je veux en finir avec mon CV"). When a
# message holds one of these and no crisis expression, the safety net takes `express_distress` back from
# the classifier; a crisis expression always wins ("je veux mourir mdr" is distress).
HARMLESS: tuple[str, ...] = (
    "en finir avec mon",
    "en finir avec ma",
    "en finir avec mes",
    "en finir avec le",
    "en finir avec la",
    "en finir avec les",
    "en finir avec ce",
    "en finir avec cette",
    "en finir avec ces",
    "de rire",
    "mort de rire",
    "craque pour",
    "tuer le temps",
    "mdr",
    "ptdr",
    "lol",
    "haha",
    "hahaha",
    "lmao",
    "dying to",
    "to die for",
    "killing it",
    "kill time",
)


# Signs of acute distress that are not a crisis expression on their own but confirm the classifier's
# `express_distress` ("je vais vraiment pas bien", "i'm in a very bad place"). Fear, stress and tiredness
# words stay out on purpose ("j'ai peur de rater mon entretien", "I'm stressed about my exams", "je suis
# fatiguée de chercher"): those are everyday worry, and the classifier's guess alone starts nothing.
CONFIRMING: tuple[str, ...] = (
    # French
    "vais mal",
    "va mal",
    "vais pas bien",
    "vais vraiment pas bien",
    "va pas bien du tout",
    "vais pas bien du tout",
    "suis pas bien du tout",
    "au plus mal",
    "tellement mal",
    "~detresse",
    "au secours",
    "aidez moi",
    "a l aide",
    "sos",
    "~desespere*",
    "je pleure",
    "pleure tous",
    "tiens plus",
    "aucune issue",
    "pas d issue",
    "aucune solution",
    "~disparaitre",
    "sers a rien",
    "plus de sens",
    "plus aucun sens",
    "~detruit*",
    "s effondre",
    "jpp",
    "personne ne m aide",
    "besoin d aide en urgence",
    "faire une betise",
    "faire une connerie",
    "m humilie*",
    "me rabaisse*",
    "gestes deplaces",
    "chantage",
    "me touche",
    "peur pour ma vie",
    "peur pour ma securite",
    "en danger",
    # English
    "not ok",
    "not okay",
    "bad place",
    "~hopeless",
    "~desperate",
    "falling apart",
    "breaking point",
    "no way out",
    "no point",
    "giving up on everything",
    "~disappear*",
    "drowning",
    "please help",
    "help me",
    "need help now",
    "not safe",
    "for my safety",
    "for my life",
    "humiliat*",
    "touching me",
    "hurt me",
    "attacked me",
    "destroying me",
    "worth living",
    "worth it anymore",
    "dark thoughts",
    "without me",
    "miss me",
    "done with everything",
    "completely empty",
    "breakdown",
    "can t bear",
    "cant bear",
    "can t handle",
    "cant handle",
    "cant function",
    "can t function",
    "cant do this anymore",
    "plus envie",
    "envie de rien",
    "tout lacher",
    "insupportable",
    "invivable",
    "un enfer",
    "larmes",
    "cachets",
    "coups",
    "me cogne",
    "blesse*",
    "~adieu",
    "peux plus continuer",
    "hate my life",
    "no one cares",
    "nobody cares",
    "unbearable",
    "living hell",
    "tears",
    "pills",
    "bleeding",
    "abuse*",
    "unsafe",
    "in danger",
    "cant anymore",
    "can t anymore",
    "its over",
    "it s over",
    "give up",
    "goodbye",
    "can t do this anymore",
    "bout du rouleau",
    "craque",
    "a bout",
    "tremble",
    "me hurle",
    "tout s arrete",
    "tout arreter",
    "plus a me lever",
    "vais tres mal",
    "n a de sens",
    "sert a rien",
    "burnout total",
    "total burnout",
    "in burnout",
    "completely burnout",
    "cry every",
    "cried all",
    "collapse*",
    "insulting me",
    "~threaten*",
    "stop shaking",
    "how to keep going",
    "not fine",
    "want it to stop",
    "want it all to stop",
    "feel safe",
    "hit me",
    "beats me",
    "sexual",
    "can t take it",
    "cant take it",
)


# Issue 17: the other declared languages' expressions, from a data file beside this one (one section per
# language, the same categories, plus `harmless` and `confirming`), joined to the French and English above.
OTHER_LANGUAGES_FILE = Path(__file__).with_name("distress_languages.yml")


def _other_languages() -> dict[str, tuple[str, ...]]:
    merged: dict[str, tuple[str, ...]] = {}
    raw = yaml.safe_load(OTHER_LANGUAGES_FILE.read_text(encoding="utf-8")) or {}
    for sections in raw.values():
        for category, sources in (sections or {}).items():
            merged[category] = (*merged.get(category, ()), *(str(source) for source in sources or ()))
    return merged


_OTHERS = _other_languages()
ALL_EXPRESSIONS = {
    category: (*EXPRESSIONS.get(category, ()), *_OTHERS.get(category, ()))
    for category in dict.fromkeys([*EXPRESSIONS, *(c for c in _OTHERS if c not in ("harmless", "confirming"))])
}
ALL_HARMLESS = (*HARMLESS, *_OTHERS.get("harmless", ()))
ALL_CONFIRMING = (*CONFIRMING, *_OTHERS.get("confirming", ()))


def normalise(text: str) -> list[str]:
    """The message as comparable words: folded, punctuation and apostrophes as spaces, letters squeezed."""
    folded = _BURNOUT.sub(" burnout ", fold(text))
    folded = _REPEATS.sub(r"\1", folded)
    return [word for word in _NOT_WORD.split(folded) if word]


def one_typo_apart(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by at most one letter added, removed, changed, or two adjacent swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        if len(diffs) != 2 or diffs[1] != diffs[0] + 1:
            return False
        first, second = diffs
        return a[first] == b[second] and a[second] == b[first]
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


@dataclass(frozen=True)
class PatternWord:
    text: str
    prefix: bool
    fuzzy: bool

    negated: bool = False

    @classmethod
    def parse(cls, raw: str) -> PatternWord:
        negated = raw.startswith("!")
        raw = raw.lstrip("!")
        fuzzy = raw.startswith("~")
        raw = raw.lstrip("~")
        return cls(raw.rstrip("*"), raw.endswith("*"), fuzzy, negated)

    def matches(self, word: str) -> bool:
        if self.negated:
            return word != END and not replace(self, negated=False).matches(word)
        if self.text == END:
            return word == END
        if word == END:
            return False
        if self.prefix:
            if word.startswith(self.text):
                return True
            if not (self.fuzzy and word[:1] == self.text[:1]):
                return False
            size = len(self.text)
            return any(one_typo_apart(word[:n], self.text) for n in (size - 1, size, size + 1))
        return word == self.text or (self.fuzzy and word[:1] == self.text[:1] and one_typo_apart(word, self.text))


@dataclass(frozen=True)
class Expression:
    category: str
    source: str
    words: tuple[PatternWord, ...]

    def found_in(self, words: list[str]) -> bool:
        size = len(self.words)
        return any(
            all(pattern.matches(words[start + k]) for k, pattern in enumerate(self.words))
            for start in range(len(words) - size + 1)
        )


@dataclass(frozen=True)
class Match:
    category: str
    expression: str


HARMLESS_CATEGORY = "harmless"
CONFIRMING_CATEGORY = "confirmed"
# A classifier's `express_distress` that nothing confirms: taken back, like a harmless phrase.
UNCONFIRMED = Match("unconfirmed", "")


def _parse(category: str, sources: Iterable[str]) -> tuple[Expression, ...]:
    return tuple(
        Expression(category, source, tuple(PatternWord.parse(word) for word in source.split())) for source in sources
    )


def _first(expressions: tuple[Expression, ...], text: str) -> Match | None:
    words = [*normalise(text), END]
    for expression in expressions:
        if expression.found_in(words):
            return Match(expression.category, expression.source)
    return None


class Decision(Enum):
    """What the safety net does with a message's intent."""

    CRISIS = "crisis"  # a crisis expression: express_distress, whatever the classifier said
    CONFIRMED = "confirmed"  # the classifier said distress and a sign of distress confirms it: kept
    TAKEN_BACK = "taken_back"  # the classifier said distress and nothing confirms it: its next guess
    LEFT = "left"  # neither: the classifier's intent, untouched


class DistressLexicon:
    """The expressions, parsed once. `find` returns the first crisis expression a message contains;
    `find_harmless` the first everyday phrase that only looks like distress; `find_confirming` the first
    sign of distress that may confirm the classifier; `decide` combines them."""

    def __init__(
        self,
        expressions: dict[str, Iterable[str]] | None = None,
        harmless: Iterable[str] | None = None,
        confirming: Iterable[str] | None = None,
    ) -> None:
        self.expressions = tuple(
            expression
            for category, sources in (expressions or ALL_EXPRESSIONS).items()
            for expression in _parse(category, sources)
        )
        self.harmless = _parse(HARMLESS_CATEGORY, ALL_HARMLESS if harmless is None else harmless)
        self.confirming = _parse(CONFIRMING_CATEGORY, ALL_CONFIRMING if confirming is None else confirming)

    def find(self, text: str) -> Match | None:
        return _first(self.expressions, text)

    def find_harmless(self, text: str) -> Match | None:
        return _first(self.harmless, text)

    def find_confirming(self, text: str) -> Match | None:
        return _first(self.confirming, text)

    def decide(self, text: str, classifier_says_distress: bool) -> tuple[Decision, Match | None]:
        """Two signals start the emergency flow, never the classifier alone: a crisis expression is
        enough by itself; the classifier's `express_distress` needs a sign of distress beside it, and no
        harmless phrase. The classifier learned distress from messages full of fear and exhaustion, so
        on its own it mistakes "j'ai peur de rater mon entretien" for a crisis."""
        crisis = self.find(text)
        if crisis is not None:
            return Decision.CRISIS, crisis
        if not classifier_says_distress:
            return Decision.LEFT, None
        harmless = self.find_harmless(text)
        if harmless is not None:
            return Decision.TAKEN_BACK, harmless
        confirming = self.find_confirming(text)
        if confirming is not None:
            return Decision.CONFIRMED, confirming
        return Decision.TAKEN_BACK, UNCONFIRMED
