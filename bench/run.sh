#!/usr/bin/env bash
# Side-by-side benchmark: stance against scikit-learn and fastText on the same synthetic corpus,
# in the same run, on the same machine. Prints one table (wall, fit, throughput, peak RSS,
# macro-F1, ratios) and the machine line.
#
#   bench/run.sh              100k sentences (80/20 split) + 100k unlabelled, 3 runs, medians
#   bench/run.sh --large      also train on 1M sentences (peak RSS; scikit-learn takes minutes)
#   RUNS=5 bench/run.sh       more repetitions
#
# The peers run where they are installed: a virtualenv at .peers (see ../shared/bench/README.md:
# python3 -m venv .peers && .peers/bin/pip install scikit-learn numpy scipy nltk fasttext),
# or PEERS_PYTHON=/path/to/python. The corpus generator needs numpy from the same place.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${SHARED:-$ROOT/../shared/bench}
OUT=${OUT:-$ROOT/bench/out}
RUNS=${RUNS:-3}
LARGE=0
[ "${1:-}" = "--large" ] && LARGE=1
PY=${PEERS_PYTHON:-$ROOT/.peers/bin/python}
mkdir -p "$OUT"

if ! "$PY" -c 'import numpy' 2>/dev/null; then
  echo "no Python with numpy at $PY: create the peers' virtualenv first (see ../shared/bench/README.md)" >&2
  exit 1
fi
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed for peak RSS (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet
STANCE=$ROOT/target/release/stance

gen() { # n seed file [--unlabelled]
  [ -s "$OUT/$3" ] || "$PY" "$SHARED/gen_corpus.py" -n "$1" --seed "$2" -o "$OUT/$3" ${4:-}
}
gen 100000 1 train_100k.csv
gen 100000 2 unlabelled_100k.csv --unlabelled
gen 100000 3 unlabelled_100k_more.csv --unlabelled
# 200k unlabelled sentences: the 100k above, then 100k others. The difference between the two
# classify times is the cost of 100k sentences once the process runs (model loaded, threads
# up), which is what the peers' throughput measures: theirs times prediction alone.
[ -s "$OUT/unlabelled_200k.csv" ] || {
  cat "$OUT/unlabelled_100k.csv"
  tail -n +2 "$OUT/unlabelled_100k_more.csv"
} > "$OUT/unlabelled_200k.csv"
# The peers hold out the LAST 20% of rows (bench_common.py); stance gets the same two parts.
split() { # in train test
  python3 - "$OUT/$1" "$OUT/$2" "$OUT/$3" <<'EOF'
import csv, sys
csv.field_size_limit(sys.maxsize)
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
head, rows = rows[0], rows[1:]
cut = len(rows) - round(len(rows) * 0.2)
for path, part in ((sys.argv[2], rows[:cut]), (sys.argv[3], rows[cut:])):
    w = csv.writer(open(path, 'w', newline='', encoding='utf-8'))
    w.writerow(head)
    w.writerows(part)
EOF
}
[ -s "$OUT/train_100k.fit.csv" ] || split train_100k.csv train_100k.fit.csv train_100k.test.csv

# timed NAME CMD...: runs CMD under /usr/bin/time, appends "NAME wall_s peak_kib" to $OUT/times,
# keeps stdout in $OUT/NAME.out.
timed() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$OUT/$name.time" "$@" > "$OUT/$name.out"
  echo "$name $(cat "$OUT/$name.time")" >> "$OUT/times"
}

: > "$OUT/times"
for run in $(seq "$RUNS"); do
  echo "run $run of $RUNS" >&2
  # C = 1, the peers' regularisation, so that both fit the same objective; everything else is
  # stance's default (stemming, negation marking, 1-2 grams, min_df 2).
  timed "stance_train_$run" "$STANCE" train --c 1 --data "$OUT/train_100k.fit.csv" --model "$OUT/stance_100k.model"
  timed "stance_classify_$run" "$STANCE" classify --format jsonl --model "$OUT/stance_100k.model" "$OUT/unlabelled_100k.csv"
  timed "stance_classify200_$run" "$STANCE" classify --format jsonl --model "$OUT/stance_100k.model" "$OUT/unlabelled_200k.csv"
  if "$PY" -c 'import sklearn, nltk' 2>/dev/null; then
    timed "sklearn_stem_$run" "$PY" "$SHARED/sklearn_bench.py" --data "$OUT/train_100k.csv" --predict "$OUT/unlabelled_100k.csv" --stem snowball
    timed "sklearn_$run" "$PY" "$SHARED/sklearn_bench.py" --data "$OUT/train_100k.csv" --predict "$OUT/unlabelled_100k.csv"
  fi
  if "$PY" -c 'import fasttext' 2>/dev/null; then
    timed "fasttext_$run" "$PY" "$SHARED/fasttext_bench.py" --data "$OUT/train_100k.csv" --predict "$OUT/unlabelled_100k.csv" --thread "$(nproc)"
  fi
done
"$STANCE" evaluate --format json --model "$OUT/stance_100k.model" --data "$OUT/train_100k.test.csv" > "$OUT/stance_eval.json"

