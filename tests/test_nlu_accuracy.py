"""NLU quality on held-out messages the model never saw (tests/nlu/heldout_*.yml).

The thresholds are the bar from the FAQ-understanding issue; the measured numbers are
printed at the end of the test run and kept in test-artifacts/nlu_report.json.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.support.stack import MODEL, RASA_PYTHON, ROOT

ACCURACY = 0.95
OUT_OF_SCOPE_FALLBACK = 0.95
REPORT = ROOT / "test-artifacts" / "nlu_report.json"


@pytest.fixture(scope="module")
def report(measurements: dict) -> dict:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run the tests through `make test`, which trains it")
    subprocess.run(
        [
            str(RASA_PYTHON),
            "scripts/evaluate_nlu.py",
            "--model",
            str(MODEL),
            "--json",
            str(REPORT),
            "tests/nlu/heldout_en.yml",
            "tests/nlu/heldout_ms.yml",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        timeout=900,
    )
    result = json.loads(REPORT.read_text(encoding="utf-8"))
    for name, numbers in result.items():
        measurements[f"NLU {name}: intent+response accuracy"] = (
            f"{numbers['accuracy']:.1%} of {numbers['examples']}"
        )
        measurements[f"NLU {name}: out-of-scope falls back"] = (
            f"{numbers['out_of_scope_fallback_rate']:.1%} of {numbers['out_of_scope_examples']}"
        )
    return result


@pytest.mark.parametrize("heldout", ["heldout_en", "heldout_ms"])
def test_intent_and_response_accuracy(report: dict, heldout: str) -> None:
    numbers = report[heldout]
    assert numbers["accuracy"] >= ACCURACY, json.dumps(
        numbers["errors"], indent=1, ensure_ascii=False
    )


@pytest.mark.parametrize("heldout", ["heldout_en", "heldout_ms"])
def test_out_of_scope_messages_fall_back(report: dict, heldout: str) -> None:
    numbers = report[heldout]
    assert numbers["out_of_scope_fallback_rate"] >= OUT_OF_SCOPE_FALLBACK, numbers["errors"].get(
        "out_of_scope"
    )
