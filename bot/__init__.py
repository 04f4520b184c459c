"""Micro-credential assistant: the logic behind the Rasa bot.

Nothing here is imported by Rasa itself except :mod:`bot.language` and
:mod:`bot.rasa_components`, which must stay importable in the Rasa runtime
environment (standard library plus Rasa only).
"""
