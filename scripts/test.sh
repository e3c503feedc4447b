#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need beyond cargo (Debian's
# Chromium, for the test that renders the HTML report in a headless browser), then runs every
# Rust test. Under CI=true a missing prerequisite fails its test instead of skipping it.
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
