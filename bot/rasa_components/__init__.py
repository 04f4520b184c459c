"""Custom Rasa NLU components (run inside the Rasa runtime environment).

Only the standard library, Rasa and :mod:`bot.language` may be imported here.
"""
