"""Starting the assistant's services: the one code path of `make run`, the tests, the
benchmarks, the production script and the containers.

- ``microcred serve <service>`` turns the settings (:mod:`bot.config`) into the service's own
  command and becomes it: ``rasa`` (Rasa's server, from the Rasa environment), ``actions``
  (:mod:`bot.action_server`), ``web`` (the demo page and adviser page), ``telegram``. The
  containers (compose.yaml, deploy/kubernetes) run exactly these.
- :class:`Stack` starts a set of them as child processes, each ``microcred serve`` with its own
  environment, waits until each is ready, and (``supervise``) restarts one that dies, with a
  back-off, logging why, while the others go on serving. Several Rasa or action-server
  replicas sit behind nginx (``nginx=True``), which then holds the public ports.
- ``microcred run`` is `make run`: catalogue ready, records purged, tokens made for this run
  where none are set, everything started and supervised until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot import config

log = logging.getLogger("microcred.stack")

ROOT = config.PROJECT_ROOT
PYTHON = ROOT / ".venv" / "bin" / "python"
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
NGINX_TEMPLATE = ROOT / "deploy" / "local" / "nginx.conf"
SERVICES = ("rasa", "actions", "web", "telegram")
TOKENS = ("REST_TOKEN", "ACTION_TOKEN", "ADVISER_TOKEN")  # made per run when not set


# --- one service ------------------------------------------------------------------------


def service_command(name: str) -> list[str]:
    """The command that runs service ``name`` as the settings say."""
    config.check()
    if name == "rasa":
        return [
            str(RASA), "run", "--model", str(config.rasa_model()),
            "--endpoints", str(ROOT / "endpoints.yml"),
            "--credentials", str(ROOT / "credentials.yml"),
            "--interface", config.bind_host(), "--port", str(config.rasa_port()),
            "--cors", *config.widget_origins(),
        ]  # fmt: skip
    if name == "actions":
        return [str(PYTHON), "-m", "bot.action_server"]
    if name in ("web", "telegram"):
        return [str(PYTHON), "-m", "bot.cli", name]
    raise ValueError(f"no service {name!r}: one of {', '.join(SERVICES)}")


def service_environment(name: str) -> dict[str, str]:
    """The environment service ``name`` runs in: ours, with what Rasa's files need spelled out."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    if name == "rasa":
        # endpoints.yml reads these two; Rasa refuses an unset ${…}.
        env["ACTION_ENDPOINT_URL"] = config.action_endpoint_url()
        env["ACTION_TOKEN"] = config.action_token()
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return env


def serve(name: str) -> None:
    """Become service ``name`` (``microcred serve``)."""
    command = service_command(name)
    os.chdir(ROOT)
    os.execve(command[0], command, service_environment(name))


# --- a set of services ------------------------------------------------------------------


@dataclass
class Process:
    """One supervised child: ``microcred serve <service>`` with ``env`` added."""

    label: str
    service: str
    env: dict[str, str]
    ready: str  # URL answering 200 when the service is up ("" = no check)
    log: Path
    popen: subprocess.Popen | None = None
    restarts: int = 0
    command: list[str] | None = None  # instead of ``microcred serve`` (nginx)

    def spawn(self, base: dict[str, str]) -> None:
        command = self.command or [str(PYTHON), "-m", "bot.cli", "serve", self.service]
        out = self.log.open("ab")
        self.popen = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**base, **self.env, "PYTHONPATH": str(ROOT)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in the terminal reaches only the supervisor
        )
        out.close()

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, sig: int) -> None:
        """Send ``sig`` to the process and anything it started (its own process group)."""
        if self.popen is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)

    def stop(self, wait: float = 20) -> None:
        if self.popen is None:
            return
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait()


