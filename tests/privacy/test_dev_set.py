"""The development PII set: well formed, large enough, and redacted above the acceptance thresholds."""

import ast
from pathlib import Path

import pytest

from privacy import analyse
from privacy.evaluate import MIN_KEPT, MIN_RECALL, evaluate, expected_spans, format_table, load_examples
from privacy.spans import KINDS

ROOT = Path(__file__).resolve().parents[2]
DEV_SET = ROOT / "tests" / "data" / "pii_dev.tsv"


@pytest.fixture(scope="module")
def examples():
    return load_examples(DEV_SET)


@pytest.fixture(scope="module")
def report(examples):
    return evaluate(examples)


def test_set_covers_both_languages_every_type_and_clean_lines(examples):
    assert len(examples) >= 200
    assert sum(not example.spans for example in examples) >= 60
    assert {span.kind for example in examples for span in example.spans} == set(KINDS)


def test_recall_and_kept_words_meet_the_acceptance_thresholds(report):
    table = format_table(report)
    for kind, score in report.scores.items():
        assert score.recall >= MIN_RECALL, f"{kind}\n{table}"
    assert report.overall.recall >= MIN_RECALL, table
    assert report.kept_share >= MIN_KEPT, table
    assert report.passes()


def test_no_detected_text_is_left_in_the_output(examples):
    for example in examples:
        result = analyse(example.text)
        out = result.redacted
        for span in result.spans:
            piece = result.text[span.start : span.end]
            if sum(ch.isalnum() for ch in piece) >= 5:
                assert piece not in out, (example.line, piece)


def test_expected_spans_are_read_from_the_second_column():
    spans = expected_spans("tel 06 12 34 56 78 ou marie@x.fr", "tel [PHONE] ou [EMAIL]")
    assert [(s.start, s.end, s.kind) for s in spans] == [(4, 18, "PHONE"), (22, 32, "EMAIL")]
    with pytest.raises(ValueError, match="not the text"):
        expected_spans("tel 06 12 34 56 78", "phone [PHONE]")


def test_malformed_set_names_the_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# comment\nok line\t=\nno tab here\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:3: no tab"):
        load_examples(bad)


def test_privacy_package_stands_alone_and_parses_as_python_3_10():
    """The Rasa process runs Python 3.10 and must not pull in the other parts."""
    for path in (ROOT / "privacy").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), feature_version=(3, 10))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                top = node.module.split(".")[0]
                assert top not in {"actions", "bot", "indexer", "desk", "cdm", "deploy"}, (path.name, node.module)
