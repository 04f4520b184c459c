"""What the trained model keeps, which is what made it small (the performance issue).

Checked in the Rasa environment: the sentence featurizer (bot/rasa_components/sentence_features.py)
gives a message its whole-message features and no per-token ones, where Rasa's own gives both;
in the trained model no classifier keeps a per-token layer as wide as the vocabulary, and none
keeps its optimizer's state (bot/rasa_components/weights_only.py). That the weights are still
all there is what the held-out and blind accuracy tests check.
"""

from __future__ import annotations

import pytest

from tests.support.stack import MODEL, in_rasa

CHECK = """
import json, sys, tarfile, tempfile
from pathlib import Path
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_components.sentence_features import SentenceCountVectorsFeaturizer

texts = ["how much is the fee", "berapa yuran kursus ini", "what is a micro credential"]
result = {}
with tempfile.TemporaryDirectory() as tmp:
    storage = LocalModelStorage(Path(tmp))
    context = ExecutionContext(GraphSchema({}), "test")
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    for cls in (SentenceCountVectorsFeaturizer, CountVectorsFeaturizer):
        config = {**cls.get_default_config(), "analyzer": "char_wb", "max_ngram": 3}
        featurizer = cls.create(config, storage, Resource(cls.__name__), context)
        data = TrainingData([Message(data={"text": t, "intent": "x"}) for t in texts])
        tokenizer.process_training_data(data)
        featurizer.train(data)
        message = Message(data={"text": "how much is it"})
        tokenizer.process([message])
        featurizer.process([message])
        sequence, sentence = message.get_sparse_features("text")
        result[cls.__name__] = {
            "sequence": None if sequence is None else list(sequence.features.shape),
            "sentence": None if sentence is None else list(sentence.features.shape),
        }

import tensorflow as tf
with tempfile.TemporaryDirectory() as tmp:
    tarfile.open(sys.argv[1]).extractall(tmp)
    widths, optimizer = {}, {}
    for index in Path(tmp).glob("components/*/*.tf_model.index"):
        reader = tf.train.load_checkpoint(str(index)[: -len(".index")])
        names = reader.get_variable_to_shape_map()
        optimizer[index.parent.name] = sum("optimizer" in name for name in names)
        for name, shape in names.items():
            if "sparse_to_dense/kernel" in name and "optimizer" not in name:
                kind = "sequence" if "..sequence" in name else "sentence"
                key = index.parent.name + " " + kind
                widths[key] = max(widths.get(key, 0), shape[0])
    result["widths"] = widths
    result["optimizer"] = optimizer
print(json.dumps(result))
"""


@pytest.fixture(scope="module")
def checked() -> dict:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run the tests through `make test`, which trains it")
    return in_rasa(CHECK, str(MODEL))


def test_only_whole_message_features_where_rasas_own_gives_per_token_ones_too(checked) -> None:
    ours, rasas = checked["SentenceCountVectorsFeaturizer"], checked["CountVectorsFeaturizer"]
    assert ours["sequence"] is None
    assert rasas["sequence"] is not None and rasas["sequence"][0] == 4  # one row per token
    assert ours["sentence"] == rasas["sentence"]  # the same vocabulary, one row
    assert ours["sentence"][0] == 1


def test_no_classifier_in_the_model_keeps_a_vocabulary_wide_per_token_layer(checked) -> None:
    widths = checked["widths"]
    sentence = [w for key, w in widths.items() if key.endswith("sentence")]
    sequence = [w for key, w in widths.items() if key.endswith("sequence")]
    assert len(sentence) == 1  # DIET (the FAQ and chitchat choice is linear: linear_selector.py)
    assert min(sentence) > 5000  # words and character n-grams
    assert max(sequence, default=0) < 100  # only the lexical-syntactic features remain


def test_no_classifier_keeps_its_optimizer_state(checked) -> None:
    assert len(checked["optimizer"]) == 1  # DIET
    assert checked["optimizer"] == dict.fromkeys(checked["optimizer"], 0)
