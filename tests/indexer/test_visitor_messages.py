"""The visitor-written development set: its shape, its split and its labels against the shipped base."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from common.topics import load_taxonomy
from indexer.build import kb_files
from indexer.evaluate import SPLITS, VISITOR_SECTIONS, is_visitor_set, load_questions, load_visitor_messages
from indexer.records import Resource
from indexer.settings import REPO_ROOT
from indexer.sources import reader_for

VISITOR_SET = REPO_ROOT / "tests" / "data" / "visitor_messages.yml"
DEV_SET = REPO_ROOT / "tests" / "data" / "dev_questions.yml"
SHIPPED_KB = REPO_ROOT / "knowledge_base"
MINIMUM = {"answerable": 260, "not_crisis": 60, "crisis": 40, "unanswerable": 40}
STYLES = {"sms", "typo", "phonetic", "story", "mixed", "short", "named"}


@pytest.fixture(scope="module")
def sections():
    return {section: load_visitor_messages(VISITOR_SET, section) for section in VISITOR_SECTIONS}


@pytest.fixture(scope="module")
def shipped_ids() -> set[str]:
    """Resource ids of the shipped base, read file by file (no index, no model needed)."""
    ids = set()
    for path in kb_files(SHIPPED_KB):
        result = reader_for(path.suffix)(path.read_bytes(), str(path.relative_to(SHIPPED_KB)))
        ids.update(record.id for record in result.records if isinstance(record, Resource))
    return ids


def test_every_section_is_large_enough_in_both_languages(sections):
    for section, messages in sections.items():
        assert len(messages) >= MINIMUM[section], section
        languages = Counter(message.lang for message in messages)
        assert set(languages) == {"fr", "en"}, (section, languages)
        assert min(languages.values()) >= MINIMUM[section] // 3, (section, languages)
    answerable = Counter(message.lang for message in sections["answerable"])
    assert answerable["fr"] >= 135 and answerable["en"] >= 115, answerable


def test_ids_are_unique_and_texts_new(sections):
    ids = [message.id for messages in sections.values() for message in messages]
    assert len(ids) == len(set(ids)), [item for item, count in Counter(ids).items() if count > 1]
    texts = [message.text.casefold() for messages in sections.values() for message in messages]
    assert len(texts) == len(set(texts)), [item for item, count in Counter(texts).items() if count > 1]
    clean = {question.text.casefold() for question in load_questions(DEV_SET)}
    assert not clean & set(texts), "a message copies the clean development set"


def test_split_is_balanced_per_section_language_and_style(sections):
    """The halves as the set was split; messages written later for tuning (`late`) are all `tune`."""
    for section, all_messages in sections.items():
        assert all(message.split == "tune" for message in all_messages if message.late), section
        messages = [message for message in all_messages if not message.late]
        assert {message.split for message in messages} == set(SPLITS), section
        for lang in ("fr", "en"):
            halves = Counter(message.split for message in messages if message.lang == lang)
            assert abs(halves["tune"] - halves["heldout"]) <= 1, (section, lang, halves)
    answerable = [message for message in sections["answerable"] if not message.late]
    assert {message.style for message in answerable} == STYLES
    for lang in ("fr", "en"):
        for style in STYLES:
            halves = Counter(message.split for message in answerable if (message.lang, message.style) == (lang, style))
            assert halves["tune"] >= 4 and abs(halves["tune"] - halves["heldout"]) <= 1, (lang, style, halves)


def test_the_split_filter_returns_one_half(sections):
    for section, messages in sections.items():
        tune = load_visitor_messages(VISITOR_SET, section, "tune")
        heldout = load_visitor_messages(VISITOR_SET, section, "heldout")
        assert {message.split for message in tune} == {"tune"} and {message.split for message in heldout} == {"heldout"}
        assert sorted(message.id for message in tune + heldout) == sorted(message.id for message in messages)


def test_answerable_labels_name_shipped_resources_and_known_topics(sections, shipped_ids):
    taxonomy = load_taxonomy()
    for message in sections["answerable"]:
        assert message.relevant, message.id
        assert len(set(message.relevant)) == len(message.relevant), message.id
        missing = [rid for rid in message.relevant if rid not in shipped_ids]
        assert not missing, (message.id, missing)
        assert message.topics and all(taxonomy.is_topic(topic) for topic in message.topics), message.id
        assert message.as_question().relevant == message.relevant


def test_only_answerable_messages_carry_labels(sections):
    for section in ("not_crisis", "crisis", "unanswerable"):
        for message in sections[section]:
            assert not message.relevant and not message.topics, message.id


def test_loader_refuses_what_it_cannot_read(tmp_path):
    with pytest.raises(ValueError, match="unknown section"):
        load_visitor_messages(VISITOR_SET, "questions")
    with pytest.raises(ValueError, match="unknown split"):
        load_visitor_messages(VISITOR_SET, "answerable", "test")
    assert is_visitor_set(VISITOR_SET) and not is_visitor_set(DEV_SET)
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump({"answerable": [{"id": "x", "lang": "fr", "split": "tune", "q": "cv ?"}]}))
    with pytest.raises(ValueError, match="names no relevant resource"):
        load_visitor_messages(bad, "answerable")
    late_heldout = {"id": "x", "lang": "en", "split": "heldout", "late": True, "q": "?"}
    bad.write_text(yaml.safe_dump({"unanswerable": [late_heldout]}))
    with pytest.raises(ValueError, match="can only tune"):
        load_visitor_messages(bad, "unanswerable")
    bad.write_text(yaml.safe_dump({"crisis": [{"id": "x", "lang": "fr", "q": "..."}]}))
    with pytest.raises(ValueError, match="lacks"):
        load_visitor_messages(bad, "crisis")
    with pytest.raises(ValueError, match="no 'answerable' section"):
        load_visitor_messages(bad, "answerable")
