"""Load and fault tests of the production shape on this machine (loopback only, bounded).

For each number of Rasa replicas asked (``--replicas 1,2``), starts the production shape with
`make run`'s own code (:class:`bot.stack.Stack`): Rasa replicas and two action servers behind
nginx, conversations on PostgreSQL, the Redis lock store, the catalogue on PostgreSQL (fresh
databases, dropped afterwards). Then ``--learners`` concurrent learners hold multi-turn
conversations (FAQ in English and Malay, catalogue follow-ups, the advising form) over the
REST channel for ``--duration`` seconds, 0.3-0.7 s between a learner's messages (faster
than people type, so that one replica is saturated and the replicas' capacity shows), each
reply checked against what that conversation must say (a wrong credential or a lost form step
is an error, not a reply). Afterwards every
conversation is read back from the tracker store: each message and a reply to it, in order
(``lost_events`` counts what is missing or out of place).

On the last shape, the faults: a Rasa replica killed mid-conversation (the conversation goes on,
on the other, with its state), an action server killed mid-form, PostgreSQL's connections cut
(``--restart-postgres``: PostgreSQL restarted for real), hostile inputs.

    scripts/loadtest.py                       # make loadtest: 50 learners, 2 min, 1 and 2 replicas
    scripts/loadtest.py --short --out x.json  # the version make test runs

Writes ``--out`` (``results/loadtest.json``): ``replicas``, ``conversations``, ``errors``,
``lost_events``, ``p50_ms``/``p95_ms``/``p99_ms``, ``throughput_rps`` of the last shape, each
shape's figures under ``shapes``, and ``faults``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import messages  # noqa: E402
from bot.stack import PYTHON, Stack, free_ports  # noqa: E402
from scripts.bench import percentile  # noqa: E402

POSTGRES = os.environ.get("LOADTEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("LOADTEST_REDIS", "redis://127.0.0.1:6379/7")

# Conversations as learners hold them: (message, words the reply must contain).
CONVERSATIONS: list[list[tuple[str, str]]] = [
    [
        ("hi", "micro-credential"),
        ("how much is DSC-101?", "RM650"),
        ("how long is it?", "80 hours"),
        ("is it online?", "online"),
        ("thanks", "welcome"),
    ],
    [
        ("berapa yuran mikro-kredensial?", "RM500"),
        ("berapa lama tempoh dia?", "160 jam"),
        ("ada had umur?", "umur"),
        ("terima kasih", "Sama-sama"),
    ],
    [
        ("can my micro-credential count towards a degree?", "recognition"),
        ("it's credit-bearing, not a standalone one", "accredited programme?"),
        ("yes", "same higher education provider"),
        ("a different university", "Rule a applies only"),
    ],
    [
        ("what is a digital badge?", "digital badge"),
        ("how much is CYB-110?", "CYB-110"),
        ("how many hours?", "120 hours"),
        ("can foreigners apply?", "non-Malaysians"),
    ],
]
APOLOGIES = {messages.render("cannot_answer_now", lang) for lang in ("en", "ms")}


def pg_url(database: str, driver: str = "") -> str:
    base = POSTGRES.rsplit("/", 1)[0]
    return f"{base.replace('postgresql://', f'postgresql{driver}://', 1)}/{database}"


def admin(sql: str) -> None:
    with psycopg.connect(POSTGRES, autocommit=True) as db:
        db.execute(sql)


@dataclass
class Shape:
    """The production shape with ``replicas`` Rasa servers, on fresh databases."""

    replicas: int
    actions: int = 2
    work: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="loadtest-")))
    name: str = field(default_factory=lambda: "microcred_load_" + secrets.token_hex(4))
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    stack: Stack | None = None

    @property
    def env(self) -> dict[str, str]:
        return {
            "MICROCRED_DATA_DIR": str(self.work),
            "DATABASE_URL": pg_url(self.name + "_catalogue", "+psycopg"),
            "TRACKER_STORE_URL": pg_url(self.name),
            "LOCK_STORE_URL": REDIS,
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "REST_TOKEN": self.token,
            "ACTION_TOKEN": "actions-" + self.token,
            "MICROCRED_SALT": "loadtest",
            "RATE_PER_SENDER": "30",
        }

    def __post_init__(self) -> None:
        self.rasa_port, self.action_port = free_ports(2)

    def start(self) -> Shape:
        for database in (self.name, self.name + "_catalogue"):
            admin(f'CREATE DATABASE "{database}"')
        subprocess.run(
            [str(PYTHON), "-m", "bot.cli", "catalogue", "init"],
            cwd=ROOT,
            env={**os.environ, **self.env, "PYTHONPATH": str(ROOT)},
            check=True,
            capture_output=True,
        )
        self.stack = Stack(
            env=self.env,
            rasa_replicas=self.replicas,
            action_replicas=self.actions,
            log_dir=self.work / "logs",
        )
        self.stack.start(supervise=True)
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def stop(self) -> None:
        if self.stack:
            self.stack.stop()
        for database in (self.name, self.name + "_catalogue"):
            admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


# --- the learners -------------------------------------------------------------------------


@dataclass
class Turn:
    sender: str
    text: str
    ms: float
    ok: bool
    why: str = ""


async def say(client: httpx.AsyncClient, url: str, sender: str, text: str, expect: str) -> Turn:
    started = time.perf_counter()
    try:
        response = await client.post(url, json={"sender": sender, "message": text})
        ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            return Turn(sender, text, ms, False, f"HTTP {response.status_code}")
        reply = "\n".join(m.get("text") or "" for m in response.json())
    except (httpx.HTTPError, ValueError) as exc:
        return Turn(sender, text, (time.perf_counter() - started) * 1000, False, repr(exc))
    if not reply.strip():
        return Turn(sender, text, ms, False, "silent")
    if reply.strip() in APOLOGIES:
        return Turn(sender, text, ms, False, "apology")
    if expect.lower() not in reply.lower():
        return Turn(sender, text, ms, False, f"expected {expect!r}, got {reply[:120]!r}")
    return Turn(sender, text, ms, True)


async def learner(
    index: int, url: str, token: str, deadline: float, think: tuple[float, float], turns: list
) -> list[str]:
    """One learner holding conversation after conversation until ``deadline``; the senders."""
    rng = random.Random(index)
    senders: list[str] = []
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=60, headers=headers) as client:
        await asyncio.sleep(rng.uniform(0, think[1]))  # learners do not all start at once
        conversation = index
        while time.monotonic() < deadline:
            script = CONVERSATIONS[conversation % len(CONVERSATIONS)]
            conversation += 1
            sender = f"load-{uuid.uuid4().hex}"
            senders.append(sender)
            for text, expect in script:
                if time.monotonic() >= deadline:
                    break
                turns.append(await say(client, url, sender, text, expect))
                await asyncio.sleep(rng.uniform(*think))
    return senders


def load(shape: Shape, learners: int, duration: float, think: tuple[float, float]) -> dict:
    turns: list[Turn] = []

    async def run() -> list[list[str]]:
        deadline = time.monotonic() + duration
        return await asyncio.gather(
            *(learner(i, shape.url, shape.token, deadline, think, turns) for i in range(learners))
        )

    started = time.perf_counter()
    senders = [s for group in asyncio.run(run()) for s in group]
    wall = time.perf_counter() - started
    failed = [t for t in turns if not t.ok]
    timings = [t.ms for t in turns]
    lost = lost_events(shape, turns)
    return {
        "replicas": shape.replicas,
        "action_servers": shape.actions,
        "learners": learners,
        "duration_s": round(wall, 1),
        "conversations": len(senders),
        "turns": len(turns),
        "errors": len(failed),
        "error_examples": sorted({f"{t.text!r}: {t.why}" for t in failed})[:10],
        "lost_events": lost,
        "p50_ms": round(percentile(timings, 0.50), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "p99_ms": round(percentile(timings, 0.99), 1),
        "throughput_rps": round(len(turns) / wall, 2),
    }


def stored(shape: Shape, senders: list[str]) -> dict[str, list[tuple[str, str | None]]]:
    """Each conversation's user and bot events from the tracker store, in stored order."""
    found: dict[str, list[tuple[str, str | None]]] = {s: [] for s in senders}
    with psycopg.connect(shape.env["TRACKER_STORE_URL"]) as db:
        rows = db.execute(
            "select sender_id, type_name, data from events where sender_id = any(%s) "
            "and type_name in ('user', 'bot') order by id",
            (senders,),
        ).fetchall()
    for sender, kind, data in rows:
        found[sender].append((kind, json.loads(data).get("text")))
    return found


