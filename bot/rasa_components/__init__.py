"""Custom Rasa NLU components (run inside the Rasa runtime environment).

Only the standard library, Rasa and :mod:`bot.language` may be imported here.

Importing any of them (config.yml does, before Rasa trains) also makes Rasa save its classifiers
without their optimizer state (:mod:`bot.rasa_components.weights_only`), and makes the Rasa
server check the action server's replies with a validator built once
(:mod:`bot.rasa_components.action_results`).
"""

from bot.rasa_components import action_results, weights_only

action_results.install()
weights_only.install()
