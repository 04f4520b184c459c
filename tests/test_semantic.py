"""The reading by meaning (bot/rasa_components/semantic.py) inside the trained model.

Loads models/current.tar.gz in the Rasa environment and parses messages that are not in the
training data: the same question in English and in Malay is read as the same intent, and the
parse data carries the reading to the action server.
"""

from __future__ import annotations

import json

import pytest
import yaml

from tests.support.stack import MODEL, ROOT, in_rasa

# Loads the model and records each encoding as it starts: [text, thread, OpenMP threads asked
# for], then the OpenMP threads in use while it ran.
LOADED = """
import asyncio, json, sys, threading
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from threadpoolctl import threadpool_info
from bot.rasa_components import semantic

agent = Agent.load(sys.argv[1])
texts = json.loads(sys.argv[2])
encoded, encode = [], semantic._encode
def recorded(text, threads=1):
    entry = [text, threading.current_thread().name, threads]
    encoded.append(entry)
    vector = encode(text, threads)
    entry.append([i["num_threads"] for i in threadpool_info() if i["internal_api"] == "openmp"])
    return vector
semantic._encode = recorded
"""

PARSE = (
    LOADED
    + """
async def main():
    out = [await agent.parse_message(text) for text in texts]
    threads = [[i["internal_api"], i["num_threads"]] for i in threadpool_info()]
    semantic.read_ahead = lambda text: None  # as if ReadMeaningAhead were not in the pipeline
    alone = [await agent.parse_message(text) for text in texts]
    print(json.dumps({"readings": [r.get("semantic") for r in out], "threads": threads,
                      "encoded_on": [[name, openmp] for _, name, _, openmp in encoded],
                      "alone": [r.get("semantic") for r in alone]}))

asyncio.run(main())
"""
)

MESSAGES = {
    "How much would I have to pay to sign up for one?": "faq/fee",
    "Berapakah kos yang perlu saya sediakan untuk satu kursus?": "faq/fee",
    "Siapa yang boleh daftar, ada had umur tak?": "faq/age",
    "Pukul berapa kedai mamak tutup malam ni?": "out_of_scope",
}


@pytest.fixture(scope="module")
def parsed() -> dict:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run the tests through `make test`, which trains it")
    return in_rasa(PARSE, str(MODEL), json.dumps(list(MESSAGES)))


@pytest.fixture(scope="module")
def readings(parsed) -> dict[str, dict]:
    return dict(zip(MESSAGES, parsed["readings"], strict=True))


def test_the_loaded_model_encodes_and_multiplies_on_one_thread(parsed):
    # the server answers one message at a time; spare threads only spin against its own
    threads = parsed["threads"]
    assert ["openmp", 1] in threads  # the encoder's
    assert {n for _, n in threads} == {1}  # and every BLAS library's


def test_the_meaning_is_encoded_ahead_on_another_thread_with_the_same_result(parsed):
    # ReadMeaningAhead starts each message's encoding while the words are read ...
    threads = [name for name, _ in parsed["encoded_on"]]
    ahead, alone = threads[: len(MESSAGES)], threads[len(MESSAGES) :]
    assert all(name.startswith("meaning") for name in ahead), ahead
    assert alone == ["MainThread"] * len(MESSAGES)  # (without it, the parse encodes them)
    # the thread that encodes runs the encoder on one OpenMP thread, as the parse's own does
    # (every OpenMP runtime loaded: the encoder's engine and scikit-learn's each have one)
    assert all(set(openmp) == {1} for _, openmp in parsed["encoded_on"]), parsed["encoded_on"]
    # ... and the reading is the one SemanticNeighbours gets by encoding the message itself
    assert parsed["readings"] == parsed["alone"]


