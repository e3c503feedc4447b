#!/usr/bin/env bash
# Throughput of the three ways to classify an archive, on the same input: the command-line
# binary, the Python package (Model.classify), and the Spark example in local[2] mode (the
# package route through mapInArrow and the binary route through rdd.pipe), with the Spark job's
# fixed overhead (the same job on 10 articles). Figures are articles per second and ratios to the
# binary, all measured in one run of bench/spark.py.
#
# It uses the virtual environment scripts/test.sh builds (target/pyenv, with the package, pyspark
# and pyarrow installed); run `bash scripts/test.sh` once first, or set PYTHON.
#
#   bench/spark.sh                 20,000 articles, best of 3 runs each
#   ARTICLES=100000 RUNS=1 bench/spark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-target/pyenv/bin/python}
if ! "$PY" -c 'import stance, pyspark, pyarrow' 2>/dev/null; then
  echo "bench/spark.sh: $PY lacks the stance package, pyspark or pyarrow; run bash scripts/test.sh first" >&2
  exit 1
fi
cargo build --release --quiet
exec "$PY" bench/spark.py --articles "${ARTICLES:-20000}" --runs "${RUNS:-3}"