def lost_events(shape: Shape, turns: list[Turn]) -> int:
    """Messages answered (or tried) but missing from the store, out of order, or stored
    without a reply after them."""
    said: dict[str, list[str]] = {}
    for turn in turns:
        if turn.why.startswith("HTTP") or turn.why.startswith("Connect"):
            continue  # never reached a server: nothing to store
        said.setdefault(turn.sender, []).append(turn.text)
    lost = 0
    for sender, events in stored(shape, list(said)).items():
        users = [text for kind, text in events if kind == "user"]
        expected = said[sender]
        lost += sum(1 for a, b in zip(users, expected, strict=False) if a != b)
        lost += abs(len(users) - len(expected))
        # every stored message is followed by at least one bot event before the next one
        kinds = [kind for kind, _ in events]
        lost += sum(
            1 for i, k in enumerate(kinds) if k == "user" and "bot" not in kinds[i + 1 : i + 2]
        )
    return lost


# --- the faults ----------------------------------------------------------------------------


def converse(shape: Shape, sender: str, turns: list[tuple[str, str]]) -> list[Turn]:
    async def run() -> list[Turn]:
        headers = {"Authorization": f"Bearer {shape.token}"}
        async with httpx.AsyncClient(timeout=60, headers=headers) as client:
            return [await say(client, shape.url, sender, t, e) for t, e in turns]

    return asyncio.run(run())


