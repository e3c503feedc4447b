# Sourced by bench/variants.sh and bench/ablations.sh: builds the release binary and gives them a
# scratch directory ($out, removed on exit) and the two figures each of their rows prints.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/stance
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Macro-F1 of model $1 on labelled file $2.
f1() { "$bin" evaluate --model "$1" --data "$2" --format json | python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["macro_f1"])'; }
# Pass rate of `stance check` on model $1, with any further options (--cases FILE).
rate() { "$bin" check --model "$1" "${@:2}" --format json | python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["overall"]["rate"])'; }
