"""Save Rasa's TensorFlow classifiers (DIET, the ResponseSelectors) without their optimizer.

Rasa saves each classifier with ``save_weights``, which writes the Adam optimizer's two moment
estimates beside every weight: two thirds of each classifier's file, used only to go on
training (``rasa train --finetune``, which this project does not use). Loading never needs
them: Rasa builds a fresh optimizer, takes one step on one example to create the weights, then
restores the weights from the file, so a file without the optimizer gives the same predictions
(``tests/test_model_size.py`` checks the model holds none).

Rasa calls ``RasaModel.save`` from the classifiers' ``persist``; :func:`install` wraps it so that
the model's checkpoint leaves out its ``optimizer`` while saving. Installed when this package's
components are imported, which ``rasa train`` does before it trains anything (config.yml).
"""

from __future__ import annotations

from typing import Any

from rasa.utils.tensorflow.models import RasaModel

_SAVING = "_microcred_saving_weights_only"


def install() -> None:
    if getattr(RasaModel.save, "weights_only", False):
        return
    save, children = RasaModel.save, RasaModel._trackable_children

    def _trackable_children(self: RasaModel, save_type: str = "checkpoint", **kwargs: Any):
        found = children(self, save_type, **kwargs)
        if getattr(self, _SAVING, False):
            found.pop("optimizer", None)
        return found

    def save_weights_only(self: RasaModel, model_file_name: str, overwrite: bool = True) -> None:
        setattr(self, _SAVING, True)
        try:
            save(self, model_file_name, overwrite)
        finally:
            setattr(self, _SAVING, False)

    save_weights_only.weights_only = True  # type: ignore[attr-defined]
    RasaModel._trackable_children = _trackable_children
    RasaModel.save = save_weights_only
