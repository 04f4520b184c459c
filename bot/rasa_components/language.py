"""NLU component that tags each message with its language as a ``language`` entity.

The entity fills the ``language`` slot (``from_entity`` mapping), and responses pick
their Bahasa Melayu variation with a slot condition. Messages without a clear signal
add no entity, so the slot keeps the conversation's current language.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language import detect_language


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    """Adds ``{"entity": "language", "value": "en" | "ms"}`` when the language is clear."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"entity": "language"}

    def __init__(self, config: dict[str, Any]) -> None:
        self.entity = config["entity"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            language = detect_language(text)
            if language is None or text.startswith("/"):
                continue
            entity = {
                "entity": self.entity,
                "value": language,
                "start": 0,
                "end": len(text),
                "confidence": 1.0,
                "extractor": self.__class__.__name__,
            }
            message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
        return messages