# Same answer with one thread as with all of them.
"$STANCE" train --quiet --c 1 --threads 1 --data "$OUT/train_100k.fit.csv" --model "$OUT/stance_100k_1thread.model"
if cmp -s "$OUT/stance_100k.model" "$OUT/stance_100k_1thread.model"; then
  THREADS_SAME=yes
else
  THREADS_SAME=NO
fi

if [ $LARGE = 1 ]; then
  gen 1000000 1 train_1m.csv
  timed stance_train_1m "$STANCE" train --data "$OUT/train_1m.csv" --model "$OUT/stance_1m.model"
  if "$PY" -c 'import sklearn' 2>/dev/null; then
    timed sklearn_1m "$PY" "$SHARED/sklearn_bench.py" --data "$OUT/train_1m.csv"
  fi
fi

python3 - "$OUT" "$RUNS" "$THREADS_SAME" <<'EOF'
import json, os, platform, statistics, subprocess, sys
out, runs, threads_same = sys.argv[1], int(sys.argv[2]), sys.argv[3]
times = {}
for line in open(os.path.join(out, "times")):
    name, wall, kib = line.split()
    times[name] = (float(wall), int(kib) / 1024)

def med(prefix, i):
    vals = [times[f"{prefix}_{r}"][i] for r in range(1, runs + 1) if f"{prefix}_{r}" in times]
    return statistics.median(vals) if vals else None

def peer(prefix):
    rows = []
    for r in range(1, runs + 1):
        path = os.path.join(out, f"{prefix}_{r}.out")
        if os.path.exists(path):
            rows.append(json.loads(open(path).read().strip().splitlines()[-1]))
    if not rows:
        return None
    pick = lambda k: statistics.median(x[k] for x in rows)
    return dict(wall=med(prefix, 0), fit=pick("fit_s"), per_s=pick("predict_per_s"),
                f1=rows[0]["macro_f1"], rss=med(prefix, 1), n_iter=rows[0].get("n_iter"))

# stance: train and classify are separate processes; the peers do both in one, so their wall is
# compared with stance's train wall and their throughput with stance's classify throughput.
def stance_fit(r):
    text = open(os.path.join(out, f"stance_train_{r}.out")).read()
    for line in text.splitlines():
        if line.startswith("time"):
            return float(line.split("fit")[1].split("s")[0])
ev = json.load(open(os.path.join(out, "stance_eval.json")))
s = dict(wall=med("stance_train", 0), fit=statistics.median(stance_fit(r) for r in range(1, runs + 1)),
         per_s=100000 / med("stance_classify", 0), f1=ev["macro_f1"],
         rss=max(med("stance_train", 1), med("stance_classify", 1)))
tools = [("stance (stemming, negation, 1-2 grams)", s)]
for name, prefix in (("scikit-learn + Snowball", "sklearn_stem"), ("scikit-learn, no stemming", "sklearn"),
                     ("fastText (wordNgrams 2)", "fasttext")):
    p = peer(prefix)
    if p:
        tools.append((name, p))

cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
print(f"machine: {platform.node()}, {os.cpu_count()} cores, {cpu}, Linux {platform.release()}")
print(f"corpus: 100k synthetic sentences (80/20 split) + 100k unlabelled; medians of {runs} runs\n")
print(f"| tool | train wall | fit | classify (sentences/s) | peak RSS | macro-F1 | stance train speed-up | stance throughput ratio |")
print("|---|---|---|---|---|---|---|---|")
for name, t in tools:
    up = f"{t['wall'] / s['wall']:.1f}x" if t is not s else "-"
    ratio = f"{s['per_s'] / t['per_s']:.1f}x" if t is not s else "-"
    print(f"| {name} | {t['wall']:.2f} s | {t['fit']:.2f} s | {t['per_s']/1000:.0f}k | {t['rss']:.0f} MiB "
          f"| {t['f1']:.3f} | {up} | {ratio} |")
print(f"\nstance classify wall {med('stance_classify', 0):.2f} s for 100k sentences "
      f"(read, split, tokenise, stem, score, write JSONL), peak RSS {med('stance_classify', 1):.0f} MiB")
# Per run, the extra time the second 100k sentences took: no start-up, no model loading.
extra = statistics.median(times[f"stance_classify200_{r}"][0] - times[f"stance_classify_{r}"][0]
                          for r in range(1, runs + 1))
steady = 100000 / extra
print(f"stance classify, 200k sentences minus 100k: {extra:.2f} s per 100k once running, "
      f"{steady / 1000:.0f}k sentences/s; ratios on that basis (the peers' throughput times "
      f"prediction alone): " + ", ".join(f"{steady / t['per_s']:.1f}x {name}"
                                          for name, t in tools if t is not s))
print(f"stance with --threads 1 gives the same model file byte for byte: {threads_same}")
for name in ("stance_train_1m", "sklearn_1m"):
    if name in times:
        print(f"{name}: wall {times[name][0]:.1f} s, peak RSS {times[name][1]:.0f} MiB")
EOF
