"""Fall back when a retrieval intent is confident but its ResponseSelector is not.

Rasa's ``FallbackClassifier`` only looks at the intent. For retrieval intents the
intent (``faq``) can be certain while the selector is unsure *which* FAQ was meant, and
Rasa then answers a random FAQ (RasaHQ/rasa#9751). This component runs after the
selectors and the ``FallbackClassifier`` and turns such a message into ``nlu_fallback``,
so the two-stage fallback asks "did you mean ...?" instead of answering wrongly.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message

RESPONSE_SELECTOR = "response_selector"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ResponseSelectorGuard(GraphComponent, IntentClassifier):
    """Predicts ``nlu_fallback`` when the selected response is below ``threshold``."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"threshold": 0.3}

    def __init__(self, config: dict[str, Any]) -> None:
        self.threshold = float(config["threshold"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ResponseSelectorGuard:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            confidence = self.selector_confidence(message)
            if confidence is None or confidence >= self.threshold:
                continue
            fallback = {
                INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                PREDICTED_CONFIDENCE_KEY: self.threshold,
            }
            message.data[INTENT] = fallback
            message.data.setdefault(INTENT_RANKING_KEY, []).insert(0, dict(fallback))
        return messages

    @staticmethod
    def selector_confidence(message: Message) -> float | None:
        """Confidence of the response chosen for the message's retrieval intent, if any."""
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        selection = (message.get(RESPONSE_SELECTOR) or {}).get(intent)
        if not selection:
            return None
        return float(selection["response"][PREDICTED_CONFIDENCE_KEY])
