"""`privacy.logging`: every log record of a process redacted once installed, access logs without addresses.

Each check runs in a fresh Python process, as a server starts: the redacting record factory is
process-wide, and installing it in the test process would redact every other test's logs too.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import io, json, logging, sys
    from privacy.logging import install_redacting_logs, installed

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s|%(message)s"))
    access_handler = logging.StreamHandler(stream)
    access_handler.setFormatter(logging.Formatter("%(name)s|[%(host)s]: %(request)s %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    access = logging.getLogger("sanic.access")
    access.propagate = False
    access.addHandler(access_handler)

    install_redacting_logs()
    install_redacting_logs()  # idempotent
    # a handler added after installing is covered too: the factory, not a handler, does the work
    late = io.StringIO()
    late_handler = logging.StreamHandler(late)
    logging.getLogger("rasa.core.processor").addHandler(late_handler)

    log = logging.getLogger("rasa.core.processor")
    log.info("Received user message '%s'", "je m'appelle Ysaline Kervadec, tel 06 47 29 81 36")
    log.info({"text": "my email is ysaline.kervadec@exemple.fr"})
    log.info("bad format %s %s", "only one argument, IBAN FR76 3000 6000 0112 3456 7890 189")
    try:
        raise ValueError("tracker: [UserUttered('mon NIR est 2 84 05 75 112 223 64')]")
    except ValueError:
        log.exception("Encountered an exception while running action")
    log.warning("stack", stack_info=True)
    access.info("", extra={"status": 200, "byte": 10, "host": "203.0.113.9:51234", "request": "POST http://x/webhook"})
    uvicorn = logging.getLogger("uvicorn.access")
    uvicorn.info('%s - "%s %s HTTP/%s" %d', "198.51.100.7:40000", "GET", "/healthz", "1.1", 200)
    logging.getLogger("deploy").info("listening on http://127.0.0.1:5005")
    print(json.dumps({"installed": installed(), "log": stream.getvalue(), "late": late.getvalue()}))
    """
)

SECRETS = (
    "Ysaline",
    "Kervadec",
    "06 47 29 81 36",
    "ysaline.kervadec@exemple.fr",
    "FR76 3000 6000 0112 3456 7890 189",
    "2 84 05 75 112 223 64",
    "203.0.113.9",
    "198.51.100.7",
)


def run_script() -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_log_records_are_redacted_and_access_logs_hold_no_address():
    result = run_script()
    log, late = result["log"], result["late"]
    assert result["installed"]
    for secret in SECRETS:
        assert secret not in log, secret
        assert secret not in late, secret
    # what was logged is still there, with placeholders, in every kind of record
    assert "Received user message 'je m'appelle [NAME], tel [PHONE]'" in log
    assert "[EMAIL]" in log
    assert "bad format %s %s" in log  # a broken format string keeps its template, never its arguments
    assert "Traceback" in log and "ValueError: tracker: [UserUttered('mon NIR est [ID]')]" in log
    assert "sanic.access|[-]: POST http://x/webhook" in log
    assert 'uvicorn.access|[IP] - "GET /healthz HTTP/1.1" 200' in log
    assert "deploy|listening on [URL]" in log  # URLs go, like any URL a visitor types
    assert "[PHONE]" in late
