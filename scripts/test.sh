#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need beyond cargo, then runs
# them all:
#   - Debian's Chromium, for the test that renders the HTML report in a headless browser;
#   - every Rust test (`cargo test --release`);
#   - the Python package: a virtual environment in target/pyenv with maturin, pytest, numpy,
#     pandas, pyarrow and pyspark from the package index, `pip install ./python` into it, and
#     pytest over python/tests (the API against the command line, and the Spark example in
#     local mode, which needs Java 17).
# Under CI=true a missing prerequisite fails its test instead of skipping it.
#
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the report test..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is not installed and cannot be installed here (needs root and apt-get);" \
         "the report-rendering test will skip (or fail under CI=true)" >&2
  fi
fi
cargo test --release

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
  echo "test.sh: $python not found; the Python tests need CPython >= 3.9 with pip and venv" >&2
  exit 1
fi
if ! command -v java >/dev/null 2>&1; then
  echo "test.sh: java not found; the Spark test needs Java 17 (e.g. Debian's openjdk-17-jre-headless)" >&2
  [ "${CI:-}" = true ] && exit 1
fi
venv=target/pyenv
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade pip
# pandas below 3: the pyspark releases of 2026 warn that they do not yet support pandas 3.
"$venv/bin/python" -m pip install -q maturin pytest numpy "pandas<3" pyarrow pyspark
"$venv/bin/python" -m pip install -q --force-reinstall --no-deps ./python
# From the repository root, so that python/stance (the sources) does not shadow the installed
# package.
"$venv/bin/python" -m pytest -q -p no:cacheprovider python/tests
