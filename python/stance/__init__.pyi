from stance._native import Model as Model, __version__ as __version__, train as train

__all__ = ["Model", "train", "__version__"]
