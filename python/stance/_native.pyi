from collections.abc import Iterable, Mapping
from os import PathLike
from typing import Any, Optional, Union

import numpy
import numpy.typing

__version__: str

Article = Union[str, Mapping[str, Any]]

class Model:
    """A trained model: tokenizer settings, vocabulary, idf, weights, labels and calibration."""

    @staticmethod
    def load(path: Union[str, PathLike[str]]) -> Model:
        """Reads a model file written by `stance train` or `Model.save`.

        Raises OSError when the file cannot be read and ValueError when it is not a model file,
        is damaged, or was written by a newer version."""
    @staticmethod
    def builtin() -> Model:
        """The model shipped with the package (the command line's default model)."""
    def save(self, path: Union[str, PathLike[str]]) -> None:
        """Writes the model to `path` atomically, in the format `stance train` writes."""
    @property
    def labels(self) -> list[str]:
        """The labels, in the order of `predict_proba`'s columns (sorted)."""
    @property
    def settings(self) -> dict[str, Any]:
        """The training settings: tokenizer, features, model and seed."""
    @property
    def terms(self) -> int:
        """The number of terms in the vocabulary."""
    def predict(self, sentences: Iterable[str]) -> list[str]:
        """The label of each sentence (each string is scored as one sentence)."""
    def predict_proba(self, sentences: Iterable[str]) -> numpy.typing.NDArray[numpy.float64]:
        """Probabilities, shape (sentences, labels), columns in `labels` order."""
    def classify(
        self,
        articles: Iterable[Article],
        *,
        ids: Optional[Iterable[str]] = None,
        explain: int = 0,
        sentences: bool = False,
        keep_boilerplate: bool = False,
    ) -> list[dict[str, Any]]:
        """Classifies articles as `stance classify` does; one dict per article with the fields
        of a line of `stance classify --format jsonl --exact`."""
    def evaluate(
        self, texts: Iterable[str], labels: Iterable[str], *, seed: int = 42
    ) -> dict[str, Any]:
        """Measures the model on labelled sentences; the keys of `stance evaluate --format json`."""
    def compare(
        self, other: "Model", texts: Iterable[str], labels: Iterable[str], *, seed: int = 42
    ) -> dict[str, Any]:
        """Compares `other` (B) with this model (A) on labelled sentences, paired; the keys of
        `stance evaluate --compare B --format json` but the file names."""

def train(
    texts: Iterable[str],
    labels: Iterable[str],
    *,
    ngrams: Union[str, tuple[int, int], None] = "1-2",
    min_df: Optional[int] = 2,
    max_df: Optional[float] = 1.0,
    max_features: Optional[int] = None,
    stem: Optional[bool] = True,
    negation: Optional[str] = "clauses",
    questions: Optional[bool] = True,
    force_mention: Optional[bool] = True,
    stop_words: Union[str, Iterable[str], None] = "none",
    c: Optional[float] = 10.0,
    style_penalty: Optional[float] = 2.0,
    class_weight: Union[str, Mapping[str, float], None] = "uniform",
    max_iter: Optional[int] = 500,
    tol: Optional[float] = 1e-4,
    seed: Optional[int] = 42,
    calibration_folds: Optional[int] = 5,
    groups: Optional[Iterable[str]] = None,
) -> Model:
    """Trains a model as `stance train` does, with the same options and defaults. `groups`
    (one per text, such as its mission) makes the calibration folds keep a group's sentences
    together, as `stance train` does with the data's `mission` column."""
