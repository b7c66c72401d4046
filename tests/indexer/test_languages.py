"""Spanish, Italian and Portuguese in the indexer: analysis, detection, the synonym table keyed by
language, retrieval floors on their development sets, and the fallback to French or English resources."""

from __future__ import annotations

import pytest
import yaml

from indexer.evaluate import evaluate, format_table, load_questions
from indexer.expansion import SYNONYMS_FILE, Expander, load_groups, parse_group
from indexer.language import detect
from indexer.lexical import Analyzer
from indexer.records import LANGS
from indexer.settings import REPO_ROOT

NEW = ("es", "it", "pt")
SETS = {lang: REPO_ROOT / "tests" / "data" / f"dev_questions_{lang}.yml" for lang in NEW}
HIT3_FLOOR = 0.85  # issue 17's acceptance, per language


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def test_stemmed_languages_meet_the_words_visitors_type_without_accents(analyzer):
    assert analyzer.analyse("formación profesional", "es") == analyzer.analyse("formacion profesional", "es")
    assert analyzer.analyse("formação", "pt") == analyzer.analyse("formacao", "pt")
    assert analyzer.analyse("lavoratori", "it") == analyzer.analyse("lavoro", "it")
    # The frame and the stop words of a visitor's sentence are not content.
    assert analyzer.analyse("hola, quiero buscar un trabajo", "es") == analyzer.analyse("trabajo", "es")
    # Everyday words meet the base's: Spanish "curro" is work.
    assert analyzer.analyse("curro", "es") == analyzer.analyse("trabajo", "es")


def test_messages_are_told_apart_among_five_languages():
    assert detect("busco trabajo de camarero en madrid") == "es"
    assert detect("vorrei lavorare in germania cosa devo fare") == "it"
    assert detect("preciso de reconhecer o meu diploma") == "pt"
    # Short accentless questions, which lingua spreads over five languages, are told by their own words;
    # the network's name is French in every language and tells nothing.
    assert detect("o que e o rvcc e onde se faz") == "pt"
    assert detect("como se hace el cv europass") == "es"
    assert detect("la cite des metiers es gratis? hay q pedir cita?") == "es"
    assert detect("a cite des metiers e gratis? e preciso marcar?") == "pt"
    assert detect("la cité des métiers est gratuite ?") == "fr"
    # French and English are read as before: short or mixed messages do not fall to another language.
    for text, lang in [("cpf how", "en"), ("cv europass", "fr"), ("prime de precarite cdd", "fr"), ("vae?", "en")]:
        assert detect(text) in ("fr", "en"), text
        assert detect(text) == lang or lang == "fr", text


def test_the_synonym_table_has_phrases_per_language_code():
    raw = yaml.safe_load(SYNONYMS_FILE.read_text(encoding="utf-8"))
    groups = [parse_group(item) for item in raw]
    assert all(set(group.words) <= set(LANGS) for group in groups)
    complete = [group for group in groups if set(NEW) <= set(group.words)]
    assert len(complete) >= 30, len(complete)
    with pytest.raises(ValueError, match="unknown key"):
        parse_group({"topic": "vae", "fr": ["vae"], "sp": ["acreditación"]})
    # Topic labels join the table in every language topics.yml gives them.
    assert any(group.topic == "vae" and "fr" in group.words and "en" in group.words for group in load_groups())


def test_an_italian_question_is_translated_and_glossed_in_english(analyzer):
    expansion = Expander(analyzer).expand("come faccio il riconoscimento del titolo di studio", "it")
    assert "diploma_recognition" in expansion.topics
    assert expansion.by_lang["fr"] and expansion.by_lang["en"] and expansion.by_lang["es"]
    assert any(
        gloss in ("foreign qualification", "diploma recognition", "degree recognition") for gloss in expansion.glosses
    )
    # A French query is never matched against the stemmed languages' phrases ("par" is Spanish "paro").
    french = Expander(analyzer).expand("je veux monter ma boîte, par où je commence ?", "fr")
    assert "chomage" not in french.terms


@pytest.mark.parametrize("lang", NEW)
def test_each_new_language_reaches_its_floor(lang, shipped_searcher):
    questions = load_questions(SETS[lang])
    same = [question for question in questions if not question.cross_language]
    assert len(same) >= 40 and all(question.lang == lang for question in questions)
    known = set(shipped_searcher.generation.position)
    missing = {rid for question in questions for rid in question.relevant if rid not in known}
    assert not missing, f"labels name resources the shipped index lacks: {sorted(missing)}"
    assert sum(shipped_searcher.generation.resource_lang == lang) >= 25
    table = evaluate(shipped_searcher, questions, modes=("fusion",))
    report = format_table(table, (lang, "cross", "all"))
    # Development-set figures (the dense weight for these languages was chosen on them): README,
    # "Retrieval quality".
    assert table["fusion"][lang].hit3 >= HIT3_FLOOR, report
    assert table["fusion"]["cross"].hit3 >= 0.8, report


def test_a_question_only_french_resources_answer_gets_them_with_their_language(shipped_searcher):
    results = shipped_searcher.search("come uso il cpf per pagarmi un corso in francia", 3)
    cpf = {
        "guide-cpf-financer-formation-fr",
        "procedure-activer-cpf-fr",
        "website-moncompteformation-fr",
        "guide-cpf-training-account-en",
        "procedure-activate-cpf-en",
    }
    assert results[0].lang in ("fr", "en") and any(result.id in cpf for result in results), results
    # ... while a question its own language answers gets its own language first.
    italian = shipped_searcher.search("mi hanno licenziato, come mi iscrivo al centro per l'impiego?", 3)
    assert italian[0].lang == "it", italian


def test_french_and_english_visitors_get_french_and_english_resources(shipped_searcher):
    for question in [
        "comment faire un CV au format européen ?",
        "je veux partir travailler en Allemagne, comment je cherche ?",
        "how do I get my foreign degree recognised?",
        "how do I register as a jobseeker?",
    ]:
        results = shipped_searcher.search(question, 3)
        assert all(result.lang in ("fr", "en") for result in results), (question, results)
