"""A second opinion on the intent, by meaning: the nearest training examples in a
multilingual sentence-embedding space (:mod:`bot.encoder`).

DIET reads words and character n-grams and is sure of itself even when it is wrong; this
component reads meaning, in English and Malay alike, and knows nothing of spelling. Where the
two agree, the dialogue can trust the intent over its own word-based guesses (see
``Turn.agreed`` in :mod:`bot.dialogue`); where they disagree, it checks the message's words.

Training embeds every training example (a few seconds per thousand). For each message it adds
``semantic``: ``{"intent": "faq/fee", "similarity": 0.93, "ranking": [[intent, score], ...]}``,
an intent's score being the mean similarity of its ``k`` nearest examples.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import Any

import numpy as np
from rasa.core.channels.channel import UserMessage
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from threadpoolctl import ThreadpoolController, threadpool_limits

from bot import encoder

KEY = "semantic"
_thread = threading.local()  # how many OpenMP threads this thread's encoder calls use


@cache
def _openmp() -> list:
    """The OpenMP runtimes loaded once the encoder is (threadpoolctl's handles on them)."""
    encoder.embed(["load"])
    return ThreadpoolController().select(user_api="openmp").lib_controllers


def _encode(text: str, threads: int = 1) -> np.ndarray:
    """``text``'s embedding, the encoder running on ``threads`` OpenMP threads.

    One by default (OpenMP keeps the setting per calling thread): on the wheel's engine a
    message took 113 ms with two and 39 ms with one on a busy 2-core machine (idle threads
    spinning against the server's own and the action server), 25 ms against 35 ms on a quiet
    one. Two when the server has nothing else to do (see :func:`reading_ahead`).
    """
    _use_threads(threads)
    return encoder.embed([text])[0]


def _use_threads(threads: int) -> None:
    """Run the encoder on ``threads`` OpenMP threads when called from this thread."""
    if getattr(_thread, "threads", None) != threads:
        for runtime in _openmp():
            runtime.set_num_threads(threads)
        _thread.threads = threads


# Encodings started ahead of the parse, by text: by the channels as a message arrives
# (reading_ahead) or by ReadMeaningAhead at the head of the pipeline. SemanticNeighbours takes
# its message's; the oldest are forgotten past _KEPT (a message that never reached the parse).
_ahead: OrderedDict[str, Future] = OrderedDict()
_KEPT = 256
_in_flight = 0  # messages being answered, on every channel (reading_ahead)
_examples_ahead: tuple[list[str], Future] | None = None  # the training examples', likewise
# Two encoders at once: with one, the encoder was the server's bottleneck under load (on the
# wheel's engine, 22 ms of CPU a message against the rest of the server's 13 and the action
# server's 6), 31 replies a second at 20 senders; with two, 42.
_ahead_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="meaning")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class ReadMeaningAhead(GraphComponent):
    """Starts encoding meaning on the second core while the rest of the pipeline reads words.

    The encoder runs in C with Python's lock released. For a message, it overlaps the
    tokenizer, the featurizers, DIET and the selectors; in training, encoding every example
    (about half a minute) overlaps DIET's training. :class:`SemanticNeighbours`, later in the
    pipeline, takes the finished embeddings. Placed first in config.yml (as a featurizer, so
    that Rasa hands it the training data before anything else); without it
    :class:`SemanticNeighbours` encodes by itself. On the server the channels have usually
    started the encoding already, as the message arrived (:func:`reading_ahead`).
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ReadMeaningAhead:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages[-1:]:
            read_ahead(message.get(TEXT) or "")
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        global _examples_ahead
        texts = _example_texts(training_data)
        _examples_ahead = (texts, _ahead_pool.submit(_encode_examples, texts))
        return training_data


def _examples(training_data: TrainingData) -> list[Message]:
    return [m for m in training_data.intent_examples if m.get(TEXT)]


def _example_texts(training_data: TrainingData) -> list[str]:
    return [m.get(TEXT) for m in _examples(training_data)]


def _encode_examples(texts: list[str]) -> np.ndarray:
    """The examples' embeddings, on one OpenMP thread (DIET's training has the other core)."""
    _use_threads(1)
    return encoder.embed(texts)


def _examples_embedding(texts: list[str]) -> np.ndarray:
    """The examples' embeddings: those started ahead for them, or new ones."""
    global _examples_ahead
    ahead, _examples_ahead = _examples_ahead, None
    if ahead is not None and ahead[0] == texts:
        return ahead[1].result()
    return encoder.embed(texts)


