"""How a text frames the role of an international force in a conflict zone.

Each sentence is labelled peacekeeping, enforcement or neutral by a model trained with the
`stance` library; articles are split into sentences, page clutter is set aside, and the framed
sentences are counted into shares and a verdict. Every number is the library's, computed exactly
as the `stance` command line computes it.

    >>> import stance
    >>> model = stance.Model.builtin()
    >>> model.predict(["The force will escort aid convoys with the consent of both sides."])
    ['peacekeeping']

`Model.load` reads a model file written by `stance train`; `stance.train` trains a new one.
"""

from stance._native import Model, __version__, train

__all__ = ["Model", "train", "__version__"]
