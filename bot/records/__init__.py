"""What the assistant keeps about its own use, for the advisers who improve it.

- ``unanswered``: every fallback, out-of-scope, low-confidence or disliked answer;
- ``feedback``: the 👍/👎 votes on answers, with the answer's source;
- ``handoff``: the learners' requests to be contacted by a person.

The tables live in the catalogue database (:mod:`bot.catalogue.db`, one migration history);
a learner appears only as a salted hash of their conversation id (:func:`store.sender_hash`).
Nothing here is ever trained on automatically: the report exports candidate NLU examples for
an adviser to review.
"""
