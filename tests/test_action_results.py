"""The Rasa server checks the action server's replies as strictly as before, with a validator it
builds once (bot/rasa_components/action_results.py, the performance issue): checked in the Rasa
environment against Rasa's own check, on replies good and bad.
"""

from __future__ import annotations

from tests.support.stack import in_rasa

CHECK = """
import json
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

replies = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "credential", "value": "DAT-101", "timestamp": None}],
     "responses": [{"text": "RM 450.", "buttons": [{"title": "a", "payload": "/b"}]}]},
    {"events": [{"event": "followup", "name": "action_listen"}, {"event": "reset_slots"}]},
    {"responses": [{"text": "hi"}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": {"event": "slot"}},
    {"events": [{"event": "slot", "name": 7}]},
    {"responses": "hello"},
    [],
]
action = RemoteAction("action_respond", None)

def verdicts():
    found = []
    for reply in replies:
        try:
            found.append(action._validate_action_result(reply))
        except ValidationError as error:
            found.append(error.message)
    return found

rasa_own = verdicts()
kind = validator_for(RemoteAction.action_response_format_spec())
checks = {"schema": 0}
check_schema = kind.check_schema

def counted(schema, *args, **kwargs):
    checks["schema"] += 1
    return check_schema(schema, *args, **kwargs)

kind.check_schema = counted
verdicts()
rasa_own_checks, checks["schema"] = checks["schema"], 0
import bot.rasa_components  # installs ours
ours = verdicts() + verdicts()
print(json.dumps({"rasa": rasa_own, "rasa_checks": rasa_own_checks, "ours": ours,
                  "our_checks": checks["schema"]}))
"""


def test_replies_are_judged_as_rasa_judges_them_with_the_schema_checked_once():
    found = in_rasa(CHECK, timeout=300)
    rasa, ours = found["rasa"], found["ours"]
    assert rasa[:4] == [True] * 4, rasa  # well-formed replies pass ...
    assert all(isinstance(verdict, str) for verdict in rasa[4:]), rasa  # ... malformed fail
    assert all("Failed to validate Action server response" in v for v in rasa[4:])
    assert ours == rasa + rasa  # the same verdicts and the same messages, every time
    assert found["rasa_checks"] == len(rasa)  # Rasa checks the schema itself for every reply
    assert found["our_checks"] <= 1  # ours once, for all of them
