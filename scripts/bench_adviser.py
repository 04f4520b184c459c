"""How fast the adviser page answers, on the sample catalogue and on a generated big one.

Builds two SQLite catalogues in a temporary directory (the sample catalogue, and one of
``--credentials`` generated credentials valid against the schema's CHECK constraints), serves
each with ``bot.web.server.make_server`` in a thread, signs in, and times typical requests
over HTTP: p50 and p95 in milliseconds, each after a few warm-up requests.

    .venv/bin/python scripts/bench_adviser.py [--credentials 5000] [--requests 100]
"""

from __future__ import annotations

import argparse
import http.client
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.catalogue import db  # noqa: E402
from bot.catalogue.models import Credential, Provider  # noqa: E402
from bot.web.server import make_server, serve_in_thread  # noqa: E402

FIELDS = {
    "Data Science": ["data", "analytics", "python", "statistics", "dashboards"],
    "Cybersecurity": ["security", "phishing", "network", "forensics", "cyber"],
    "Artificial Intelligence": ["machine learning", "neural", "AI", "vision", "language"],
    "Digital Marketing": ["marketing", "social media", "SEO", "content", "brand"],
    "Islamic Finance": ["shariah", "zakat", "takaful", "sukuk", "waqf"],
    "Renewable Energy": ["solar", "wind", "energy audit", "photovoltaic", "grid"],
    "Healthcare": ["first aid", "nursing", "patient safety", "elderly care", "nutrition"],
    "Hospitality and Tourism": ["tourism", "hotel", "culinary", "events", "guiding"],
    "Entrepreneurship": ["startup", "business plan", "pitching", "finance", "e-commerce"],
    "Halal Industry": ["halal", "food safety", "certification", "supply chain", "audit"],
}
LEVELS = ["Foundations of", "Applied", "Advanced", "Introduction to", "Practical"]
LANGUAGES = ["English", "Bahasa Melayu", "English and Bahasa Melayu"]
MODES = ["online", "conventional", "blended"]


def build_catalogue(url: str, count: int, providers: int, seed: int = 11) -> list[str]:
    """A migrated catalogue at ``url`` with ``count`` generated credentials; their codes."""
    rng = random.Random(seed)
    db.migrate(url)
    codes = []
    with db.get_sessionmaker(url).begin() as session:
        bodies = [
            Provider(
                short_name=f"PRV{n:03d}",
                name=f"Generated Provider {n} (Sample)",
                country="Malaysia",
                state=rng.choice(["Selangor", "Johor", "Perak", "Sabah", "Pulau Pinang"]),
                accreditation_notes=rng.choice([None, f"Fictional reference MQA/GEN/{n:03d}."]),
            )
            for n in range(providers)
        ]
        session.add_all(bodies)
        session.flush()
        for n in range(count):
            field = rng.choice(list(FIELDS))
            topic = rng.choice(FIELDS[field])
            kind = rng.choice(["standalone", "credit-bearing"])
            code = f"{field[:3].upper()}-{n:05d}"
            codes.append(code)
            credit = kind == "credit-bearing"
            session.add(
                Credential(
                    code=code,
                    title=f"{rng.choice(LEVELS)} {topic.title()} {n}",
                    provider_id=rng.choice(bodies).id,
                    type=kind,
                    field=field,
                    mqf_level=rng.randint(3, 8) if credit else None,
                    credits=rng.randint(1, 6) if credit else None,
                    notional_hours=rng.choice([4, 8, 12, 20, 40, 60, 80, 120, 160]),
                    fee_rm=float(rng.randrange(500, 701, 10)),
                    mode=rng.choice(MODES),
                    language=rng.choice(LANGUAGES),
                    accredited_programme=(
                        f"Bachelor of {field} (Hons)" if credit and rng.random() < 0.6 else None
                    ),
                    entry_notes=rng.choice([None, "No formal entry requirements."]),
                    min_age=rng.choice([None, None, 16, 18]),
                    open_to_non_malaysians=rng.random() < 0.9,
                    learning_outcomes=[f"Apply {topic} in practice", f"Explain {topic} basics"],
                    assessment=rng.choice([None, "Quizzes (40%) and a project (60%)"]),
                    badge_issuer=rng.choice([None, "Generated Provider (Sample)"]),
                    intake=rng.choice(["self-paced", ["2027-01-11", "2027-06-07"]]),
                    url=f"https://generated.example/{code.lower()}",
                    keywords=FIELDS[field][:3],
                )
            )
    return codes


