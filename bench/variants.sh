#!/usr/bin/env bash
# Trains the tokenizer variants of issue 11 on data/train.csv and measures each where it matters:
# macro-F1 on the held-out split, on the external evaluation sets ../shared/eval/dev.csv and
# dev2.csv (outside the repository; skipped when absent) and the behavioural pass rate
# (`stance check`). Every other setting is the default. A second table does the same for the
# style penalty (`--style-penalty`), and a third for the feature of a sentence that names no
# international force (`--no-force-mention`), with the default tokenizer.
#
#   bash bench/variants.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/stance
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
f1() { "$bin" evaluate --model "$1" --data "$2" --format json | python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["macro_f1"])'; }
printf '%-9s %-8s %8s %8s %8s %8s\n' negation stopwords test dev dev2 checks
for negation in marked clauses additive; do
  for stop in none english closed; do
    m="$out/$negation-$stop.model"
    "$bin" train --quiet --negation "$negation" --stop-words "$stop" --model "$m"
    row=$(printf '%-9s %-8s %8s' "$negation" "$stop" "$(f1 "$m" data/test.csv)")
    for set in dev dev2; do
      if [ -f "../shared/eval/$set.csv" ]; then row="$row $(printf '%8s' "$(f1 "$m" "../shared/eval/$set.csv")")"; else row="$row $(printf '%8s' -)"; fi
    done
    checks=$("$bin" check --model "$m" --format json | python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["overall"]["rate"])')
    echo "$row $(printf '%8s' "$checks")"
  done
done
echo
printf '%-14s %8s %8s %8s %8s\n' style-penalty test dev dev2 checks
for penalty in 1 2 4 8 16; do
  m="$out/style-$penalty.model"
  "$bin" train --quiet --style-penalty "$penalty" --model "$m"
  row=$(printf '%-14s %8s' "$penalty" "$(f1 "$m" data/test.csv)")
  for set in dev dev2; do
    if [ -f "../shared/eval/$set.csv" ]; then row="$row $(printf '%8s' "$(f1 "$m" "../shared/eval/$set.csv")")"; else row="$row $(printf '%8s' -)"; fi
  done
  checks=$("$bin" check --model "$m" --format json | python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["overall"]["rate"])')
  echo "$row $(printf '%8s' "$checks")"
done
echo
printf '%-14s %8s %8s %8s %8s\n' no-force test dev dev2 checks
for mention in on off; do
  m="$out/mention-$mention.model"
  if [ "$mention" = on ]; then "$bin" train --quiet --model "$m"; else "$bin" train --quiet --no-force-mention --model "$m"; fi
  row=$(printf '%-14s %8s' "$mention" "$(f1 "$m" data/test.csv)")
  for set in dev dev2; do
    if [ -f "../shared/eval/$set.csv" ]; then row="$row $(printf '%8s' "$(f1 "$m" "../shared/eval/$set.csv")")"; else row="$row $(printf '%8s' -)"; fi
  done
  checks=$("$bin" check --model "$m" --format json | python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["overall"]["rate"])')
  echo "$row $(printf '%8s' "$checks")"
done
