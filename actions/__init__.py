"""Custom actions served by the action server (``microcred serve actions``,
:mod:`bot.action_server`, which warms them up before the first learner's turn).

Each module holds the actions of one concern; every action is a thin adapter from the
tracker to a ``bot`` call and back to messages.
"""
