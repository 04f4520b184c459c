"""The training data, domain and config are consistent (Rasa's own validator)."""

from __future__ import annotations

import os
import subprocess

from tests.support.stack import RASA, ROOT


def test_rasa_data_validate_has_no_warnings() -> None:
    result = subprocess.run(
        [str(RASA), "data", "validate", "--fail-on-warnings"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=600,
    )
    problems = [
        line for line in (result.stdout + result.stderr).splitlines()
        if "UserWarning" in line or "WARNING" in line or "ERROR" in line
    ]
    assert result.returncode == 0, "\n".join(problems) or result.stderr[-3000:]
