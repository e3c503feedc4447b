#!/usr/bin/env bash
# Quality against the peers: macro-F1 (and the weakest class's F1) of the shipped model and of
# the tools our users would otherwise pick, all trained on the same data/train.csv, on the held-out
# data/test.csv, on the real reporting in ../shared/eval/dev.csv and dev2.csv (they live
# OUTSIDE the repository and must never be copied into it; a set that is absent is skipped), and
# on the article sentences data/article_eval.csv.
#
#   - stance: `stance evaluate --format json` with models/stance.model (trained with the defaults
#     on data/train.csv; tests/shipped_model.rs keeps it so);
#   - scikit-learn, as ../shared/bench/sklearn_bench.py sets it up: TfidfVectorizer(1-2 grams,
#     sublinear tf, min_df 2) + LogisticRegression(lbfgs), at the peer's C = 1 and at stance's
#     C = 10, each without and (when nltk is installed) with Snowball stemming;
#   - fastText (when installed), as ../shared/bench/fasttext_bench.py: supervised, wordNgrams 2,
#     its default 5 epochs and 25 epochs, seed 42, one thread (so that runs repeat).
#
# Python comes from the peers' virtualenv .peers in the repository root (as bench/run.sh):
# python3 -m venv .peers && .peers/bin/pip install scikit-learn nltk fasttext; or
# PEERS_PYTHON=/path/to/python.
#
#   bash bench/peers_quality.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
EVAL=${EVAL:-$ROOT/../shared/eval}
PY=${PEERS_PYTHON:-$ROOT/.peers/bin/python}
if ! "$PY" -c 'import sklearn' 2>/dev/null; then
  echo "no Python with scikit-learn at $PY: create the peers' virtualenv first" >&2
  echo "  python3 -m venv .peers && .peers/bin/pip install scikit-learn nltk fasttext" >&2
  exit 1
fi
cargo build --release --quiet
STANCE=$ROOT/target/release/stance
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sets=("test=$ROOT/data/test.csv")
for name in dev dev2; do
  if [ -f "$EVAL/$name.csv" ]; then
    sets+=("$name=$EVAL/$name.csv")
  else
    echo "skipping $name: $EVAL/$name.csv is absent (it lives outside the repository, in ../shared/eval)" >&2
  fi
done
# Our own article sentences, written as whole articles and labelled afterwards (data/README.md).
sets+=("articles=$ROOT/data/article_eval.csv")
for s in "${sets[@]}"; do
  "$STANCE" evaluate --data "${s#*=}" --format json > "$out/${s%%=*}.json"
done
"$PY" - "$ROOT/data/train.csv" "$out" "${sets[@]}" <<'PY'
import csv, json, os, re, sys, tempfile, warnings
warnings.filterwarnings("ignore")
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

train, ours, sets = sys.argv[1], sys.argv[2], [a.split("=", 1) for a in sys.argv[3:]]
labels = ["enforcement", "neutral", "peacekeeping"]

def load(path):
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    return [r["text"] for r in rows], [r["label"].strip().lower() for r in rows]

def scores(truth, predicted):
    per = f1_score(truth, predicted, labels=labels, average=None)
    low = min(range(3), key=lambda i: per[i])
    return sum(per) / 3, per[low], labels[low]

texts, y = load(train)
data = {name: load(path) for name, path in sets}
rows = []
m = {}
for name, _ in sets:
    j = json.load(open(os.path.join(ours, name + ".json")))
    per = {l: j["per_class"][l]["f1"] for l in labels}
    low = min(labels, key=lambda l: per[l])
    m[name] = (j["macro_f1"], per[low], low)
rows.append(("stance (shipped model)", m))

token = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token_pattern
stemmers = [("", None)]
try:
    from nltk.stem.snowball import SnowballStemmer
    stem = SnowballStemmer("english").stem
    stemmers.append((" + Snowball", lambda d: [stem(t) for t in token.findall(d.lower())]))
except ImportError:
    print("nltk is not installed: scikit-learn runs without Snowball stemming", file=sys.stderr)
for suffix, tokenizer in stemmers:
    for c in (1.0, 10.0):
        kw = {"tokenizer": tokenizer, "token_pattern": None} if tokenizer else {}
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, **kw)
        model = LogisticRegression(C=c, max_iter=1000).fit(vec.fit_transform(texts), y)
        rows.append((f"scikit-learn{suffix}, C={c:g}",
                     {n: scores(t, model.predict(vec.transform(x))) for n, (x, t) in data.items()}))
try:
    import fasttext
except ImportError:
    fasttext = None
    print("fasttext is not installed: its rows are left out", file=sys.stderr)
if fasttext is not None:
    clean = lambda s: " ".join(s.split())
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        for t, l in zip(texts, y):
            f.write(f"__label__{l} {clean(t)}\n")
    try:
        for epochs in (5, 25):
            ft = fasttext.train_supervised(input=f.name, wordNgrams=2, epoch=epochs, thread=1,
                                           seed=42, verbose=0)
            # A list, not one text at a time: fastText's single-text path breaks under NumPy 2.
            pred = lambda xs: [l[0][len("__label__"):] for l in ft.predict([clean(x) for x in xs], k=1)[0]]
            rows.append((f"fastText, {epochs} epochs",
                         {n: scores(t, pred(x)) for n, (x, t) in data.items()}))
    finally:
        os.unlink(f.name)

names = [n for n, _ in sets]
print(f"{'model':<32}" + "".join(f"{n:>22}" for n in names))
for label, m in rows:
    print(f"{label:<32}" + "".join(f"{m[n][0]:>8.3f} ({m[n][2][:5]} {m[n][1]:.3f})" for n in names))
best = {n: max(m[n][0] for label, m in rows[1:]) for n in names}
print("stance minus the best peer: " + ", ".join(f"{n} {rows[0][1][n][0] - best[n]:+.3f}" for n in names))
PY