@dataclass
class Stack:
    """The assistant's services as child processes.

    ``env`` overrides the environment for every service (ports, database URLs, tokens);
    settings not given come from :mod:`bot.config`'s defaults as each service reads them. With
    ``rasa_replicas`` or ``action_replicas`` above one, nginx holds ``RASA_PORT`` and
    ``ACTION_PORT`` and the replicas listen on ports of their own.
    """

    env: dict[str, str] = field(default_factory=dict)
    rasa_replicas: int = 1
    action_replicas: int = 1
    web: bool = False
    telegram: bool = False
    log_dir: Path | None = None
    processes: list[Process] = field(default_factory=list)
    _watch: threading.Thread | None = None
    _stopping: threading.Event = field(default_factory=threading.Event)

    # settings as the services will read them
    def setting(self, name: str, default: str = "") -> str:
        return self.env.get(name) or os.environ.get(name) or default

    @property
    def host(self) -> str:
        return self.setting("BIND_HOST", "127.0.0.1")

    @property
    def rasa_url(self) -> str:
        return f"http://{_loopback(self.host)}:{self.setting('RASA_PORT', '5005')}"

    @property
    def nginx(self) -> bool:
        return self.rasa_replicas > 1 or self.action_replicas > 1

    def base_env(self) -> dict[str, str]:
        return {**os.environ, **self.env}

    def plan(self) -> list[Process]:
        """The processes to start, in order."""
        logs = self.log_dir or Path(self.setting("MICROCRED_DATA_DIR", str(ROOT / "var"))) / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        host, loop = self.host, _loopback(self.host)
        rasa_port, action_port = (
            int(self.setting("RASA_PORT", "5005")),
            int(self.setting("ACTION_PORT", "5055")),
        )
        plan: list[Process] = []
        action_ports = free_ports(self.action_replicas) if self.nginx else [action_port]
        rasa_ports = free_ports(self.rasa_replicas) if self.nginx else [rasa_port]
        inner = loop if self.nginx else host  # behind nginx, replicas listen on loopback only
        for i, port in enumerate(action_ports, 1):
            plan.append(
                Process(
                    f"actions{i if self.action_replicas > 1 else ''}",
                    "actions",
                    {
                        "ACTION_PORT": str(port),
                        "BIND_HOST": inner,
                    },
                    f"http://{loop}:{port}/health",
                    logs / f"actions{i}.log",
                )
            )
        endpoint = {"ACTION_ENDPOINT_URL": f"http://{loop}:{action_port}/webhook"}
        for i, port in enumerate(rasa_ports, 1):
            plan.append(
                Process(
                    f"rasa{i if self.rasa_replicas > 1 else ''}",
                    "rasa",
                    {**endpoint, "RASA_PORT": str(port),
                     "BIND_HOST": inner,
                     # behind nginx, the client's address is the X-Forwarded-For it adds
                     **({"SANIC_PROXIES_COUNT": "1"} if self.nginx else {})},
                    f"http://{loop}:{port}/",
                    logs / f"rasa{i}.log",
                )
            )  # fmt: skip
        if self.nginx:
            conf = logs.parent / "nginx.conf"
            conf.write_text(
                nginx_conf(host, rasa_port, rasa_ports, action_port, action_ports, logs.parent)
            )
            plan.append(
                Process(
                    "nginx", "nginx", {}, "", logs / "nginx.log",
                    command=[_nginx(), "-p", str(logs.parent), "-c", str(conf),
                             "-e", str(logs / "nginx-error.log"), "-g", "daemon off;"],
                )
            )  # fmt: skip
        if self.web:
            web_port = self.setting("WEB_PORT", "8080")
            plan.append(
                Process(
                    "web", "web", {"RASA_URL": self.public_rasa_url()},
                    f"http://{loop}:{web_port}/", logs / "web.log",
                )
            )  # fmt: skip
        if self.telegram:
            plan.append(
                Process(
                    "telegram", "telegram", {"RASA_URL": self.rasa_url}, "", logs / "telegram.log"
                )
            )
        return plan

    def public_rasa_url(self) -> str:
        return self.setting("RASA_URL") or self.rasa_url

    def start(self, timeout: float = 240, supervise: bool = False) -> Stack:
        """Start every process and wait until all are ready (the model loaded)."""
        base = self.base_env()
        self.processes = self.processes or self.plan()
        try:
            for process in self.processes:
                process.spawn(base)
            deadline = time.monotonic() + timeout
            for process in self.processes:
                if process.ready:
                    self._wait(process, deadline)
            self.wait_for_model(deadline)
        except BaseException:
            self.stop()
            raise
        if supervise:
            self._watch = threading.Thread(target=self.supervise, daemon=True, name="supervise")
            self._watch.start()
        return self

    def _wait(self, process: Process, deadline: float) -> None:
        while time.monotonic() < deadline:
            if not process.alive:
                raise RuntimeError(f"{process.label} exited while starting: see {process.log}")
            try:
                if httpx.get(process.ready, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"{process.label} not up at {process.ready}: see {process.log}")

    def wait_for_model(self, deadline: float) -> None:
        """Wait until every Rasa replica, asked directly, answers a real turn."""
        for process in self.processes:
            if process.service != "rasa":
                continue
            url = process.ready.rstrip("/")
            while not self.say("/greet", sender=f"readiness-{secrets.token_hex(4)}", url=url):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{process.label}'s model not loaded: see {process.log}")
                if not process.alive:
                    raise RuntimeError(f"{process.label} exited while loading: see {process.log}")
                time.sleep(0.5)

    def say(
        self, message: str, sender: str, url: str | None = None, metadata: dict | None = None
    ) -> list[dict]:
        """One message over the REST channel (with ``REST_TOKEN``); Rasa's replies."""
        body = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        reply = httpx.post(
            (url or self.rasa_url) + "/webhooks/rest/webhook",
            json=body,
            headers={"Authorization": f"Bearer {self.setting('REST_TOKEN')}"},
            timeout=60,
        )
        reply.raise_for_status()
        return reply.json()

    def supervise(self) -> None:
        """Restart any process that dies until :meth:`stop`; back off 1, 2, 4 … 30 s."""
        base = self.base_env()
        while not self._stopping.wait(0.5):
            for process in self.processes:
                if process.alive or self._stopping.is_set():
                    continue
                code = process.popen.returncode if process.popen else None
                delay = min(30, 2 ** min(process.restarts, 5))
                log.warning(
                    "%s exited (code %s): restarting in %s s (restart %d); see %s",
                    process.label, code, delay, process.restarts + 1, process.log,
                )  # fmt: skip
                process.signal(signal.SIGKILL)  # anything it left behind
                if self._stopping.wait(delay):
                    return
                process.restarts += 1
                process.spawn(base)

    def stop(self) -> None:
        self._stopping.set()
        for process in reversed(self.processes):
            if process.alive:
                process.signal(signal.SIGTERM)
        for process in self.processes:
            process.stop()
        if self._watch is not None:
            self._watch.join(timeout=5)


