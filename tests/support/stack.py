"""Start the real action server and Rasa server on free ports, as `make run` does.

Used by the conversation tests and the benchmarks. Both servers run as child
processes with their own data directory, so a test never touches `var/`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
PYTHON = ROOT / ".venv" / "bin" / "python"
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
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    """A running action server + Rasa server pair."""

    data_dir: Path
    database_url: str
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    model: Path = MODEL
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "MICROCRED_DATA_DIR": str(self.data_dir),
            "DATABASE_URL": self.database_url,
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.action_port}/webhook",
            "TRACKER_DIALECT": "sqlite",
            "TRACKER_HOST": "",
            "TRACKER_DB": str(self.data_dir / "conversations.db"),
            "RASA_TELEMETRY_ENABLED": "false",
            **self.extra_env,
        }

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

    def start(self, timeout: float = 240) -> Stack:
        logs = self.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self._spawn(
            [
                str(PYTHON),
                "-m",
                "rasa_sdk",
                "--actions",
                "actions",
                "--port",
                str(self.action_port),
            ],
            logs / "actions.log",
        )
        self._spawn(
            [
                str(RASA),
                "run",
                "--model",
                str(self.model),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
                "--port",
                str(self.rasa_port),
                "--cors",
                "*",
            ],
            logs / "rasa.log",
        )
        try:
            self._wait_until_up(f"http://127.0.0.1:{self.action_port}/health", timeout)
            self._wait_until_up(self.rasa_url + "/", timeout)
            self._wait_until_model_loaded(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, command: list[str], log: Path) -> None:
        out = log.open("wb")
        self.processes.append(
            subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        )

    def _wait_until_up(self, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{process.args[0]} exited: see {self.data_dir / 'logs'}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"{url} not up after {timeout}s: see {self.data_dir / 'logs'}")

    def _wait_until_model_loaded(self, timeout: float) -> None:
        """Rasa answers HTTP before its model is loaded, with empty replies: wait for a real one."""
        deadline = time.monotonic() + timeout
        while not self.say("/greet", sender="readiness-check"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"Rasa's model not loaded after {timeout}s: see {self.data_dir}")
            time.sleep(0.5)

    def say(self, message: str, sender: str | None = None) -> list[dict]:
        """Send one message over the REST channel; returns Rasa's list of bot messages."""
        response = httpx.post(
            self.rasa_url + "/webhooks/rest/webhook",
            json={"sender": sender or uuid.uuid4().hex, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def texts(replies: list[dict]) -> str:
    """All reply texts joined, for assertions."""
    return "\n".join(r.get("text", "") for r in replies)
