"""`cdm redact` and `cdm eval --pii` through a real process."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CDM = [sys.executable, "-m", "cdm.cli"]


def test_redact_answers_each_line_as_it_arrives_and_survives_bad_bytes():
    with subprocess.Popen(
        [*CDM, "redact"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        # One line in, one line out, while standard input is still open: output is flushed per line.
        process.stdin.write(b"je m'appelle Marie Dupont, tel 06 12 34 56 78\n")
        process.stdin.flush()
        assert process.stdout.readline().decode() == "je m'appelle [NAME], tel [PHONE]\n"
        process.stdin.write(b"\xff\xfe\x00 mail marie@gmail.com\r\n\n" + b"x" * 500_000 + b" 0612345678\nend\n")
        process.stdin.close()
        rest = process.stdout.read().decode().splitlines()
        assert process.wait(timeout=120) == 0
    assert rest[0].endswith("mail [EMAIL]") and "\x00" not in rest[0]
    assert rest[1] == ""
    assert "0612345678" not in rest[2]
    assert rest[3] == "end"


def test_eval_pii_prints_the_table_and_passes(tmp_path):
    done = subprocess.run([*CDM, "eval", "--pii"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    for word in ("NAME", "PHONE", "IBAN", "overall", "must-stay words kept", "acceptance"):
        assert word in done.stdout
    bad = tmp_path / "bad.tsv"
    bad.write_text("je m'appelle Marie\tje m'appelle [NAME]\nno tab\n", encoding="utf-8")
    failed = subprocess.run([*CDM, "eval", "--pii", str(bad)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert failed.returncode == 1
    assert "bad.tsv:2: no tab" in failed.stderr
