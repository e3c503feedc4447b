#!/usr/bin/env python3
"""How much of a label does our writing style give away?

Keeps only the closed-class words of each sentence (data/style/closed_class.txt: determiners,
pronouns, prepositions, conjunctions, auxiliaries, modals, negators, function adverbs), then
cross-validates stance's own training procedure on what is left (5 folds, seed 42, default
training options without stemming or negation marking). A corpus whose style carries no label
scores near chance (about 0.33 macro-F1 for three balanced labels); tests/corpus.rs fails above
0.50. It also lists every closed-class word that occurs in at least 40 sentences and has more
than 60% of them under one label.

    python3 bench/style_probe.py [--stance target/release/stance] data/train.csv [MORE.csv ...]
"""
import argparse
import collections
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORDS = os.path.join(HERE, "..", "data", "style", "closed_class.txt")


def closed_class():
    with open(WORDS, encoding="utf-8") as f:
        return {w.strip() for w in f if w.strip() and not w.startswith("#")}


def words(text):
    # Letters only, apostrophes split: "don't" gives "don" and "t", as the tokeniser does.
    return re.findall(r"[a-z]+", text.lower())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stance", default=os.path.join(HERE, "..", "target", "release", "stance"))
    ap.add_argument("--min-sentences", type=int, default=40)
    ap.add_argument("--max-share", type=float, default=0.60)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    closed = closed_class()
    rows = []
    for path in args.files:
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                rows.append((r["text"], r["label"].strip().lower()))
    labels = sorted({l for _, l in rows})
    per_word = collections.defaultdict(collections.Counter)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as tmp:
        w = csv.writer(tmp)
        w.writerow(["text", "label"])
        for text, label in rows:
            kept = [t for t in words(text) if t in closed]
            for t in set(kept):
                per_word[t][label] += 1
            w.writerow([" ".join(kept) or "_", label])
    out = subprocess.run(
        [args.stance, "evaluate", "--cv", "5", "--data", tmp.name, "--no-stem", "--no-negation",
         "--seed", "42", "--format", "json"],
        capture_output=True, text=True)
    os.unlink(tmp.name)
    if out.returncode != 0:
        sys.exit(f"stance evaluate failed: {out.stderr.strip()}")
    metrics = json.loads(out.stdout)["metrics"]
    f1 = metrics["macro_f1"]["mean"]
    print(f"{len(rows)} sentences; closed-class-only 5-fold macro-F1 {f1:.3f} (limit 0.50)")
    leaks = []
    for t, counts in per_word.items():
        n = sum(counts.values())
        if n >= args.min_sentences:
            label, k = counts.most_common(1)[0]
            if k / n > args.max_share:
                leaks.append((k / n, t, n, label, dict(counts)))
    leaks.sort(reverse=True)
    print(f"{len(leaks)} words in >= {args.min_sentences} sentences with > "
          f"{args.max_share:.0%} in one label")
    for share, t, n, label, counts in leaks:
        detail = ", ".join(f"{l} {counts.get(l, 0)}" for l in labels)
        print(f"  {t:<12} {share:.0%} {label:<13} ({n} sentences: {detail})")
    sys.exit(1 if f1 > 0.50 or leaks else 0)


if __name__ == "__main__":
    main()
