#!/usr/bin/env bash
# Quantification benchmark: the artificial-prevalence protocol (APP) on real reporting.
#
# For each of ../shared/eval/dev.csv and dev2.csv (they live OUTSIDE the repository and must never
# be copied into it; the benchmark skips a file that is absent), SAMPLES samples of 100 sentences
# are drawn: a label mix from a flat Dirichlet, then that many sentences of each label drawn with
# replacement (seeded). Every method then estimates each sample's mix, and the mean absolute error
# per share (mean over samples of the mean over the three labels of |estimate - truth|) is printed:
#
#   - stance: `stance shares --group-by sample --method all --bootstrap 0` with the shipped model
#     (its stored 5-fold out-of-fold calibration, each mission whole in one fold), each sentence
#     an article;
#   - QuaPy 0.2.3 over scikit-learn: TfidfVectorizer(ngram_range=(1,2), sublinear_tf=True) +
#     LogisticRegression, trained on data/train.csv, error rates from 5-fold cross-validation
#     (val_split=5), methods CC, PCC, ACC, PACC, EMQ.
#
# Python with QuaPy comes from the peers' virtualenv .peers in the repository root (as
# bench/run.sh): python3 -m venv .peers && .peers/bin/pip install quapy scikit-learn; or
# PEERS_PYTHON=/path/to/python.
#
#   bench/quantification.sh            1000 samples per file
#   SAMPLES=300 bench/quantification.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
EVAL=${EVAL:-$ROOT/../shared/eval}
SAMPLES=${SAMPLES:-1000}
PY=${PEERS_PYTHON:-$ROOT/.peers/bin/python}
OUT=${OUT:-$ROOT/bench/out}
mkdir -p "$OUT"
if ! "$PY" -c 'import quapy, sklearn' 2>/dev/null; then
  echo "no Python with quapy and scikit-learn at $PY: create the peers' virtualenv first" >&2
  echo "  python3 -m venv .peers && .peers/bin/pip install quapy scikit-learn" >&2
  exit 1
fi
cargo build --release --quiet
STANCE=$ROOT/target/release/stance
for name in dev2 dev; do
  data=$EVAL/$name.csv
  if [ ! -f "$data" ]; then
    echo "skipping $name: $data is absent (it lives outside the repository, in ../shared/eval)"
    continue
  fi
  "$PY" - "$data" "$SAMPLES" "$OUT/app-$name.jsonl" "$ROOT/data/train.csv" <<'PY'
import csv, json, sys
import numpy as np
data, n_samples, out, train = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = list(csv.DictReader(open(data, encoding="utf-8")))
labels = ["enforcement", "neutral", "peacekeeping"]
pools = {l: [r["text"] for r in rows if r["label"].strip().lower() == l] for l in labels}
rng = np.random.default_rng(20250117)
truth = []
with open(out, "w", encoding="utf-8") as f:
    for s in range(n_samples):
        prev = rng.dirichlet([1.0, 1.0, 1.0])
        counts = rng.multinomial(100, prev)
        truth.append((counts / 100).tolist())
        for l, c in zip(labels, counts):
            for i in rng.integers(0, len(pools[l]), size=c):
                f.write(json.dumps({"sample": f"s{s:05d}", "text": pools[l][i]}) + "\n")
json.dump(truth, open(out + ".truth.json", "w"))
print(f"{data}: {len(rows)} sentences ({', '.join(f'{l} {len(pools[l])}' for l in labels)}), "
      f"{n_samples} samples of 100")
PY
  "$STANCE" shares "$OUT/app-$name.jsonl" --group-by sample --method all --bootstrap 0 \
    --format csv > "$OUT/app-$name.stance.csv" 2>/dev/null
  "$PY" - "$data" "$OUT/app-$name.jsonl" "$OUT/app-$name.stance.csv" "$ROOT/data/train.csv" <<'PY'
import csv, json, sys, warnings
import numpy as np
warnings.filterwarnings("ignore")
data, samples, ours, train = sys.argv[1:5]
labels = ["enforcement", "neutral", "peacekeeping"]
truth = np.array(json.load(open(samples + ".truth.json")))
n = len(truth)
# stance
est = {}
for r in csv.DictReader(open(ours)):
    s = int(r["sample"][1:])
    est.setdefault(r["method"], np.full((n, 3), np.nan))[s, labels.index(r["label"])] = float(r["share"])
results = [("stance " + m, np.mean(np.abs(est[m] - truth))) for m in ["cc", "pcc", "acc", "pacc", "emq"]]
# QuaPy over scikit-learn
import quapy as qp
from quapy.method.aggregative import CC, PCC, ACC, PACC, EMQ
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
tr = list(csv.DictReader(open(train, encoding="utf-8")))
vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
X = vec.fit_transform([r["text"] for r in tr])
y = np.array([labels.index(r["label"].strip().lower()) for r in tr])
texts = {}
for line in open(samples, encoding="utf-8"):
    o = json.loads(line)
    texts.setdefault(int(o["sample"][1:]), []).append(o["text"])
for name, Q in [("CC", CC), ("PCC", PCC), ("ACC", ACC), ("PACC", PACC), ("EMQ", EMQ)]:
    kw = {} if name == "CC" else ({"val_split": 5} if name != "EMQ" else {})
    q = Q(LogisticRegression(max_iter=1000), **kw).fit(X, y)
    e = np.array([q.predict(vec.transform(texts[s])) for s in range(n)])
    results.append(("quapy " + name, np.mean(np.abs(e - truth))))
for m, v in results:
    print(f"  {m:<14} MAE {v:.4f}")
cc = dict(results)["stance cc"]
best = min(v for m, v in results if m.startswith("quapy"))
print(f"  stance emq (the default) / stance cc = {dict(results)['stance emq'] / cc:.3f}; best quapy = {best:.4f}")
PY
done