def read_ahead(text: str, threads: int = 1) -> Future | None:
    """Start encoding ``text`` on a meaning thread, unless it is under way; its future.

    Called on the server's event loop only (the channels and the parse both run there).
    """
    if not text or text.startswith("/"):
        return None
    future = _ahead.get(text)
    if future is None:
        future = _ahead[text] = _ahead_pool.submit(_encode, text, threads)
        while len(_ahead) > _KEPT:
            _ahead.popitem(last=False)
    return future


def _embedding(text: str) -> np.ndarray:
    """``text``'s embedding: the one started ahead for it, or a new one."""
    future = _ahead.pop(text, None)
    if future is not None:
        return future.result()
    return _encode(text)


def reading_ahead(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
) -> Callable[[UserMessage], Awaitable[None]]:
    """A channel's ``on_new_message`` that starts reading each message's meaning on arrival.

    The parse runs on the server's event loop and would block it while it waited for the
    encoder. So while other learners' messages are being answered, a message waits for its
    reading here, where waiting lets the server get on with the others' replies; on an idle
    server it goes straight on, and the reading overlaps the parse's other work.
    """

    async def handle(message: UserMessage) -> None:
        global _in_flight
        busy = _in_flight > 0
        future = read_ahead(message.text or "", threads=1 if busy else 2)
        if busy and future is not None:
            await asyncio.wait({asyncio.wrap_future(future)})
        _in_flight += 1
        try:
            await on_new_message(message)
        finally:
            _in_flight -= 1

    return handle


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SemanticNeighbours(GraphComponent, IntentClassifier):
    """Adds the intent whose training examples are nearest in meaning."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"k": 3, "ranking_length": 5}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vectors: np.ndarray | None = None,
        labels: list[str] | None = None,
    ) -> None:
        self.k = int(config["k"])
        self.ranking_length = int(config["ranking_length"])
        self._model_storage = model_storage
        self._resource = resource
        self._set(vectors, labels or [])

    def _set(self, vectors: np.ndarray | None, labels: list[str]) -> None:
        self.vectors = vectors if vectors is not None else np.zeros((0, encoder.DIMENSION))
        self.labels = labels
        self.intents = sorted(set(labels))
        self.rows = [np.flatnonzero(np.asarray(labels) == name) for name in self.intents]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """The encoder's engine: another one encodes the examples again."""
        return encoder.fingerprint()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SemanticNeighbours:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = _examples(training_data)
        labels = [m.get_full_intent() for m in examples]
        vectors = _examples_embedding(_example_texts(training_data)).astype(np.float16)
        self._set(vectors, labels)
        with self._model_storage.write_to(self._resource) as directory:
            np.save(directory / "vectors.npy", vectors)
            (directory / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SemanticNeighbours:
        with model_storage.read_from(resource) as directory:
            vectors = np.load(directory / "vectors.npy").astype(np.float32)
            labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
        # The server answers one short message at a time: one BLAS thread for the whole process
        # (its products are small, and idle BLAS threads spinning against the server's own put
        # reply latency p95 at about 115 ms instead of 70 ms; per call the limit costs ~10 ms).
        threadpool_limits(limits=1, user_api="blas")
        component = cls(config, model_storage, resource, vectors, labels)
        component.rank("warm up")  # load the encoder now, not for the first learner
        return component

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not self.labels or not text or text.startswith("/"):
                continue
            message.set(KEY, self.rank(text), add_to_output=True)
        return messages

    def rank(self, text: str) -> dict[str, Any]:
        """The intents nearest to ``text`` in meaning, best first."""
        similarities = self.vectors @ _embedding(text)
        scores = []
        for name, rows in zip(self.intents, self.rows, strict=True):
            nearest = np.sort(similarities[rows])[-self.k :]
            scores.append((name, round(float(nearest.mean()), 4)))
        scores.sort(key=lambda item: -item[1])
        return {
            "intent": scores[0][0],
            "similarity": scores[0][1],
            "ranking": [list(item) for item in scores[: self.ranking_length]],
        }
