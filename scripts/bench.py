"""`make bench`: the assistant against the alternatives and the moodbot floor, in one run.

What it measures, each against the same thing measured in the same run:

- **accuracy** on the blind sets (tests/blind/, by default the newest three batches), per
  category and language: this assistant; Rasa's default NLU pipeline trained on the same data
  (with our dialogue and language detector, so only the understanding differs); and two FAQ
  retrievers with no dialogue at all, TF-IDF nearest neighbour and sentence-embedding nearest
  neighbour (scripts/bench_baselines.py);
- **latency** over REST (p50/p95/p99, throughput, errors) at 1, 10 and 20 concurrent senders,
  a fresh sender per message, for the assistant and for `rasa init`'s moodbot (the floor: the
  least any Rasa assistant costs), served from the same `.venv-rasa`;
- **training** time (cold, with an empty Rasa cache; and `make train` with nothing changed),
  model archive size, cold start to the first real answer, and peak memory (VmHWM) of the Rasa
  server and the action server;
- **catalogue scale**: import time of a generated 5,000-credential catalogue and reply latency
  against the sample catalogue's, including the first catalogue question after start-up.

It writes results/bench.json, results/bench.md and results/bench_latency.png. `--smoke` is the
short version that `make test` runs (no training, a few messages, 1 and 2 senders).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import blind  # noqa: E402
from tests.support.stack import RASA, Stack, free_port  # noqa: E402

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
BENCH_PYTHON = ROOT / ".venv-bench" / "bin" / "python"  # with MiniLM: `make bench` builds it
INITIAL_PROJECT = (
    ROOT / ".venv-rasa" / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
) / "site-packages/rasa/cli/initial_project"
# Rasa 3.6's own choice for an empty `pipeline:` (rasa/engine/recipes/config_files/
# default_config.yml), plus our language detector so that replies' language is not what differs,
# and with one ResponseSelector per retrieval intent (`retrieval_intent`), because the dialogue
# reads the `faq` one: a single selector is keyed `default`, which left the FAQ unanswered
# (11% in the 2026-11-27 08:43 run).
DEFAULT_PIPELINE = [
    {"name": "WhitespaceTokenizer"},
    {"name": "RegexFeaturizer"},
    {"name": "LexicalSyntacticFeaturizer"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
    {"name": "DIETClassifier", "epochs": 100, "constrain_similarities": True},
    {"name": "EntitySynonymMapper"},
    *(
        {
            "name": "ResponseSelector",
            "retrieval_intent": intent,
            "epochs": 100,
            "constrain_similarities": True,
        }
        for intent in ("faq", "chitchat")
    ),
    {"name": "bot.rasa_components.language.LanguageDetector"},
    {"name": "FallbackClassifier", "threshold": 0.3, "ambiguity_threshold": 0.1},
]
BASELINES = ROOT / "scripts" / "bench_baselines.py"
LEVELS = (1, 10, 20)
MB = 1024 * 1024


# ----------------------------------------------------------------------------- processes


def run_timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Run a command to completion; its wall time in seconds (raises with its output on failure)."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode:
        output = done.stdout[-3000:] + done.stderr[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed:\n{output}")
    return time.perf_counter() - started


def memory_mb(pid: int, field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of a process plus its children, in MB."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    total = 0
    for p in [str(pid), *children.split()]:
        status = Path(f"/proc/{p}/status")
        try:
            for line in status.read_text().splitlines():
                if line.startswith(field + ":"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


class Moodbot:
    """`rasa init`'s assistant, trained and served from the project's own Rasa environment."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}

    def create(self) -> None:
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(INITIAL_PROJECT, self.directory, ignore=ignore)

    def train(self, cold: bool = False) -> float:
        """Seconds to train; ``cold``: with an empty Rasa cache."""
        cache = self.directory / ".cache"
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        return run_timed(
            [str(RASA), "train", "--fixed-model-name", "moodbot", "--out", "models"],
            self.directory,
            {**self.env, "RASA_CACHE_DIRECTORY": str(cache)},
        )

    @property
    def model(self) -> Path:
        return self.directory / "models" / "moodbot.tar.gz"

    def start(self) -> float:
        """Start `rasa run`; seconds until its first real answer."""
        started = time.perf_counter()
        log = (self.directory / "rasa.log").open("wb")
        self.process = subprocess.Popen(
            [str(RASA), "run", "--model", str(self.model), "--port", str(self.port)],
            cwd=self.directory,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"
        deadline = started + 240
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moodbot's rasa run exited: see {self.directory / 'rasa.log'}")
            try:
                if httpx.post(url, json={"sender": "ready", "message": "hi"}, timeout=5).json():
                    return time.perf_counter() - started
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.2)
        raise TimeoutError("moodbot did not answer within 240 s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


def start_stack(stack: Stack) -> float:
    """Start the action server and Rasa; seconds until the first real answer."""
    started = time.perf_counter()
    stack.start()
    return time.perf_counter() - started


# ----------------------------------------------------------------------------- latency


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


# The assistant's REST channel wants its REST_TOKEN (set once its stack is made); the moodbot's
# plain Rasa channel ignores the header.
AUTH: dict[str, str] = {}


async def _load(url: str, messages: list[str], senders: int, requests: int) -> dict:
    """Send ``requests`` messages from ``senders`` concurrent senders; the raw timings."""
    timings: list[float] = []
    errors = silent = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(messages[i % len(messages)])

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors, silent
        while not queue.empty():
            text = queue.get_nowait()
            started = time.perf_counter()
            try:
                response = await client.post(
                    url + "/webhooks/rest/webhook",
                    json={"sender": uuid.uuid4().hex, "message": text},
                    headers=AUTH,
                )
                if response.status_code != 200:
                    errors += 1
                elif not response.json():
                    silent += 1
            except (httpx.HTTPError, ValueError):
                errors += 1
            timings.append((time.perf_counter() - started) * 1000)

    limits = httpx.Limits(max_connections=senders, max_keepalive_connections=senders)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(senders)))
        wall = time.perf_counter() - started
    return {"timings": timings, "errors": errors, "silent": silent, "wall_s": wall}