def process(shape: Shape, label: str):
    return next(p for p in shape.stack.processes if p.label == label)


def kill(shape: Shape, label: str) -> None:
    victim = process(shape, label)
    victim.signal(signal.SIGKILL)
    victim.popen.wait()


def fault_killed(shape: Shape, label: str) -> dict:
    """Kill process ``label`` between the advising form's second and third turns: the form
    goes on, on the other replica, with its state."""
    form = CONVERSATIONS[2]
    sender = f"fault-{uuid.uuid4().hex}"
    before = converse(shape, sender, form[:2])
    kill(shape, label)
    after = converse(shape, sender, form[2:])
    return {"passed": all(t.ok for t in before + after), "turns": [t.why or "ok" for t in after]}


def fault_postgres(shape: Shape, restart: bool) -> dict:
    sender = f"fault-{uuid.uuid4().hex}"
    script = CONVERSATIONS[0]
    before = converse(shape, sender, script[:2])
    if restart:
        subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True)
    else:  # what a restart looks like to the clients: every connection of ours cut
        admin(
            "select pg_terminate_backend(pid) from pg_stat_activity "
            f"where datname like '{shape.name}%'"
        )
    deadline, after = time.monotonic() + 60, []
    while time.monotonic() < deadline:  # until service resumes by itself
        after = converse(shape, sender, script[2:3])
        if after[0].ok:
            break
        time.sleep(1)
    rest = converse(shape, sender, script[3:])
    return {
        "passed": all(t.ok for t in before + after + rest),
        "how": "restarted" if restart else "connections terminated",
    }


def fault_hostile(shape: Shape) -> dict:
    url, good = shape.url, {"Authorization": f"Bearer {shape.token}"}
    checks = {
        "no token": httpx.post(url, json={"sender": "x", "message": "hi"}).status_code == 401,
        "null message": httpx.post(
            url, json={"sender": "x", "message": None}, headers=good
        ).status_code
        == 400,
        "long sender": httpx.post(
            url, json={"sender": "x" * 5000, "message": "hi"}, headers=good
        ).status_code
        == 400,
        "not json": httpx.post(url, content=b"{", headers=good).status_code == 400,
        "300,000 characters": "too long"
        in httpx.post(url, json={"sender": "h", "message": "a" * 300_000}, headers=good).text,
    }
    tracebacks = sum(
        log.read_text(errors="replace").count("Traceback")
        for log in (shape.work / "logs").glob("rasa*.log")
    )
    return {"passed": all(checks.values()) and tracebacks == 0, "checks": checks}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120, help="seconds of load per shape")
    parser.add_argument("--replicas", default="1,2", help="Rasa replicas per shape, in order")
    parser.add_argument(
        "--think",
        default="0.3,0.7",
        help="seconds between a learner's turns (faster than people type: one replica saturates)",
    )
    parser.add_argument("--restart-postgres", action="store_true", help="restart it for real")
    parser.add_argument("--short", action="store_true", help="8 learners, 20 s, 2 replicas")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "loadtest.json")
    args = parser.parse_args()
    if args.short:
        args.learners, args.duration, args.replicas = 8, 20, "2"
    think = tuple(float(x) for x in args.think.split(","))
    shapes, faults = [], {}
    counts = [int(n) for n in args.replicas.split(",")]
    for i, replicas in enumerate(counts):
        shape = Shape(replicas)
        print(f">> {replicas} Rasa replica(s): starting", flush=True)
        shape.start()
        try:
            converse(shape, "warm-up", CONVERSATIONS[0])
            print(f">> {args.learners} learners for {args.duration:g} s", flush=True)
            shapes.append(load(shape, args.learners, args.duration, think))
            print(json.dumps(shapes[-1]), flush=True)
            if i == len(counts) - 1:
                faults["hostile_inputs"] = fault_hostile(shape)
                faults["action_server_killed_mid_form"] = fault_killed(shape, "actions1")
                faults["rasa_replica_killed_mid_conversation"] = fault_killed(shape, "rasa1")
                faults["postgres_restart"] = fault_postgres(shape, args.restart_postgres)
                print(json.dumps(faults), flush=True)
        finally:
            shape.stop()
    result = {**shapes[-1], "shapes": shapes, "faults": faults}
    if len(shapes) > 1:
        result["throughput_vs_one_replica"] = round(
            shapes[-1]["throughput_rps"] / shapes[0]["throughput_rps"], 2
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f">> {args.out}")
    ok = all(s["errors"] == 0 and s["lost_events"] == 0 for s in shapes)
    return 0 if ok and all(f["passed"] for f in faults.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
