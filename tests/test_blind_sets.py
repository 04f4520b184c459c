"""Understanding measured on text nobody tuned to: the blind sets in tests/blind/, over REST.

Helpers who saw only the FAQ text and the catalogue wrote them; they are never used for
training (tests/test_project.py checks that no blind message appears in data/). Batches "a"
to "p" were development batches, written in that order: each was measured once fresh, then
read, and the words or training examples *like* its misses were added. Batch "q" was written
last and scored once on the final code before anyone read it; the README quotes its figures
(and those of "o" and "p", each scored fresh on the code of its day, beside the figures of
the code this round started from on the same three batches). All are printed at the end of
`make test`.

The floors are regression guards: a few points under the lowest figure measured across the
batches when they were set (2026-11-26, after batch "q" was scored; batches "o" to "q" are
harder than the earlier ones for the old code and the new alike). They are far below the
targets of the free-text issue where those are not met; see the README for both.
"""

from __future__ import annotations

import pytest

from tests.support import blind
from tests.support.stack import Stack

pytestmark = pytest.mark.stack

FLOORS = {
    "faq_en": 0.85,
    "faq_ms": 0.87,
    "faq_mixed": 0.87,
    "out_of_scope": 0.76,
    "near_topic": 0.64,
    "advising": 0.75,
    "catalogue_turns": 0.70,
    "catalogue_conversations": 0.60,
    "malay_in_malay": 0.95,
}


def _scored(found: dict[str, blind.Score], label: str, measurements: dict) -> dict:
    """``found``, each score also printed at the end of the run as ``<label>: <measure>``."""
    for name, score in found.items():
        measurements[f"{label}: {name}"] = str(score)
    return found


def _above(score: blind.Score, floor: float) -> None:
    assert score.total > 0
    assert score.rate >= floor, "\n".join(score.failed)


@pytest.fixture(scope="module", params=blind.BATCHES)
def scores(request, stack: Stack, measurements: dict) -> dict[str, blind.Score]:
    found = blind.score_batch(stack.say, request.param)
    return _scored(found, f"blind {request.param}", measurements)


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_blind_set_scores_stay_above_their_floors(scores: dict, measure: str) -> None:
    _above(scores[measure], FLOORS[measure])


# Requests for a person (the handoff form) and near misses (tests/blind/handoff_*.yml). Each
# batch was scored fresh, then read, and words like its misses added (2026-11-27): requests /
# near misses "a" 66.7% / 95.0%, "b" 69.5% / 96.7%, "c" 74.0% / 96.0%; after "c", on the code
# that set these floors, 98.3 / 100, 100 / 100, 92.0 / 100. Learners ask for a person in more
# ways than words can list: the fresh figures are the honest ones.
HANDOFF_FLOORS = {"handoff_person": 0.85, "handoff_not": 0.93}


@pytest.fixture(scope="module", params=blind.HANDOFF_BATCHES)
def handoff_scores(request, stack: Stack, measurements: dict) -> dict[str, blind.Score]:
    found = blind.score_handoff(stack.say, request.param)
    return _scored(found, f"blind handoff {request.param}", measurements)


@pytest.mark.parametrize("measure", sorted(HANDOFF_FLOORS))
def test_requests_for_a_person_are_recognised(handoff_scores: dict, measure: str) -> None:
    _above(handoff_scores[measure], HANDOFF_FLOORS[measure])


# Questions about the glossary's terms, and questions near them that the FAQ answers
# (tests/blind/glossary_*.yml, written from the FAQ and the catalogue with the list of terms).
# Each batch was scored once fresh, then read, and words and examples like its misses added
# (2026-11-28), English / Malay / mixed / controls: "a" 90.3 / 84.7 / 83.3 / 86.7% on the first
# code; "b" 86.1 / 94.4 / 83.3 / 83.3% after "a"'s misses; "c" 94.4 / 90.3 / 100 / 86.7% after
# "b"'s; "d" 97.2 / 98.6 / 100 / 86.7% after "c"'s (the code of fb1b23d, unchanged since),
# which meets the bar of 95% in each language on a fresh batch. The floors are
# regression guards a few points under the batches' figures.
GLOSSARY_FLOORS = {"glossary_en": 0.93, "glossary_ms": 0.93, "glossary_controls": 0.8}


@pytest.fixture(scope="module", params=blind.GLOSSARY_BATCHES)
def glossary_scores(request, stack: Stack, measurements: dict) -> dict[str, blind.Score]:
    found = blind.score_glossary(stack.say, request.param)
    return _scored(found, f"blind glossary {request.param}", measurements)


@pytest.mark.parametrize("measure", sorted(GLOSSARY_FLOORS))
def test_questions_about_terms_get_their_definitions(glossary_scores: dict, measure: str) -> None:
    _above(glossary_scores[measure], GLOSSARY_FLOORS[measure])
