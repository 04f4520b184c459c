"""Turn results/bench.json into results/bench.md and results/bench_latency.png.

Runs in the bench environment (it needs matplotlib): ``python scripts/bench_report.py DIR``.
The targets are those of the performance issue; a ratio is this assistant over the moodbot
floor measured in the same run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGETS = {"p95": 1.5, "rasa_memory": 1.3, "training": 2.0, "model_mb": 60}
MEASURES = [
    ("faq_en", "FAQ, English"),
    ("faq_ms", "FAQ, Malay"),
    ("faq_mixed", "FAQ, mixed"),
    ("out_of_scope", "off-topic"),
    ("near_topic", "near-topic"),
    ("advising", "advising conversations"),
    ("catalogue_turns", "catalogue turns"),
    ("catalogue_conversations", "catalogue conversations"),
    ("malay_in_malay", "Malay answered in Malay"),
]
SYSTEMS = [
    ("assistant", "this assistant"),
    ("default_pipeline", "Rasa default pipeline"),
    ("tfidf", "TF-IDF retriever"),
    ("minilm", "MiniLM retriever"),
    ("e5", "e5 retriever"),
]


def _training_runs(r: dict) -> str:
    """The cold trainings one by one, in the order they ran (the bots taking turns)."""
    if len(r.get("training_cold_runs_s", [])) < 2:
        return ""
    pairs = zip(r["training_cold_runs_s"], r["moodbot"]["training_cold_runs_s"], strict=True)
    runs = "; ".join(f"{ours:.0f} s against {floor:.0f} s" for ours, floor in pairs)
    return f" Cold trainings, the assistant's against the moodbot's, taking turns: {runs}."


def _ok(value: float, target: float) -> str:
    return "yes" if value <= target else "**no**"


def markdown(r: dict) -> str:
    floor = r["moodbot"]
    ratios = r["ratios"]
    lines = [
        f"# Benchmark, {r['date']}{' (smoke run)' if r['smoke'] else ''}",
        "",
        f"{r['machine']}; blind batches {', '.join(r['batches'])}. "
        "Reproduce with `make bench` (after `make test`). A ratio is this assistant over "
        "`rasa init`'s moodbot, measured in the same run.",
        "",
        "## Against the targets",
        "",
        "| measure | moodbot floor | this assistant | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for mine, theirs in zip(r["latency"]["assistant"], r["latency"]["moodbot"], strict=True):
        n = mine["senders"]
        ratio = ratios[f"p95_{n}"]
        lines.append(
            f"| p95 reply, {n} sender{'s' if n > 1 else ''} | {theirs['p95_ms']:.0f} ms | "
            f"{mine['p95_ms']:.0f} ms | {ratio:.2f}× | ≤ 1.5× | {_ok(ratio, TARGETS['p95'])} |"
        )
    errors = sum(level["errors"] + level["silent"] for level in r["latency"]["assistant"])
    lines.append(f"| errors or empty replies under load | | {errors} | | 0 | {_ok(errors, 0)} |")
    rasa_memory = r["peak_memory_mb"]["rasa"]
    lines.append(
        f"| Rasa server peak memory | {floor['peak_memory_mb']:.0f} MB | {rasa_memory:.0f} MB | "
        f"{ratios['rasa_memory']:.2f}× | ≤ 1.3× | {_ok(ratios['rasa_memory'], 1.3)} |"
    )
    lines.append(
        f"| model archive | {floor['model_mb']:.0f} MB | {r['model_mb']:.0f} MB | "
        f"{r['model_mb'] / floor['model_mb']:.1f}× | ≤ 60 MB | {_ok(r['model_mb'], 60)} |"
    )
    if "training_cold_s" in r:
        runs = len(r.get("training_cold_runs_s", [])) or 1
        lines.append(
            f"| training, cold{f' (mean of {runs} runs each)' if runs > 1 else ''} | "
            f"{floor['training_cold_s']:.0f} s | {r['training_cold_s']:.0f} s"
            f" | {ratios['training']:.2f}× | ≤ 2× | {_ok(ratios['training'], 2)} |"
        )
        lines.append(
            f"| training, nothing changed | {floor['training_unchanged_s']:.1f} s (rasa train) | "
            f"{r['training_unchanged_s']:.1f} s (make train) | | 0 s | "
            f"{_ok(r['training_unchanged_s'], 0.5)} |"
        )
    lines.append(
        f"| cold start to first answer | {floor['cold_start_s']:.0f} s | {r['cold_start_s']:.0f} s"
        f" | {r['cold_start_s'] - floor['cold_start_s']:+.0f} s | ≤ +10 s | "
        f"{_ok(r['cold_start_s'] - floor['cold_start_s'], 10)} |"
    )
    lines += [
        "",
        f"Action server peak memory: {r['peak_memory_mb']['actions']:.0f} MB." + _training_runs(r),
        "",
        "## Latency and throughput (REST, a fresh sender per message)",
        "",
        f"Both servers up together, taking turns in {r.get('rounds', 1)} rounds of each level, "
        "so that the machine's slow minutes fall on both alike.",
        "",
        "| system | senders | requests | errors | empty replies | p50 ms | p95 ms | p99 ms "
        "| requests/s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for system in ("assistant", "moodbot"):
        for level in r["latency"][system]:
            lines.append(
                f"| {system} | {level['senders']} | {level['requests']} | {level['errors']} | "
                f"{level['silent']} | "
                f"{level['p50_ms']:.0f} | {level['p95_ms']:.0f} | {level['p99_ms']:.0f} | "
                f"{level['throughput_rps']:.1f} |"
            )
    systems = [(key, name) for key, name in SYSTEMS if key in r["accuracy"]]
    lines += [
        "",
        "## Accuracy on the blind sets",
        "",
        "The retrievers answer FAQ and off-topic messages only (no advice, catalogue or "
        "conversation); a dash is a measure they cannot take.",
        "",
        "| measure | " + " | ".join(name for _, name in systems) + " |",
        "| --- |" + " --- |" * len(systems),
    ]
    for key, name in MEASURES:
        cells = []
        for system, _ in systems:
            value = r["accuracy"][system].get(key)
            cells.append(f"{value['rate']:.1%} of {value['total']}" if value else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if "default_pipeline_training_s" in r:
        lines += [
            "",
            f"Rasa's default pipeline: training {r['default_pipeline_training_s']:.0f} s, "
            f"model {r['default_pipeline_model_mb']:.0f} MB.",
        ]
    retrievers = [key for key in ("tfidf", "minilm", "e5") if key in r["accuracy"]]
    if retrievers:
        lines.append("")
        lines.append(
            "Retrievers, index build and time per message: "
            + "; ".join(
                f"{key} {r['accuracy'][key]['index_s']:.0f} s, "
                f"{r['accuracy'][key]['per_message_ms']:.1f} ms"
                for key in retrievers
            )
            + "."
        )
    catalogue = r.get("catalogue", {})
    if catalogue:
        lines += [
            "",
            "## Catalogue scale",
            "",
            "| catalogue | import | first question | p50 ms | p95 ms |",
            "| --- | --- | --- | --- | --- |",
        ]
        for c in catalogue.values():
            size = f"{c['credentials']} generated" if "credentials" in c else "sample (45)"
            imported = f"{c['import_s']:.0f} s" if "import_s" in c else ""
            lines.append(
                f"| {size} | {imported} | {c['first_ms']:.0f} ms | {c['p50_ms']:.0f} | "
                f"{c['p95_ms']:.0f} |"
            )
    return "\n".join(lines) + "\n"


def plot(r: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6.4, 4))
    for system, style in (("assistant", "o-"), ("moodbot", "s--")):
        levels = r["latency"][system]
        senders = [level["senders"] for level in levels]
        for key, alpha in (("p50_ms", 0.5), ("p95_ms", 1.0)):
            axis.plot(
                senders,
                [level[key] for level in levels],
                style,
                alpha=alpha,
                label=f"{system} {key.split('_')[0]}",
            )
    axis.set_xlabel("concurrent senders")
    axis.set_ylabel("reply latency (ms)")
    axis.set_title(f"REST latency against concurrency, {r['date']}")
    axis.grid(alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def main() -> int:
    out = Path(sys.argv[1])
    results = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    (out / "bench.md").write_text(markdown(results), encoding="utf-8")
    plot(results, out / "bench_latency.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
