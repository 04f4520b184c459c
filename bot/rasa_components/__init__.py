"""Custom Rasa NLU components (run inside the Rasa runtime environment).

Only the standard library, Rasa and :mod:`bot.language` may be imported here.

Importing any of them (config.yml does, before Rasa trains) also makes Rasa save its classifiers
without their optimizer state: see :mod:`bot.rasa_components.weights_only`.
"""

from bot.rasa_components import weights_only

weights_only.install()