def _summary(senders: int, runs: list[dict]) -> dict:
    timings = [t for run in runs for t in run["timings"]]
    return {
        "senders": senders,
        "requests": len(timings),
        "errors": sum(run["errors"] for run in runs),
        # Answered 200 with no message: the moodbot does this for what it cannot classify
        # (it has no fallback reply); this assistant must never do it.
        "silent": sum(run["silent"] for run in runs),
        "p50_ms": round(percentile(timings, 0.50), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "p99_ms": round(percentile(timings, 0.99), 1),
        "throughput_rps": round(len(timings) / sum(run["wall_s"] for run in runs), 1),
    }


def latency(
    urls: dict[str, str], messages: list[str], levels: tuple[int, ...], requests: int, rounds: int
) -> dict[str, list[dict]]:
    """p50/p95/p99 and throughput of each server at each level of concurrent senders.

    The servers take turns: each round sends ``requests / rounds`` messages to each server at
    each level, one server after the other, so that a shared machine's slow minutes fall on both
    alike; a level's figures pool its rounds. Each server is warmed up first.
    """
    for url in urls.values():
        asyncio.run(_load(url, messages, 1, min(10, len(messages))))
    runs: dict[str, dict[int, list[dict]]] = {name: {n: [] for n in levels} for name in urls}
    for _ in range(rounds):
        for n in levels:
            for name, url in urls.items():
                count = max(requests // rounds, 5 * n)
                runs[name][n].append(asyncio.run(_load(url, messages, n, count)))
    return {name: [_summary(n, runs[name][n]) for n in levels] for name in urls}


def load_messages(batches: list[str]) -> list[str]:
    """First turns a learner types: FAQ questions and catalogue openings, in both languages."""
    texts: list[str] = []
    for batch in batches:
        texts += [item["text"] for item in blind.load("faq", batch)["faq"]]
        texts += [c["turns"][0]["user"] for c in blind.load("catalogue", batch)["conversations"]]
    return texts


# ----------------------------------------------------------------------------- accuracy


def accuracy(
    say: Callable[[str, str], list[dict]], batches: list[str], limit: int | None = None
) -> dict[str, dict]:
    """Blind-set scores per measure, summed over the batches: ``{measure: {rate, total}}``."""
    found: dict[str, blind.Score] = {}
    for batch in batches:
        for name, score in blind.score_batch(say, batch, limit).items():
            found.setdefault(name, blind.Score(name)).merge(score)
    return {
        n: {"rate": round(s.rate, 4), "total": s.total} for n, s in sorted(found.items()) if s.total
    }


# ----------------------------------------------------------------------------- catalogue scale


def generated_catalogue(count: int, path: Path) -> None:
    """``count`` credentials made from the sample's, with distinct codes and titles."""
    sample = yaml.safe_load((ROOT / "data/catalogue/sample.yaml").read_text(encoding="utf-8"))
    originals = sample["credentials"]
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    credentials = []
    for i in range(count):
        credential = dict(originals[i % len(originals)])
        prefix = "Z" + letters[(i // 1000) % 26] + letters[(i // 26000) % 26]
        credential["code"] = f"{prefix}-{i % 1000:03d}"
        credential["title"] = f"{credential['title']} {i // len(originals) + 2}"
        credentials.append(credential)
    sample["credentials"] = credentials
    path.write_text(yaml.safe_dump(sample, allow_unicode=True, sort_keys=False), encoding="utf-8")


CATALOGUE_QUESTIONS = [
    "how much is data analytics with python?",
    "online courses under RM600",
    "compare DSC-101 and CYB-110",
    "berapa yuran DSC-101?",
    "anything on cyber security?",
]


def catalogue_latency(stack: Stack, repeat: int) -> dict:
    """The first catalogue question after start-up, then the median and p95 over ``repeat``."""
    started = time.perf_counter()
    stack.say(CATALOGUE_QUESTIONS[0])
    first = (time.perf_counter() - started) * 1000
    timings = []
    for i in range(repeat):
        started = time.perf_counter()
        stack.say(CATALOGUE_QUESTIONS[i % len(CATALOGUE_QUESTIONS)])
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "first_ms": round(first, 1),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
    }


# ----------------------------------------------------------------------------- the run


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.results: dict = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
            + platform.python_version(),
            "batches": args.batches,
            "smoke": args.smoke,
            "rounds": args.rounds,
        }

    def log(self, text: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)

    def stack(self, name: str, model: Path, database: Path | None = None) -> Stack:
        data = self.work / name
        data.mkdir(exist_ok=True)
        url = f"sqlite:///{database or data / 'catalogue.db'}"
        stack = Stack(data_dir=data, database_url=url, model=model)
        AUTH["Authorization"] = f"Bearer {stack.rest_token}"
        if database is None:
            stack.seed()
        return stack

    def train_assistant(self, cache: Path) -> float:
        """Seconds to train the assistant with an empty Rasa cache (``cache``)."""
        env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
        env["RASA_CACHE_DIRECTORY"] = str(cache)
        command = [str(RASA), "train", "--fixed-model-name", "assistant"]
        return run_timed([*command, "--out", str(self.work / "models")], ROOT, env)

    def train(self) -> tuple[Path, Moodbot]:
        """Both bots trained from cold, taking turns ``--training-rounds`` times, then once more
        with nothing changed. The order alternates (ours first, then the moodbot first, ...), so
        that neither always pays for the first start of the Rasa environment, and a slow minute
        of a shared machine falls on both alike; a bot's time is the mean of its runs."""
        moodbot = Moodbot(self.work / "moodbot")
        moodbot.create()
        timed = not (self.args.smoke or self.args.skip_training)
        rounds = self.args.training_rounds if timed else 1
        ours, floor = [], []

        def train_ours(n: int) -> None:
            self.log(f"training the assistant from cold (empty Rasa cache), {n + 1}/{rounds}")
            ours.append(self.train_assistant(self.work / f"cache-assistant-{n}"))

        def train_floor(n: int) -> None:
            self.log(f"training the moodbot floor from cold, {n + 1}/{rounds}")
            floor.append(moodbot.train(cold=True))

        for n in range(rounds):
            turns = [train_ours, train_floor] if timed else [train_floor]
            for turn in turns if n % 2 == 0 else reversed(turns):
                turn(n)
        self.results["moodbot"] = _training(floor, moodbot.train())
        self.results["moodbot"]["model_mb"] = round(moodbot.model.stat().st_size / MB, 1)
        if not timed:
            self.log("training skipped: using models/current.tar.gz")
            return ROOT / "models" / "current.tar.gz", moodbot
        make = ["make", "--no-print-directory", "train"]
        self.results.update(_training(ours, run_timed(make, ROOT)))
        return self.work / "models" / "assistant.tar.gz", moodbot

    def train_default(self) -> Path:
        config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
        config["pipeline"] = DEFAULT_PIPELINE
        path = self.work / "config-default.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        self.log("training Rasa's default pipeline on the same data")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
        env["RASA_CACHE_DIRECTORY"] = str(self.work / "cache-default")
        models = self.work / "models"
        command = [str(RASA), "train", "-c", str(path), "--fixed-model-name", "default"]
        seconds = run_timed([*command, "--out", str(models)], ROOT, env)
        self.results["default_pipeline_training_s"] = round(seconds, 1)
        return models / "default.tar.gz"

    def measure_served(self, model: Path, moodbot: Moodbot, messages: list[str]) -> None:
        """The assistant's accuracy, then both servers' latency, taking turns, and memory."""
        self.results["model_mb"] = round(model.stat().st_size / MB, 1)
        stack = self.stack("assistant", model)
        self.log("starting the assistant")
        self.results["cold_start_s"] = round(start_stack(stack), 1)
        try:
            self.log("accuracy of the assistant on the blind sets")
            self.results.setdefault("accuracy", {})["assistant"] = accuracy(
                stack.say, self.args.batches, self.args.limit
            )
            self.log("starting the moodbot floor")
            self.results["moodbot"]["cold_start_s"] = round(moodbot.start(), 1)
            self.log(f"latency of the assistant and the moodbot, {self.args.rounds} rounds")
            self.results["latency"] = latency(
                {"assistant": stack.rasa_url, "moodbot": moodbot.url},
                messages,
                self.levels,
                self.args.requests,
                self.args.rounds,
            )
            actions, rasa = stack.processes
            self.results["peak_memory_mb"] = {
                "rasa": memory_mb(rasa.pid, "VmHWM"),
                "actions": memory_mb(actions.pid, "VmHWM"),
            }
            self.results["moodbot"]["peak_memory_mb"] = memory_mb(moodbot.process.pid, "VmHWM")
            moodbot.stop()
            self.results["catalogue"] = {"sample": catalogue_latency(stack, self.args.repeat)}
        finally:
            moodbot.stop()
            stack.stop()

    def measure_default(self, model: Path) -> None:
        stack = self.stack("default", model)
        self.log("accuracy of Rasa's default pipeline on the blind sets")
        start_stack(stack)
        try:
            self.results["accuracy"]["default_pipeline"] = accuracy(
                stack.say, self.args.batches, self.args.limit
            )
        finally:
            stack.stop()
        self.results["default_pipeline_model_mb"] = round(model.stat().st_size / MB, 1)

    def measure_scale(self, model: Path) -> None:
        count = self.args.catalogue_size
        path = self.work / "generated.yaml"
        generated_catalogue(count, path)
        database = self.work / "large.db"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
        microcred = [str(ROOT / ".venv/bin/python"), "-m", "bot.cli", "catalogue"]
        run_timed([*microcred, "init", "--no-sample"], ROOT, env)
        self.log(f"importing {count} credentials")
        seconds = run_timed([*microcred, "import", str(path)], ROOT, env)
        stack = self.stack("large", model, database)
        start_stack(stack)
        try:
            scale = catalogue_latency(stack, self.args.repeat)
        finally:
            stack.stop()
        self.results["catalogue"]["generated"] = {
            "credentials": count,
            "import_s": round(seconds, 1),
            **scale,
        }

    def baselines(self) -> None:
        self.log("FAQ retrievers (TF-IDF, sentence embeddings)")
        out = self.work / "baselines.json"
        if self.args.smoke:  # no MiniLM: its environment is built by `make bench` only
            command = [str(RASA_PYTHON), str(BASELINES), "--retrievers", "tfidf"]
        else:
            command = [str(BENCH_PYTHON), str(BASELINES)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if self.args.limit:
            command += ["--limit", str(self.args.limit)]
        run_timed([*command, "--out", str(out), *self.args.batches], ROOT, env)
        self.results["accuracy"].update(json.loads(out.read_text(encoding="utf-8")))

    @property
    def levels(self) -> tuple[int, ...]:
        return (1, 2) if self.args.smoke else LEVELS

    def run(self) -> dict:
        messages = load_messages(self.args.batches)
        model, moodbot = self.train()
        self.measure_served(model, moodbot, messages)
        if not (self.args.smoke or self.args.skip_default):
            self.measure_default(self.train_default())
        self.baselines()
        if not self.args.smoke:
            self.measure_scale(model)
        self.results["ratios"] = ratios(self.results)
        return self.results


def _training(cold: list[float], unchanged: float) -> dict:
    """Training times: the mean of the cold runs, each run, and with nothing changed."""
    found = {"training_unchanged_s": round(unchanged, 2)}
    if cold:
        found["training_cold_s"] = round(statistics.mean(cold), 1)
        found["training_cold_runs_s"] = [round(seconds, 1) for seconds in cold]
    return found


def ratios(results: dict) -> dict:
    """The assistant over the floor, for each target of the performance issue."""
    floor = results["moodbot"]
    found = {}
    for mine, theirs in zip(
        results["latency"]["assistant"], results["latency"]["moodbot"], strict=True
    ):
        found[f"p95_{mine['senders']}"] = round(mine["p95_ms"] / theirs["p95_ms"], 2)
    found["rasa_memory"] = round(results["peak_memory_mb"]["rasa"] / floor["peak_memory_mb"], 2)
    if "training_cold_s" in results:
        found["training"] = round(results["training_cold_s"] / floor["training_cold_s"], 2)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "results", help="where to write")
    parser.add_argument("--batches", nargs="+", default=list(blind.BATCHES[-3:]))
    parser.add_argument("--requests", type=int, default=300, help="requests per level")
    parser.add_argument("--rounds", type=int, default=3, help="turns each server takes per level")
    parser.add_argument("--training-rounds", type=int, default=2, help="cold trainings of each bot")
    parser.add_argument("--repeat", type=int, default=40, help="catalogue questions timed")
    parser.add_argument("--catalogue-size", type=int, default=5000)
    parser.add_argument("--skip-training", action="store_true", help="use models/current")
    parser.add_argument("--skip-default", action="store_true", help="no default pipeline")
    parser.add_argument("--limit", type=int, help="only the first N items of each blind set")
    parser.add_argument("--smoke", action="store_true", help="the short version for make test")
    args = parser.parse_args()
    if args.smoke:
        args.requests, args.repeat, args.limit, args.rounds = 10, 5, args.limit or 4, 1
        args.batches = args.batches[-1:]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        results = Bench(args, Path(work)).run()
    (args.out / "bench.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report = subprocess.run(
        [str(RASA_PYTHON), str(ROOT / "scripts/bench_report.py"), str(args.out)],
        capture_output=True,
        text=True,
    )
    if report.returncode:
        raise RuntimeError(report.stderr)
    print((args.out / "bench.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
