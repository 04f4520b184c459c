"""Rasa test stories (tests/stories/): NLU and dialogue predictions of whole conversations."""

from __future__ import annotations

import os
import subprocess

from tests.support.stack import MODEL, RASA, ROOT


def test_conversation_stories_pass(tmp_path) -> None:
    result = subprocess.run(
        [
            str(RASA),
            "test",
            "core",
            "--model",
            str(MODEL),
            "--stories",
            "tests/stories",
            "--out",
            str(tmp_path),
            "--e2e",
            "--fail-on-prediction-errors",
            "--no-plot",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text(encoding="utf-8") if failed.exists() else result.stderr[-3000:]
    assert result.returncode == 0, details
