"""The measurements behind bench/spark.sh (see there)."""

import argparse
import csv
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "stance.model"
CLI = ROOT / "target" / "release" / "stance"


def make_archive(folder, n):
    """n articles of 1-8 sentences drawn (seeded) from data/test.csv, as Parquet and JSON Lines."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with open(ROOT / "data" / "test.csv", newline="", encoding="utf-8") as f:
        sentences = [r["text"] for r in csv.DictReader(f)]
    rng = random.Random(7)
    texts = [" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 8))) for _ in range(n)]
    ids = list(range(n))
    parquet = folder / f"a{n}.parquet"
    pq.write_table(pa.table({"id": ids, "text": texts}), parquet)
    lines = folder / f"a{n}.jsonl"
    with open(lines, "w", encoding="utf-8") as f:
        for i, t in zip(ids, texts):
            f.write(json.dumps({"id": str(i), "text": t}) + "\n")
    return parquet, lines, texts


def best(runs, fn):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--articles", type=int, default=20000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    import stance
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spec = importlib.util.spec_from_file_location(
        "spark_classify", ROOT / "python" / "examples" / "spark_classify.py")
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    work = Path(tempfile.mkdtemp(prefix="stance-spark-bench-"))
    try:
        parquet, lines, texts = make_archive(work, args.articles)
        tiny, _, _ = make_archive(work, 10)
        cli = ["--model", str(MODEL), "--format", "jsonl", "--exact"]
        t_cli = best(args.runs, lambda: subprocess.run(
            [str(CLI), "classify", str(lines), "--input-format", "jsonl", "--id-column", "id",
             *cli], stdout=subprocess.DEVNULL, check=True))
        model = stance.Model.load(MODEL)
        t_py = best(args.runs, lambda: model.classify(texts))
        spark = (SparkSession.builder.master("local[2]").appName("stance-bench")
                 .config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        count = [0]

        def spark_job(source, extra=()):
            count[0] += 1
            out = work / f"out{count[0]}"
            # Two partitions per core, so that both cores work and a slow task is not alone.
            example.main(["--model", str(MODEL), "--input", str(source), "--output", str(out),
                          "--partitions", "4", *extra], spark=spark)

        spark_job(tiny)  # warm the JVM and the Python workers once
        t_spark = best(args.runs, lambda: spark_job(parquet))
        t_pipe = best(args.runs, lambda: spark_job(parquet, ("--via-cli", str(CLI))))
        t_tiny = best(args.runs, lambda: spark_job(tiny))
        spark.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = args.articles
    print(f"{n} articles (1-8 sentences each, from data/test.csv), best of {args.runs} runs, "
          f"{os.cpu_count()} cores")
    print(f"{'route':<34} {'seconds':>8} {'articles/s':>11} {'vs binary':>10}")
    for name, t in [("binary (stance classify)", t_cli), ("Python (Model.classify)", t_py),
                    ("Spark local[2], mapInArrow", t_spark), ("Spark local[2], rdd.pipe", t_pipe)]:
        print(f"{name:<34} {t:>8.2f} {n / t:>11.0f} {t_cli / t:>9.2f}x")
    print(f"Spark job overhead (the same job on 10 articles): {t_tiny:.2f} s, "
          f"{t_tiny / t_spark:.0%} of the {n}-article mapInArrow job")


if __name__ == "__main__":
    main()
