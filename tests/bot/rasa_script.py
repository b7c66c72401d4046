"""Running a script of tests/ under .venv-rasa (Rasa needs Python 3.10, the tests run on 3.11)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def run_in_rasa(script: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    """The JSON value the script prints on its last line; the test fails with its stderr if it fails."""
    done = subprocess.run(
        [str(RASA_PYTHON), str(script), *args], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
