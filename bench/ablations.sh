#!/usr/bin/env bash
# Data ablations: trains on data/train.csv without one kind of sentence at a time (each
# `hard_case` kind, then each `register`), every setting the default, and measures each model
# where it matters: macro-F1 on the held-out split, on ../shared/eval/dev.csv and dev2.csv
# (outside the repository; `-` when absent), the behavioural pass rate (`stance check`), the
# independent contrast set (`stance check --cases data/checks/contrast.csv`), macro-F1 on the
# article sentences (data/article_eval.csv) and 5-fold cross-validation with each mission held
# out whole (`stance evaluate --cv 5 --cv-groups mission` on the reduced file). The first row is
# the whole file. It asks whether some kind of our writing teaches the model something real
# reporting does not bear out.
#
#   bash bench/ablations.sh
source "$(dirname "$0")/measure.sh"
# Writes the rows of data/train.csv whose COLUMN is not VALUE (all rows for an empty COLUMN) to
# $out/data.csv and prints how many were kept.
subset() {
  python3 - "$1" "$2" "$out/data.csv" <<'PY'
import csv, sys
column, value, path = sys.argv[1:]
with open("data/train.csv", newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f)
    rows = [r for r in reader if not column or r[column] != value]
    fields = reader.fieldnames
with open(path, "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
print(len(rows))
PY
}
row() {
  local label=$1 column=$2 value=$3 m="$out/model" kept line
  kept=$(subset "$column" "$value")
  "$bin" train --quiet --data "$out/data.csv" --model "$m"
  line="$(printf '%-34s %6s %7s' "$label" "$kept" "$(f1 "$m" data/test.csv)")"
  for set in dev dev2; do
    if [ -f "../shared/eval/$set.csv" ]; then line="$line $(printf '%7s' "$(f1 "$m" "../shared/eval/$set.csv")")"; else line="$line $(printf '%7s' -)"; fi
  done
  cv=$("$bin" evaluate --cv 5 --cv-groups mission --data "$out/data.csv" --format json | python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["pooled"]["macro_f1"])')
  echo "$line $(printf '%7s %8s %8s %7s' "$(rate "$m")" "$(rate "$m" --cases data/checks/contrast.csv)" "$(f1 "$m" data/article_eval.csv)" "$cv")"
}
printf '%-34s %6s %7s %7s %7s %7s %8s %8s %7s\n' "trained on train.csv without" kept test dev dev2 checks contrast articles "m-cv"
row "(nothing: the whole file)" "" ""
for kind in style-triple minimal-pair national-force implicit-peacekeeping no-side soft-enforcement negated-enforcement weighs-both page-clutter; do
  row "hard_case $kind" hard_case "$kind"
done
for register in wire think-tank op-ed editorial official parliament ngo; do
  row "register $register" register "$register"
done
