"""Questions answered from the resource base, follow-ups included, and the honest "nothing reliable".

`action_answer_question` runs for `ask_question`, and also for messages the classifier could not place
(`nlu_fallback`) or put outside the centre's work (`out_of_scope`). Retrieval comes before giving up:
a message the classifier could not place but that carries content words is searched, and what the
gate makes of the search decides (actions/answers.py, `Verdict`): an answer when it is sure, the
resources as "what may help" with a counsellor when it is plausible, and only when retrieval cannot
place the message either, the two-stage fallback ("did you mean...") or the out-of-scope reply.
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import figures, gaps, settings
from actions.answers import (
    Answer,
    Verdict,
    answer_gate,
    attributed,
    choose_citations,
    compose,
    content_stems,
    off_topic_belief,
    resources_payload,
    topic_of,
)
from actions.centre import centre_of
from actions.history import KNOWLEDGE_ANSWERS, previous_answer
from actions.knowledge import knowledge
from actions.language import asks_for_a_language, language_of
from actions.localize import languages_named
from actions.messages import say, text
from actions.workshops import next_session_on, send_workshops, start_label, workshop_query
from common.languages import CODES, name_of
from common.text import fold
from common.topics import load_taxonomy
from indexer.fusion import reciprocal_rank_fusion
from indexer.search import Retrieval
from privacy.placeholders import only_personal_data

RETRIEVED = 8  # results looked at: three are cited, the rest feed plurality and "more like this"
# An elliptical message that leans on the previous question: "et pour les plus de 50 ans ?",
# "what about apprenticeships?", "and in Belgium?".
_FOLLOW_UP = re.compile(
    r"^(et|and|mais|but|ou|or|aussi|also|what about|how about|what if|and if|et si|et pour|et en|et avec|"
    r"pour les|for|meme question|same question|et dans|and in|and for|and with)\b"
)
FOLLOW_UP_MAX_WORDS = 9
# Resources beside a practical answer are extras: shown only when retrieval is very sure.
RELATED_MIN_PROBABILITY = 0.8
_ASKING_FOR = re.compile(r"\b(avez[- ]vous|vous avez|vous auriez|il y a|y a[- ]t[- ]il|do you have|have you got|any)\b")
_KINDS = {
    # "book" alone is also the verb ("book a course"): the noun comes plural or after a determiner.
    "book": re.compile(
        r"\b(livres?|ouvrages?|bouquins?|books|(?:a|any|the|some|one|your) book|documentation papier|revues?|"
        r"on the shelf|en rayon)\b"
    ),
    "video": re.compile(r"\b(videos?|film|clips?)\b"),
}


def is_follow_up(text: str, last_query: str | None) -> bool:
    folded = fold(text).strip()
    return bool(last_query) and bool(_FOLLOW_UP.match(folded)) and len(folded.split()) <= FOLLOW_UP_MAX_WORDS


def follow_up_query(text: str, last_query: str | None) -> str:
    """The question to search: the message itself, or the previous question with the message added."""
    return f"{last_query} {text}" if is_follow_up(text, last_query) else text


def without_kind_words(text: str) -> str:
    """ "avez-vous des livres sur l'infirmier" searched as "sur l'infirmier": the kind is a filter."""
    stripped = _ASKING_FOR.sub(" ", fold(text))
    for pattern in _KINDS.values():
        stripped = pattern.sub(" ", stripped)
    return " ".join(stripped.split()) or text


def requested_kind(text: str) -> str | None:
    """A kind of resource the visitor asks for by name ("avez-vous des livres sur ..."), if any."""
    folded = fold(text)
    return next((kind for kind, pattern in _KINDS.items() if pattern.search(folded)), None)


def retrieve(
    query: str,
    kind: str | None = None,
    exclude: tuple[str, ...] = (),
    topic: str | None = None,
    lang: str | None = None,
    centre: str | None = None,
) -> Retrieval:
    """The resources `centre` may cite (its own and the network's) for a query."""
    return knowledge().searcher.retrieve(
        query, RETRIEVED, kind=kind, topic=topic, lang=lang, exclude=exclude, centre=centre
    )


def retrieve_follow_up(query: str, follow_up: str, centre: str | None = None) -> Retrieval:
    """Results for a follow-up: those relevant to both the whole question and the new words.

    Searching "how to fund training and for the over-50s?" alone lets the first question drown the
    follow-up; fusing it with the follow-up's own ranking brings up what answers both.
    """
    whole, alone = retrieve(query, centre=centre), retrieve(follow_up, centre=centre)
    order = reciprocal_rank_fusion([[r.id for r in whole.results], [r.id for r in alone.results]], k=5.0)
    by_id = {r.id: r for r in (*alone.results, *whole.results)}
    whole.results = [by_id[str(rid)] for rid, _ in order][:RETRIEVED]
    return whole


def next_step_buttons(answer: Answer, lang: str, centre: str) -> list[dict[str, str]]:
    """A workshop on the topic when one is coming up, more resources, a counsellor."""
    buttons = []
    if answer.topic:
        session = next_session_on(answer.topic, settings.now(centre), centre)
        if session is not None:
            day = start_label(datetime.fromisoformat(session.start), lang, centre)
            name = session.title if len(session.title) <= 48 else session.title[:47].rstrip() + "…"
            title = text("workshop_button", lang, name=name, day=day)
            buttons.append({"title": title, "payload": f'/ask_workshops{{"topic": "{answer.topic}"}}'})
    return buttons


def answer_events(answer: Answer, query: str, shown: list[str]) -> list[EventType]:
    events: list[EventType] = [SlotSet("last_query", query), SlotSet("shown_resources", shown)]
    if answer.topic:
        events.append(SlotSet("topic", answer.topic))
    return events


def send_answer(
    dispatcher: CollectingDispatcher, answer: Answer, lang: str, centre: str, *, more: bool = False
) -> None:
    """Key points, then the cited resources as cards, then the area and the next steps."""
    points = "\n".join(attributed(point, lang) for point in answer.points)
    if points:
        say(dispatcher, "answer_more" if more else "answer_intro", lang, points=points)
        if answer.other_language:
            shown = [code for code in CODES if any(point.resource.lang == code for point in answer.points)]
            own = name_of(lang, lang)
            say(dispatcher, "answer_other_language", lang, languages=languages_named(shown, lang), own=own)
    else:
        say(dispatcher, "answer_more_resources_only" if more else "answer_resources_only", lang)
    dispatcher.utter_message(json_message=resources_payload(answer.cited, lang))
    extra = next_step_buttons(answer, lang, centre)
    site = settings.site(centre)
    if answer.area in site.areas:
        say(dispatcher, "answer_area", lang, buttons=extra, where=site.text(site.areas[answer.area], lang))
    else:
        say(dispatcher, "answer_next", lang, buttons=extra)


def send_may_help(dispatcher: CollectingDispatcher, answer: Answer, lang: str, centre: str) -> None:
    """Plausible but not sure: the resources as leads, said as such, then a counsellor who can check."""
    say(dispatcher, "answer_may_help", lang)
    dispatcher.utter_message(json_message=resources_payload(answer.cited, lang))
    site = settings.site(centre)
    if answer.area in site.areas:
        say(dispatcher, "answer_may_help_area", lang, where=site.text(site.areas[answer.area], lang))
    else:
        say(dispatcher, "answer_may_help_next", lang)


def send_nothing_reliable(dispatcher: CollectingDispatcher, lang: str, topic: str | None) -> None:
    buttons = []
    if topic:
        label = load_taxonomy().label(topic, lang)
        title = text("topic_resources_button", lang, label=label)
        buttons.append({"title": title, "payload": f'/ask_more{{"topic": "{topic}"}}'})
    say(dispatcher, "answer_nothing_reliable", lang, buttons=buttons)


def valid_topic(value: object) -> str | None:
    """A topic id of topics.yml, or None (the entity extractor may return words that map to none)."""
    return value if isinstance(value, str) and load_taxonomy().is_topic(value) else None


def latest_topic(tracker: Tracker) -> str | None:
    return valid_topic(next(tracker.get_latest_entity_values("topic"), None))


def topic_named(tracker: Tracker) -> str | None:
    """The topic the latest message names: its `topic` entity when that is a topic id, else the first
    topic whose words the indexer's bilingual synonym table finds in the text ("business creation")."""
    entity = latest_topic(tracker)
    if entity is not None:
        return entity
    text = latest_text(tracker)
    return next(iter(knowledge().searcher.expander.expand(text).topics), None) if text else None


def required_probability(intent: dict[str, Any]) -> float:
    """How sure retrieval must be before showing anything, given what the classifier made of the message.

    Its belief that the message is off-topic must be outweighed, not just met. A message it could not
    place at all (`nlu_fallback`) meets the gate's own bars: visitors' spelling, run-on stories and mixed
    languages are what the classifier places worst, and retrieval is what reads them best."""
    if intent.get("name") == "out_of_scope":
        return float(intent.get("confidence") or 0.0)
    return 0.0


def carries_content(text: str) -> bool:
    """Whether a message has words worth searching ("cv pour job etudiant ?"), unlike "hmm ok ?"."""
    return bool(content_stems(text))


def latest_text(tracker: Tracker) -> str:
    text = ((tracker.latest_message or {}).get("text") or "").strip()
    return "" if text.startswith("/") else text


async def offer_related_resources(dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> None:
    """After a practical answer, the resources on what the question also asked about, if any is sure.

    "What can France Travail do for me at the centre?" is answered from site.yml, and the partner's
    own sheet is worth showing beside it; "are you open?" finds nothing sure and adds nothing.
    """
    text = latest_text(tracker)
    if not text:
        return
    retrieval = await asyncio.to_thread(retrieve, text, centre=centre_of(tracker))
    # The classifier's off-topic belief weighs here as on a question: "how do I contest a parking fine" read
    # as a question about the centre's location must not get resources on the strength of retrieval alone.
    off_topic = off_topic_belief(tracker.latest_message or {})
    if answer_gate().trusts(retrieval, at_least=RELATED_MIN_PROBABILITY, off_topic=off_topic):
        say(dispatcher, "related_resources", lang)
        dispatcher.utter_message(json_message=resources_payload(choose_citations(retrieval.results), lang))


# How the answer gate's verdict is counted (common/figures.py).
VERDICT_FIGURES = {Verdict.SURE: "answered", Verdict.MAY_HELP: "may_help", Verdict.NONE: "refused"}


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        lang, centre = language_of(tracker), centre_of(tracker)
        intent = (tracker.latest_message or {}).get("intent") or {}
        text = latest_text(tracker)
        # Personal data given with a question ("my name is [NAME], can you help with my cv"): the note that
        # none is needed, then the answer; given alone, the note and an invitation to ask.
        personal_data = only_personal_data(text)
        last_query = tracker.get_slot("last_query") if intent.get("name") == "ask_question" else None
        kind = requested_kind(text)
        subject = without_kind_words(text) if kind else text
        query = follow_up_query(subject, last_query)
        if not query or (intent.get("name") == "nlu_fallback" and not carries_content(query)):
            retrieval = None
        elif query != subject:  # a follow-up: decided once, on the words that are searched
            retrieval = await asyncio.to_thread(retrieve_follow_up, query, text, centre)
        else:
            retrieval = await asyncio.to_thread(retrieve, query, centre=centre)
        off_topic = off_topic_belief(tracker.latest_message or {})
        verdict = (
            answer_gate().verdict(retrieval, required_probability(intent), off_topic) if retrieval else Verdict.NONE
        )
        if retrieval is not None and intent.get("name") != "out_of_scope":
            gaps.report(tracker, query, lang, verdict)  # refused or "may help": a gap counsellors may close
        if personal_data:
            say(dispatcher, "no_personal_data_needed" if verdict is Verdict.NONE else "personal_data_erased", lang)
            if verdict is Verdict.NONE:
                return []
        if verdict is Verdict.NONE and intent.get("name") == "nlu_fallback":
            return [FollowupAction("action_two_stage_fallback")]
        figures.report_for(tracker, ("answer", VERDICT_FIGURES[verdict]))
        if verdict is Verdict.NONE and intent.get("name") == "out_of_scope":
            say(dispatcher, "out_of_scope", lang)
            return []
        entity_topic = latest_topic(tracker)
        if verdict is Verdict.NONE:
            cited = choose_citations(retrieval.results) if retrieval else []
            send_nothing_reliable(dispatcher, lang, topic_of(entity_topic, cited))
            return [SlotSet("last_query", query)] if query else []
        if kind:  # "books on nursing": trusted on the subject, shown from the shelf (or all kinds if none)
            shelf = await asyncio.to_thread(retrieve, query, kind, centre=centre)
            retrieval = shelf if shelf.results else retrieval
        answer = compose(query, retrieval, lang, entity_topic)
        if verdict is Verdict.MAY_HELP:
            send_may_help(dispatcher, answer, lang, centre)
        else:
            send_answer(dispatcher, answer, lang, centre)
        return answer_events(answer, query, answer.shown_ids)


class ActionMoreResources(Action):
    """ "More like this" after an answer, or a topic's resources from a quick reply that names it."""

    def name(self) -> str:
        return "action_more_resources"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        lang, centre = language_of(tracker), centre_of(tracker)
        taxonomy = load_taxonomy()
        shown = list(tracker.get_slot("shown_resources") or [])
        browsed = latest_topic(tracker)
        if browsed:
            query, topic, filter_topic = taxonomy.label(browsed, lang), browsed, browsed
        else:
            query, topic, filter_topic = tracker.get_slot("last_query"), valid_topic(tracker.get_slot("topic")), None
        if not query:
            say(dispatcher, "more_what", lang)
            return []
        retrieval = await asyncio.to_thread(retrieve, query, None, tuple(shown), filter_topic, centre=centre)
        if not retrieval.results:
            say(dispatcher, "more_none", lang)
            return []
        answer = compose(query, retrieval, lang, topic)
        send_answer(dispatcher, answer, lang, centre, more=True)
        return answer_events(answer, query, [*shown, *answer.shown_ids])


# Answers a language switch gives again by running their action once more: they read nothing of the
# message that asked for them. The opening hours read the day named, so they are not among them.
REPEATED_AS_THEY_ARE = frozenset({"action_tell_services", "action_tell_location", "action_tell_access_conditions"})


class ActionSwitchLanguage(Action):
    """Confirms the new language (set by action_validate_slot_mappings) and gives the LAST answer again
    in it: "in English please" means "that, in English", whether that was a question answered from the
    resources, a workshop list or a fact about the centre; never an older answer."""

    def name(self) -> str:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if not asks_for_a_language(latest_text(tracker)):
            # "my french is zero, which jobs can i do", "french lessons for adults": the classifier heard a
            # language named, but the visitor asked a question; the language slot was left as it was.
            return [FollowupAction("action_answer_question")]
        lang, centre = language_of(tracker), centre_of(tracker)
        say(dispatcher, "language_switched", lang)
        previous = previous_answer(tracker, skip_intents=frozenset({"change_language"}))
        if previous is None:
            return []
        if previous.answer == "action_find_workshops":
            return await send_workshops(dispatcher, workshop_query(previous.user, lang), lang, tracker)
        if previous.answer in REPEATED_AS_THEY_ARE:
            return [FollowupAction(previous.answer)]
        # A question answered (or refused) in that turn set `last_query`; a fallback there set nothing.
        query = previous.slots.get("last_query") if previous.answer in KNOWLEDGE_ANSWERS else None
        if not isinstance(query, str) or not query or not tracker.get_slot("shown_resources"):
            return []
        # Resources in the newly chosen language when they answer as well; otherwise the same ones.
        in_language = await asyncio.to_thread(retrieve, query, None, (), None, lang, centre)
        if answer_gate().trusts(in_language):
            retrieval = in_language
        else:
            retrieval = await asyncio.to_thread(retrieve, query, centre=centre)
        if not answer_gate().trusts(retrieval):
            return []
        answer = compose(query, retrieval, lang, valid_topic(tracker.get_slot("topic")))
        send_answer(dispatcher, answer, lang, centre)
        return answer_events(answer, query, answer.shown_ids)
