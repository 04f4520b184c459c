"""Custom actions served by the rasa-sdk action server (``python -m rasa_sdk --actions actions``).

Each module holds the actions of one concern; every action is a thin adapter from the
tracker to a ``bot`` call and back to messages.
"""
