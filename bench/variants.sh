#!/usr/bin/env bash
# Trains the tokenizer variants of issue 11 on data/train.csv and measures each where it matters:
# macro-F1 on the held-out split, on the external evaluation sets ../shared/eval/dev.csv and
# dev2.csv (outside the repository; skipped when absent), the behavioural pass rate
# (`stance check`), the pass rate on the independent contrast set (`stance check --cases
# data/checks/contrast.csv`) and macro-F1 on the article sentences (data/article_eval.csv). Every
# other setting is the default. A second table does the same for the style penalty
# (`--style-penalty`), a third for the feature of a sentence that names no international force
# (`--no-force-mention`), and a fourth for stemming (`--no-stem`), with the default tokenizer
# otherwise.
#
#   bash bench/variants.sh
source "$(dirname "$0")/measure.sh"
# One row: trains with the given options, then prints LABEL (already padded) and the figures.
row() {
  local label=$1 m="$out/model"
  shift
  "$bin" train --quiet "$@" --model "$m"
  local line
  line="$label $(printf '%8s' "$(f1 "$m" data/test.csv)")"
  for set in dev dev2; do
    if [ -f "../shared/eval/$set.csv" ]; then line="$line $(printf '%8s' "$(f1 "$m" "../shared/eval/$set.csv")")"; else line="$line $(printf '%8s' -)"; fi
  done
  echo "$line $(printf '%8s' "$(rate "$m")") $(printf '%8s' "$(rate "$m" --cases data/checks/contrast.csv)") $(printf '%8s' "$(f1 "$m" data/article_eval.csv)")"
}
printf '%-9s %-8s %8s %8s %8s %8s %8s %8s\n' negation stopwords test dev dev2 checks contrast articles
for negation in marked clauses additive; do
  for stop in none english closed; do
    row "$(printf '%-9s %-8s' "$negation" "$stop")" --negation "$negation" --stop-words "$stop"
  done
done
echo
printf '%-14s %8s %8s %8s %8s %8s %8s\n' style-penalty test dev dev2 checks contrast articles
for penalty in 1 2 4 8 16; do
  row "$(printf '%-14s' "$penalty")" --style-penalty "$penalty"
done
echo
printf '%-14s %8s %8s %8s %8s %8s %8s\n' no-force test dev dev2 checks contrast articles
row "$(printf '%-14s' on)"
row "$(printf '%-14s' off)" --no-force-mention
echo
printf '%-14s %8s %8s %8s %8s %8s %8s\n' stemming test dev dev2 checks contrast articles
row "$(printf '%-14s' on)"
row "$(printf '%-14s' off)" --no-stem