def _loopback(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "", "::") else host


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports free on loopback now (a moment later someone may take one)."""
    import socket

    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise RuntimeError("several replicas need nginx: `apt-get install nginx` (Debian)")
    return found


def nginx_conf(
    host: str, rasa_port: int, rasa_ports: list[int], action_port: int, action_ports: list[int],
    state: Path,
) -> str:  # fmt: skip
    """deploy/local/nginx.conf for these ports: Rasa's replicas on ``rasa_port``, the action
    servers' on ``action_port`` (loopback only), temporary files under ``state``."""

    def servers(ports: list[int]) -> str:
        return "\n".join(
            f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports
        )

    return (
        NGINX_TEMPLATE.read_text()
        .replace("@STATE@", str(state))
        .replace("@LISTEN@", f"{host}:{rasa_port}")
        .replace("@ACTION_LISTEN@", f"127.0.0.1:{action_port}")
        .replace("@RASA_SERVERS@", servers(rasa_ports))
        .replace("@ACTION_SERVERS@", servers(action_ports))
    )


# --- make run ---------------------------------------------------------------------------


def _prepare() -> list[str] | int:
    """What `make run` and `make shell` do first: settings checked, a token made for this run
    where none is set, the catalogue ready, old records purged. The tokens it generated, or
    an exit status."""
    logging.basicConfig(level=logging.INFO, format=">> %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        config.check()
    except config.SettingError as exc:
        print(f"!! {exc}", file=sys.stderr)
        return 2
    generated = [name for name in TOKENS if not os.environ.get(name, "").strip()]
    for name in generated:
        os.environ[name] = secrets.token_urlsafe(24)
    for step in (["catalogue", "init"], ["purge"]):
        done = subprocess.run(
            [str(PYTHON), "-m", "bot.cli", *step],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
        )
        if done.returncode:
            print(f"!! microcred {' '.join(step)}: {done.stderr.strip()}", file=sys.stderr)
            return done.returncode
        print(f">> {' '.join(step)}: {done.stdout.strip()}")
    return generated


def run(args: argparse.Namespace) -> int:
    """`make run`: everything up, supervised, until Ctrl-C or SIGTERM."""
    generated = _prepare()
    if isinstance(generated, int):
        return generated
    stack = Stack(
        rasa_replicas=args.rasa_replicas,
        action_replicas=args.action_replicas,
        web=not args.no_web,
        telegram=bool(config.telegram_token()),
    )
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    stack.processes = stack.plan()
    print(">> starting: " + ", ".join(p.label for p in stack.processes) + " (loading the model)")
    try:
        stack.start(supervise=True)
    except (RuntimeError, TimeoutError) as exc:
        print(f"!! {exc}", file=sys.stderr)
        return 1
    print(banner(stack, generated))
    stopping.wait()
    print(">> stopping")
    stack.stop()
    return 0


def shell(_: argparse.Namespace) -> int:
    """`make shell`: the action server, and Rasa's shell in this terminal."""
    generated = _prepare()
    if isinstance(generated, int):
        return generated
    stack = Stack(rasa_replicas=0).start(supervise=True)
    try:
        command = [str(RASA), "shell", "--model", str(config.rasa_model()),
                   "--endpoints", str(ROOT / "endpoints.yml")]  # fmt: skip
        return subprocess.run(command, cwd=ROOT, env=service_environment("rasa")).returncode
    finally:
        stack.stop()


def banner(stack: Stack, generated: list[str]) -> str:
    web = f"http://{_loopback(stack.host)}:{stack.setting('WEB_PORT', '8080')}"
    made = (
        f"  ({', '.join(generated)} generated for this run: set them to keep them)"
        if generated
        else ""
    )
    return f"""
  The assistant is up (logs in {stack.processes[0].log.parent}).
    REST:      curl -H "Authorization: Bearer $REST_TOKEN" {stack.rasa_url}/webhooks/rest/webhook \\
                 -d '{{"sender": "me", "message": "How much is the fee?"}}'
               REST_TOKEN={config.rest_token()}
    socket.io: {stack.rasa_url}/socket.io  (from {", ".join(config.widget_origins())})
    widget:    {web}/
    advisers:  {web}/advisers  token: {config.adviser_token()}
{made}
  A service that stops is restarted. Ctrl-C stops everything.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run", help="run the assistant (make run): all services, supervised"
    )
    parser.add_argument("--rasa-replicas", type=int, default=1, help="Rasa servers behind nginx")
    parser.add_argument(
        "--action-replicas", type=int, default=1, help="action servers behind nginx"
    )
    parser.add_argument("--no-web", action="store_true", help="without the demo and adviser page")
    parser.set_defaults(func=run)
    parser = subparsers.add_parser("shell", help="chat in this terminal (make shell)")
    parser.set_defaults(func=shell)
    parser = subparsers.add_parser(
        "serve", help="become one service, as the settings say (containers)"
    )
    parser.add_argument("service", choices=SERVICES)
    parser.set_defaults(func=lambda args: serve(args.service))