def requests_for(codes: list[str]) -> dict[str, str]:
    picked = codes[len(codes) // 3], codes[len(codes) // 2], codes[-1]
    return {
        "first page": "/advisers",
        "text search": "/advisers?" + urlencode({"q": "data analytics"}),
        "filtered+sorted": "/advisers?"
        + urlencode(
            {
                "type": "credit-bearing",
                "mode": "online",
                "fee_min": "550",
                "fee_max": "650",
                "hours_min": "8",
                "sort": "fee",
                "order": "desc",
            }
        ),
        "page 50": "/advisers?page=50",
        "detail": f"/advisers/credentials/{picked[0]}",
        "compare": "/advisers/compare?" + urlencode([("code", c) for c in picked]),
        "API first page": "/advisers/api/credentials",
    }


def timed(port: int, path: str, headers: dict) -> float:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200 or not body:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return elapsed


def bench(url: str, codes: list[str], repeats: int) -> dict[str, tuple[float, float]]:
    token = secrets.token_urlsafe(16)
    server = make_server("127.0.0.1", 0, adviser_token=token, database_url=url)
    serve_in_thread(server)
    port = server.server_address[1]
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        connection.request(
            "POST",
            "/advisers/sign-in",
            body=urlencode({"token": token}),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        response.read()
        cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        connection.close()
        results = {}
        for name, path in requests_for(codes).items():
            headers = (
                {"Authorization": f"Bearer {token}"} if "/api/" in path else {"Cookie": cookie}
            )
            for _ in range(5):
                timed(port, path, headers)
            times = sorted(timed(port, path, headers) for _ in range(repeats))
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
            results[name] = (statistics.median(times), p95)
        return results
    finally:
        server.shutdown()
        server.server_close()
        db.dispose(url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--credentials", type=int, default=5000, help="size of the generated catalogue"
    )
    parser.add_argument("--providers", type=int, default=40, help="providers it spreads over")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per kind")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-adviser-") as directory:
        sample_url = f"sqlite:///{Path(directory) / 'sample.db'}"
        db.init(sample_url)
        with db.get_sessionmaker(sample_url)() as session:
            from sqlalchemy import select

            sample_codes = list(session.scalars(select(Credential.code).order_by(Credential.id)))
        big_url = f"sqlite:///{Path(directory) / 'big.db'}"
        started = time.perf_counter()
        big_codes = build_catalogue(big_url, args.credentials, args.providers)
        print(
            f"generated {len(big_codes)} credentials in {time.perf_counter() - started:.1f} s; "
            f"{args.requests} timed requests per kind, after 5 warm-up ones"
        )
        sample = bench(sample_url, sample_codes, args.requests)
        big = bench(big_url, big_codes, args.requests)
    label = f"{args.credentials:,} credentials"
    print(f"\n{'request':<18} {'sample p50':>11} {'p95':>7}   {label + ' p50':>22} {'p95':>7}")
    for name in sample:
        print(
            f"{name:<18} {sample[name][0]:>9.1f}ms {sample[name][1]:>5.1f}ms   "
            f"{big[name][0]:>20.1f}ms {big[name][1]:>5.1f}ms"
        )
    print(f"\n(sample catalogue: {len(sample_codes)} credentials; page 50 shows its last page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
