"""Rasa's ``CountVectorsFeaturizer``, giving sentence-level features only.

With no transformer layers (config.yml), DIET and the ResponseSelector classify a message from
its sentence-level features alone: the per-token (sequence) features of the same vocabulary
are still turned into dense vectors on every training step and every message, and kept in the
model with their optimizer state, but nothing reads them (they would feed entity recognition
or a transformer, and both are off). Leaving them out took the model archive from 114 to 79 MB
(before the optimizer state went too: weights_only.py); cold training stayed at about 6.5 min.
The per-token features DIET needs to know a message's length still come from
``LexicalSyntacticFeaturizer`` and ``RegexFeaturizer``.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceCountVectorsFeaturizer(CountVectorsFeaturizer):
    """Bag of words (or of character n-grams) for the whole message, nothing per token."""

    def add_features_to_message(
        self,
        sequence: Any,
        sentence: Any,
        attribute: str,
        message: Message,
    ) -> None:
        super().add_features_to_message(None, sentence, attribute, message)