ARRIVING = (
    LOADED
    + """
async def main():
    readings = {}
    async def on_new_message(message):  # as the server's: parse, then the rest of the reply
        readings[message.text] = (await agent.parse_message(message.text)).get("semantic")
        await asyncio.sleep(0.05)  # (the action server's turn), while the others arrive
    handle = semantic.reading_ahead(on_new_message)
    channel = CollectingOutputChannel()
    await asyncio.gather(*(handle(UserMessage(t, channel, f"s{n}")) for n, t in enumerate(texts)))
    arrived, left = [entry[:3] for entry in encoded], len(semantic._ahead)
    alone = {t: (await agent.parse_message(t)).get("semantic") for t in texts}
    print(json.dumps({"encoded": arrived, "left": left, "same": readings == alone}))

asyncio.run(main())
"""
)


def test_messages_are_read_as_they_arrive_two_at_a_time_under_load():
    texts = list(MESSAGES)
    found = in_rasa(ARRIVING, str(MODEL), json.dumps(texts))
    # each message encoded once, by the channel as it arrived, on the encoder's own threads ...
    assert [text for text, _, _ in found["encoded"]] == texts
    assert all(name.startswith("meaning") for _, name, _ in found["encoded"])
    # ... the first, alone on the server, with two OpenMP threads; those arriving while it is
    # answered with one each (two encoders at once share the two cores)
    assert [threads for _, _, threads in found["encoded"]] == [2] + [1] * (len(texts) - 1)
    assert found["left"] == 0  # the parse took every reading started for it
    assert found["same"]  # and each is the reading of the message parsed alone


def test_the_messages_are_not_training_examples():
    training = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "data" / "nlu").glob("*.yml")
    )
    for text in MESSAGES:
        assert text.lower() not in training.lower()


def test_every_message_gets_a_reading_by_meaning_among_the_domains_intents(readings):
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    intents = set(domain["intents"])
    for text, reading in readings.items():
        assert reading, text
        assert reading["intent"].split("/")[0] in intents
        assert 0 < reading["similarity"] <= 1
        scores = [score for _, score in reading["ranking"]]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("text", list(MESSAGES))
def test_the_same_question_is_read_alike_in_english_and_malay(readings, text):
    assert readings[text]["intent"] == MESSAGES[text]


TRAIN = """
import json, sys, tempfile, threading
from pathlib import Path
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from bot import encoder
from bot.rasa_components import semantic

texts = json.loads(sys.argv[1])
data = TrainingData([Message(data={"text": t, "intent": f"i{n % 2}"}) for n, t in enumerate(texts)])
encoded_on, encode = [], semantic._encode_examples
def recorded(batch):
    encoded_on.append([threading.current_thread().name, len(batch)])
    return encode(batch)
semantic._encode_examples = recorded
with tempfile.TemporaryDirectory() as tmp:
    storage, context = LocalModelStorage(Path(tmp)), ExecutionContext(GraphSchema({}), "test")
    ahead = semantic.ReadMeaningAhead.create({}, storage, Resource("ahead"), context)
    assert ahead.process_training_data(data) is data
    config = semantic.SemanticNeighbours.get_default_config()
    neighbours = semantic.SemanticNeighbours.create(config, storage, Resource("nb"), context)
    neighbours.train(data)
    direct = encoder.embed(texts).astype(np.float16)
print(json.dumps({"encoded_on": encoded_on, "left": semantic._examples_ahead is not None,
                  "same": bool(np.array_equal(neighbours.vectors, direct))}))
"""


def test_training_examples_are_encoded_ahead_on_another_thread_with_the_same_result():
    texts = ["what is a micro-credential", "berapa yuran kursus", "is it online", "ada sijil?"]
    trained = in_rasa(TRAIN, json.dumps(texts))
    # ReadMeaningAhead started the examples' encoding on its thread when Rasa handed it the
    # training data; SemanticNeighbours took that result instead of encoding them again.
    assert trained["encoded_on"] == [["meaning_0", len(texts)]]
    assert trained["left"] is False
    assert trained["same"] is True
