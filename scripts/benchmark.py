"""Measure the running assistant: reply latency over REST, and memory of each server.

Starts the real action server and Rasa server on free ports (as the tests do), sends each
kind of question REPEAT times, and prints median and 95th-percentile latency, then the
resident memory of both servers. Run with the main environment after `make train`:

    .venv/bin/python scripts/benchmark.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.stack import Stack  # noqa: E402

QUESTIONS = {
    "FAQ (English)": "How much is the micro-credential fee?",
    "FAQ (Malay)": "Berapakah yuran mikro-kredensial?",
    "catalogue fact": "how much is data analytics with python?",
    "catalogue search": "online courses under RM600",
    "comparison": "compare DSC-101 and CYB-110",
    "off-topic": "what's the weather in Penang tomorrow?",
}


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    pids = [
        str(pid),
        *subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split(),
    ]
    total = 0
    for p in pids:
        status = Path(f"/proc/{p}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="requests per question")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        stack = Stack(data_dir=data, database_url=f"sqlite:///{data / 'catalogue.db'}")
        stack.seed()
        started = time.monotonic()
        stack.start()
        print(f"start-up (both servers, model loaded): {time.monotonic() - started:.1f} s")
        try:
            print(f"{'question':<18}{'median ms':>10}{'p95 ms':>9}")
            for label, text in QUESTIONS.items():
                stack.say(text)  # warm-up
                timings = []
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    stack.say(text, uuid.uuid4().hex)
                    timings.append((time.perf_counter() - t0) * 1000)
                timings.sort()
                p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
                print(f"{label:<18}{statistics.median(timings):>10.0f}{p95:>9.0f}")
            actions, rasa = stack.processes
            print(
                f"memory: Rasa server {rss_mb(rasa.pid):.0f} MB, "
                f"action server {rss_mb(actions.pid):.0f} MB"
            )
        finally:
            stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
