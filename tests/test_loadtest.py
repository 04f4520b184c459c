"""The short load and fault test of the production shape (scripts/loadtest.py --short): 2 Rasa
replicas and 2 action servers behind nginx, PostgreSQL and Redis, 8 learners for 20 s, then a
Rasa replica and an action server killed mid-conversation, PostgreSQL's connections cut and
hostile inputs. `make loadtest` runs the long version."""

from __future__ import annotations

import json
import socket
import subprocess

import pytest

from tests.support.stack import PYTHON, ROOT

pytestmark = pytest.mark.stack


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    missing = [
        name for name, port in (("PostgreSQL", 5432), ("Redis", 6379)) if not _listening(port)
    ]
    if missing:  # the development and CI machines run both; a learner's laptop may not
        pytest.skip(f"the production shape needs {' and '.join(missing)} on 127.0.0.1")
    out = tmp_path_factory.mktemp("loadtest") / "loadtest.json"
    done = subprocess.run(
        [str(PYTHON), "scripts/loadtest.py", "--short", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.exists(), done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(out.read_text())


def test_every_learner_is_answered_rightly_and_every_event_is_kept(result: dict) -> None:
    assert result["replicas"] == 2 and result["conversations"] >= 8
    assert result["turns"] > 30
    assert (result["errors"], result["error_examples"]) == (0, [])
    assert result["lost_events"] == 0
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]


@pytest.mark.parametrize(
    "fault",
    [
        "rasa_replica_killed_mid_conversation",
        "action_server_killed_mid_form",
        "postgres_restart",
        "hostile_inputs",
    ],
)
def test_the_conversation_survives(result: dict, fault: str) -> None:
    assert result["faults"][fault]["passed"], result["faults"][fault]
