"""The unanswered-questions report: turns grouped by similarity, most frequent first, and a
group exported as candidate NLU examples in Rasa's YAML for an adviser to review.

Similarity is on character trigrams of the normalised message (robust to typos and to
English/Malay spelling variants), grouped greedily around the most frequent message.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import yaml

from bot.records.models import Unanswered

# Cosine similarity of trigram profiles at which two messages are taken as the same question.
SAME_QUESTION = 0.5


@dataclass
class Group:
    """Messages taken as one question: ``label`` is the most frequent of them."""

    label: str
    rows: list[Unanswered] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def messages(self) -> list[str]:
        """Distinct messages, most frequent first."""
        return [m for m, _ in Counter(r.message for r in self.rows).most_common()]

    @property
    def kinds(self) -> dict[str, int]:
        return dict(Counter(r.kind for r in self.rows).most_common())

    @property
    def languages(self) -> dict[str, int]:
        return dict(Counter(r.language for r in self.rows).most_common())

    @property
    def guesses(self) -> list[str]:
        """The NLU's best guesses for the group's messages, most frequent first."""
        names = Counter(r.intents[0]["name"] for r in self.rows if r.intents)
        return [name for name, _ in names.most_common(3)]

    @property
    def last_seen(self) -> datetime:
        return max(r.created_at for r in self.rows)

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "count": self.count,
            "messages": self.messages,
            "kinds": self.kinds,
            "languages": self.languages,
            "guesses": self.guesses,
            "last_seen": self.last_seen.isoformat(),
        }


def normalise(message: str) -> str:
    return " ".join(re.findall(r"\w+", message.lower()))


def _profile(text: str) -> Counter:
    padded = f"  {text} "
    return Counter(padded[i : i + 3] for i in range(len(padded) - 2))


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(count * b[gram] for gram, count in a.items() if gram in b)
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(c * c for c in a.values()) * sum(c * c for c in b.values()))


def group(rows: list[Unanswered], threshold: float = SAME_QUESTION) -> list[Group]:
    """``rows`` grouped by similarity, the largest group first (then the most recent)."""
    by_text: dict[str, list[Unanswered]] = {}
    for row in rows:
        by_text.setdefault(normalise(row.message), []).append(row)
    # The most frequent wording leads its group; ties by the newest.
    order = sorted(by_text, key=lambda t: (-len(by_text[t]), -max(r.id or 0 for r in by_text[t])))
    groups: list[tuple[Counter, Group]] = []
    for text in order:
        profile = _profile(text)
        best = max(groups, key=lambda g: _cosine(profile, g[0]), default=None)
        if best is not None and _cosine(profile, best[0]) >= threshold:
            best[1].rows.extend(by_text[text])
            continue
        groups.append((profile, Group(label=by_text[text][0].message, rows=list(by_text[text]))))
    found = [g for _, g in groups]
    found.sort(key=lambda g: (-g.count, -g.last_seen.timestamp()))
    return found


def nlu_yaml(group: Group, intent: str | None = None) -> str:
    """The group's messages as a Rasa NLU file, for review before anything is trained."""
    name = intent or (group.guesses[0] if group.guesses else "REVIEW_ME")
    examples = "".join(f"- {m}\n" for m in group.messages)
    document = {"version": "3.1", "nlu": [{"intent": name, "examples": examples}]}
    header = (
        "# Candidate NLU examples from the unanswered-questions report, for review.\n"
        f"# {group.count} turns like {group.label!r}; the NLU guessed: "
        f"{', '.join(group.guesses) or 'nothing'}.\n"
        "# Check the intent, edit or drop examples, then add them to data/nlu/ and retrain.\n"
    )

    class _Literal(str):
        pass

    def _literal(dumper, value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")

    dumper = type("Dumper", (yaml.SafeDumper,), {})
    dumper.add_representer(_Literal, _literal)
    document["nlu"][0]["examples"] = _Literal(examples)
    return header + yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True)
