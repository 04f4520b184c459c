"""Start the real action server and Rasa server on free ports, through `make run`'s own code
(:mod:`bot.stack`).

Used by the conversation tests and the benchmarks. The servers run as child processes with
their own data directory, so a test never touches `var/`.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bot import stack as services

ROOT = Path(__file__).resolve().parents[2]
RASA = services.RASA
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
PYTHON = services.PYTHON
MODEL = ROOT / "models" / "current.tar.gz"


def in_rasa(script: str, *args: str, timeout: float = 600, env: dict | None = None):
    """Run ``script`` in the Rasa environment with ``args`` (and ``env`` added to the
    environment): the JSON its last line prints."""
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", script, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    return services.free_ports(1)[0]


@dataclass
class Stack:
    """The assistant's services for one test module or benchmark: :class:`bot.stack.Stack` (the
    code path of `make run`) on free ports, with a data directory and tokens of its own."""

    data_dir: Path
    database_url: str
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    model: Path = MODEL
    extra_env: dict[str, str] = field(default_factory=dict)
    rasa_replicas: int = 1
    action_replicas: int = 1
    web: bool = False
    rest_token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    running: services.Stack | None = None

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def settings(self) -> dict[str, str]:
        """What this stack sets on top of the environment."""
        return {
            "PYTHONPATH": str(ROOT),
            "MICROCRED_DATA_DIR": str(self.data_dir),
            "DATABASE_URL": self.database_url,
            "TRACKER_STORE_URL": f"sqlite:///{self.data_dir / 'conversations.db'}",
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "RASA_MODEL": str(self.model),
            "REST_TOKEN": self.rest_token,
            "ACTION_TOKEN": "actions-" + self.rest_token,
            "RASA_TELEMETRY_ENABLED": "false",
            **self.extra_env,
        }

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, **self.settings}

    @property
    def processes(self) -> list[subprocess.Popen]:
        return [p.popen for p in self.running.processes] if self.running else []

    def seed(self) -> Stack:
        """Create the catalogue schema and load the sample catalogue, as `make run` does."""
        subprocess.run(
            [str(PYTHON), "-m", "bot.cli", "catalogue", "init"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )
        return self

    def start(self, timeout: float = 240, supervise: bool = False) -> Stack:
        self.running = services.Stack(
            env=self.settings,
            rasa_replicas=self.rasa_replicas,
            action_replicas=self.action_replicas,
            web=self.web,
            log_dir=self.data_dir / "logs",
        )
        self.running.start(timeout=timeout, supervise=supervise)
        return self

    def say(self, message: str, sender: str | None = None) -> list[dict]:
        """Send one message over the REST channel; returns Rasa's list of bot messages."""
        return self.running.say(message, sender=sender or uuid.uuid4().hex, url=self.rasa_url)

    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()


def texts(replies: list[dict]) -> str:
    """All reply texts joined, for assertions."""
    return "\n".join(r.get("text", "") for r in replies)
