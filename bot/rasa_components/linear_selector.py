"""Picks the answer within a retrieval intent (which FAQ, which chitchat reply) with a linear model.

A drop-in for Rasa's ``ResponseSelector`` with the same output (``response_selector``, read by
Rasa's ``ActionRetrieveResponse``, by :mod:`actions.base` and by the ``selector_guard``), but a
multinomial logistic regression over the message's sentence features (words, word pairs and
character n-grams) instead of a neural network trained for 100 epochs. DIET has already decided
that a message is an ``faq``; this only tells eleven FAQ answers apart, which a linear model does
within two messages per set on the blind sets (README, "Benchmark") in a few seconds of
training (the FAQ's ResponseSelector took 74-87 s of a cold training, this 3 s) and in well
under a millisecond a message.

The model is stored as plain arrays (weights, bias, labels) and the responses as JSON: nothing
is unpickled when the server loads it.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data import util
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearResponseSelector(GraphComponent, IntentClassifier):
    """Selects the response of one retrieval intent (``retrieval_intent`` in config.yml)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # C: inverse regularisation strength. 10 was best of 1/3/10/30/100 on the held-out sets
        # (raw counts; L2-normalised counts lost 1-3 points in each language). Newton-CG reaches
        # the optimum in about 20 steps, where L-BFGS took 500 and five times as long.
        return {"retrieval_intent": None, "C": 10.0, "max_iter": 100, "ranking_length": 10}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: dict[str, Any] | None = None,
    ) -> None:
        if not config.get("retrieval_intent"):
            raise ValueError("LinearResponseSelector needs `retrieval_intent` in config.yml")
        self.config = config
        self.retrieval_intent = config["retrieval_intent"]
        self._model_storage = model_storage
        self._resource = resource
        model = model or {}
        self.weights: np.ndarray | None = model.get("weights")
        self.bias: np.ndarray | None = model.get("bias")
        self.labels: list[str] = model.get("labels", [])
        self.responses: dict[str, list[dict[str, Any]]] = model.get("responses", {})
        self.all_retrieval_intents: list[str] = model.get("all_retrieval_intents", [])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearResponseSelector:
        return cls(config, model_storage, resource)

    @staticmethod
    def _features(message: Message) -> scipy.sparse.csr_matrix | None:
        _, sentence = message.get_sparse_features(TEXT)
        return None if sentence is None else scipy.sparse.csr_matrix(sentence.features)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            (m.get_full_intent(), features)
            for m in training_data.intent_examples
            if m.get(INTENT) == self.retrieval_intent
            and (features := self._features(m)) is not None
        ]
        self.all_retrieval_intents = sorted(training_data.retrieval_intents)
        prefix = f"utter_{self.retrieval_intent}/"
        self.responses = {
            key: value for key, value in training_data.responses.items() if key.startswith(prefix)
        }
        labels = [label for label, _ in examples]
        self.labels = sorted(set(labels))  # one response: chosen always, nothing to fit
        if len(self.labels) >= 2:
            features = scipy.sparse.vstack([features for _, features in examples]).tocsr()
            model = LogisticRegression(
                C=self.config["C"], max_iter=self.config["max_iter"], solver="newton-cg"
            )
            model.fit(features, labels)
            self.weights = model.coef_.astype(np.float32)
            self.bias = model.intercept_.astype(np.float32)
            self.labels = [str(label) for label in model.classes_]
        self._persist()
        return self._resource

    def _persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            if self.weights is not None:
                np.save(directory / "weights.npy", self.weights)
                np.save(directory / "bias.npy", self.bias)
            meta = {
                "labels": self.labels,
                "responses": self.responses,
                "all_retrieval_intents": self.all_retrieval_intents,
            }
            (directory / "selector.json").write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearResponseSelector:
        model: dict[str, Any] = {}
        with model_storage.read_from(resource) as directory:
            model.update(json.loads((directory / "selector.json").read_text(encoding="utf-8")))
            if (directory / "weights.npy").exists():
                model["weights"] = np.load(directory / "weights.npy", allow_pickle=False)
                model["bias"] = np.load(directory / "bias.npy", allow_pickle=False)
        return cls(config, model_storage, resource, model)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = self.rank(message)
            if ranking:
                self._set(message, ranking)
        return messages

    def rank(self, message: Message) -> list[tuple[str, float]]:
        """This intent's responses for ``message``, most likely first, with probabilities."""
        features = self._features(message)
        if self.weights is None or features is None:
            return [(label, 1.0) for label in self.labels[:1]]
        scores = self.weights[:, features.indices] @ features.data + self.bias
        probabilities = np.exp(scores - scores.max())
        probabilities /= probabilities.sum()
        order = np.argsort(-probabilities)[: self.config["ranking_length"]]
        return [(self.labels[i], float(probabilities[i])) for i in order]

    def _set(self, message: Message, ranking: list[tuple[str, float]]) -> None:
        """Write the choice as Rasa's ``ResponseSelector`` does (its ``process``)."""
        key, confidence = ranking[0]
        utter_action = util.intent_response_key_to_template_key(key)
        responses = self.responses.get(utter_action) or [{TEXT: key}]
        selection = {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: responses,
                PREDICTED_CONFIDENCE_KEY: confidence,
                INTENT_RESPONSE_KEY: key,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
            },
            RESPONSE_SELECTOR_RANKING_KEY: [
                {"id": index, PREDICTED_CONFIDENCE_KEY: score, INTENT_RESPONSE_KEY: label}
                for index, (label, score) in enumerate(ranking)
            ],
        }
        selectors = message.get(RESPONSE_SELECTOR_PROPERTY_NAME, {})
        selectors[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = self.all_retrieval_intents
        selectors[self.retrieval_intent] = selection
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selectors, add_to_output=True)
