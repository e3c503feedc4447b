#!/usr/bin/env bash
# Active-learning simulation with our binary: does labelling what `stance suggest` picks beat
# labelling sentences picked at random?
#
# For each of five seeds: 300 seed sentences drawn at random from data/train.csv; then 5 rounds
# in which `suggest` picks 200 sentences from the rest of data/train.csv (a pool with an id
# column; only the picked sentences' labels are revealed, joined back by id), the model is
# retrained on everything labelled so far, and so on. Against it: the same 300 seed sentences
# plus 200, 400, ..., 1,000 more drawn at random. After every round each model is scored on the
# held-out reporting in ../shared/eval/dev.csv and dev2.csv (outside the repository; skipped
# with a message when absent, and never copied in). Prints the learning curves: macro-F1 after
# each round per seed, and the means.
#
#   bench/active_learning.sh                      the default strategy against random picks
#   STRATEGIES="sample-margin margin entropy" bench/active_learning.sh     several strategies
#   STRATEGIES="entropy+balance" ...     a strategy with --balance
#   SEEDS="1 2 3" ROUNDS=5 BATCH=200 SEED_SIZE=300 bench/active_learning.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
EVAL=${EVAL:-$ROOT/../shared/eval}
STRATEGIES=${STRATEGIES:-sample-margin}
SEEDS=${SEEDS:-"1 2 3 4 5"}
ROUNDS=${ROUNDS:-5}
BATCH=${BATCH:-200}
SEED_SIZE=${SEED_SIZE:-300}

sets=()
for name in dev dev2; do
  if [ -s "$EVAL/$name.csv" ]; then
    sets+=("$EVAL/$name.csv")
  else
    echo "skipping $name: $EVAL/$name.csv is absent (it lives outside the repository)" >&2
  fi
done
if [ ${#sets[@]} -eq 0 ]; then
  echo "no evaluation set found under $EVAL; nothing to score on" >&2
  exit 0
fi

cargo build --release --quiet
STANCE=$ROOT/target/release/stance
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$STANCE" "$WORK" "$ROOT/data/train.csv" "$STRATEGIES" "$SEEDS" "$ROUNDS" "$BATCH" \
  "$SEED_SIZE" "${sets[@]}" <<'PY'
import csv, json, os, random, subprocess, sys

stance, work, train, strategies, seeds, rounds, batch, seed_size = sys.argv[1:9]
sets = sys.argv[9:]
strategies = strategies.split()
seeds = [int(s) for s in seeds.split()]
rounds, batch, seed_size = int(rounds), int(batch), int(seed_size)

with open(train, newline="", encoding="utf-8") as f:
    rows = [(r["text"], r["label"]) for r in csv.DictReader(f)]

def write(path, labelled):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows(labelled)

def run(*args):
    return subprocess.run([stance, *args], check=True, capture_output=True, text=True).stdout

def score(labelled, tag):
    data, model = f"{work}/{tag}.csv", f"{work}/{tag}.model"
    write(data, labelled)
    run("train", "--data", data, "--model", model, "--quiet")
    out = []
    for s in sets:
        metrics = json.loads(run("evaluate", "--data", s, "--model", model, "--format", "json"))
        out.append(metrics["macro_f1"])
    return out, model

# curves[method][seed] = list over rounds of [f1 per set]
curves = {m: {} for m in ["random"] + strategies}
for seed in seeds:
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    start = [rows[i] for i in order[:seed_size]]
    rest = order[seed_size:]
    pool = f"{work}/pool-{seed}.csv"
    with open(pool, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        w.writerows((i, rows[i][0]) for i in rest)
    curve = []
    for r in range(rounds + 1):
        extra = [rows[i] for i in rest[: r * batch]]
        f1, _ = score(start + extra, f"random-{seed}")
        curve.append(f1)
    curves["random"][seed] = curve
    for strategy in strategies:
        labelled = list(start)
        curve = []
        for r in range(rounds + 1):
            tag = f"{strategy}-{seed}"
            f1, model = score(labelled, tag)
            curve.append(f1)
            if r == rounds:
                break
            write(f"{work}/{tag}.csv", labelled)
            name, _, extra = strategy.partition("+")
            flags = ["--balance"] if extra == "balance" else []
            picks = run("suggest", pool, "--id-column", "id", "--model", model, *flags,
                        "--n", str(batch), "--strategy", name, "--seed", str(seed * 1000 + r),
                        "--exclude", f"{work}/{tag}.csv", "--format", "jsonl", "--threads", "2")
            got = 0
            for line in picks.splitlines():
                p = json.loads(line)
                labelled.append((p["text"], rows[int(p["id"])][1]))
                got += 1
            if got < batch:
                print(f"warning: {strategy} seed {seed} round {r + 1}: only {got} picks", file=sys.stderr)
        curves[strategy][seed] = curve

names = [os.path.basename(s) for s in sets]
sizes = [seed_size + r * batch for r in range(rounds + 1)]
for k, name in enumerate(names):
    print(f"=== macro-F1 on {name} ({len(seeds)} seeds; {seed_size} seed sentences + {rounds} rounds of {batch}) ===")
    print(f"{'method':<16} {'seed':>5} " + " ".join(f"{n:>6}" for n in sizes))
    means = {}
    for method, per_seed in curves.items():
        for seed in seeds:
            print(f"{method:<16} {seed:>5} " + " ".join(f"{c[k]:>6.3f}" for c in per_seed[seed]))
        means[method] = [sum(per_seed[s][r][k] for s in seeds) / len(seeds) for r in range(rounds + 1)]
    print("means")
    for method, m in means.items():
        print(f"{method:<16} {'mean':>5} " + " ".join(f"{v:>6.3f}" for v in m))
    for method in strategies:
        gain = means[method][-1] - means["random"][-1]
        area = sum(means[method][1:]) / rounds - sum(means["random"][1:]) / rounds
        print(f"{method}: final mean macro-F1 {means[method][-1]:.3f} vs random {means['random'][-1]:.3f} "
              f"({gain:+.3f}); mean over rounds 1-{rounds} {area:+.3f}")
    print()
PY
