#!/usr/bin/env python3
"""Classify a whole archive on Spark: one row per article, the same numbers as `stance classify`.

Reads Parquet (or JSON Lines) with an id column and a text column, ships the model file to the
executors with SparkContext.addFile, scores each partition through the `stance` package with
mapInArrow (Arrow batches in, Arrow batches out, no per-row Python objects on the JVM side), and
writes Parquet with the columns

    id, sentences, verdict, share_<label>..., mean_probability_<label>...

for every label of the model, the id keeping its input type. Local mode:

    python python/examples/spark_classify.py --model models/stance.model \\
        --input archive.parquet --output verdicts.parquet --master 'local[2]'

On a cluster, submit the same file; every executor needs the `stance` wheel installed (or shipped
in a packed virtual environment with --archives) and the model travels with the job:

    spark-submit --master yarn --deploy-mode cluster python/examples/spark_classify.py \\
        --model hdfs:///models/stance.model --input hdfs:///archive/ --output hdfs:///verdicts/

`--via-cli STANCE` takes the zero-install route instead: no Python package on the executors,
only the command-line binary, fed through `rdd.pipe` as JSON Lines
(`stance classify - --input-format jsonl --id-column id --format jsonl --exact`). The binary and
the model must be at the given paths on every executor (ship them with `spark-submit --files
stance,stance.model` and pass `--via-cli ./stance --model ./stance.model`).
"""

import argparse
import json
import os
import sys


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="model file (stance train or Model.save)")
    p.add_argument("--input", required=True, help="Parquet file or folder, or JSON Lines")
    p.add_argument("--output", required=True, help="Parquet folder to write")
    p.add_argument("--id-column", default="id")
    p.add_argument("--text-column", default="text")
    p.add_argument("--input-format", choices=["parquet", "jsonl"],
                   help="default: jsonl for .jsonl/.json paths, else parquet")
    p.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    p.add_argument("--partitions", type=int,
                   help="repartition the input into this many partitions before scoring")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output")
    p.add_argument("--via-cli", metavar="STANCE",
                   help="score through this stance binary with rdd.pipe instead of the package")
    return p.parse_args(argv)


def output_columns(labels):
    """The scored columns after `id`, in order."""
    return (["sentences", "verdict"] + [f"share_{l}" for l in labels]
            + [f"mean_probability_{l}" for l in labels])


def output_schema(id_field, labels):
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

    fields = [StructField(id_field.name, id_field.dataType, id_field.nullable),
              StructField("sentences", LongType(), False),
              StructField("verdict", StringType(), False)]
    fields += [StructField(c, DoubleType(), False) for c in output_columns(labels)[2:]]
    return StructType(fields)


def row_values(result, labels):
    """One classified article (a dict of Model.classify or a line of the CLI) as output values."""
    return ([result["sentences"], result["verdict"]]
            + [result["shares"][l] for l in labels]
            + [result["mean_probabilities"][l] for l in labels])


def score_partitions(model_name, id_column, text_column, labels):
    """The mapInArrow function: loads the shipped model once per task and scores each batch."""

    def score(batches):
        import pyarrow as pa
        import stance
        from pyspark import SparkFiles

        model = stance.Model.load(SparkFiles.get(model_name))
        names = [id_column] + output_columns(labels)
        for batch in batches:
            texts = [t if t is not None else "" for t in batch.column(text_column).to_pylist()]
            results = model.classify(texts)
            columns = list(zip(*(row_values(r, labels) for r in results))) or [
                [] for _ in output_columns(labels)]
            arrays = [batch.column(id_column), pa.array(columns[0], pa.int64()),
                      pa.array(columns[1], pa.string())]
            arrays += [pa.array(c, pa.float64()) for c in columns[2:]]
            yield pa.RecordBatch.from_arrays(arrays, names=names)

    return score


def read_input(spark, args):
    fmt = args.input_format or ("jsonl" if args.input.endswith((".jsonl", ".json")) else "parquet")
    df = spark.read.json(args.input) if fmt == "jsonl" else spark.read.parquet(args.input)
    for column in (args.id_column, args.text_column):
        if column not in df.columns:
            raise SystemExit(f"spark_classify: {args.input}: no column '{column}' "
                             f"(columns: {', '.join(df.columns)}); pass --id-column/--text-column")
    df = df.select(args.id_column, args.text_column)
    return df.repartition(args.partitions) if args.partitions else df


def classify_with_package(spark, df, args, labels):
    spark.sparkContext.addFile(os.path.abspath(args.model))
    schema = output_schema(df.schema[args.id_column], labels)
    fn = score_partitions(os.path.basename(args.model), args.id_column, args.text_column, labels)
    return df.mapInArrow(fn, schema)


def classify_with_cli(spark, df, args, labels):
    """The zero-install route: JSON Lines through the stance binary with rdd.pipe."""
    import shlex

    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType

    id_field = df.schema[args.id_column]
    # The CLI reads ids as text and refuses a missing text, so both are made explicit strings.
    lines = (df.select(F.col(args.id_column).cast("string"),
                       F.coalesce(F.col(args.text_column), F.lit("")))
             .rdd.map(lambda r: json.dumps({"id": r[0], "text": r[1]})))
    command = [args.via_cli, "classify", "-", "--input-format", "jsonl", "--id-column", "id",
               "--format", "jsonl", "--exact", "--model", args.model]
    scored = lines.pipe(shlex.join(command)).map(json.loads)
    rows = scored.map(lambda r: [r["id"]] + row_values(r, labels))
    schema = output_schema(id_field, labels)
    string_schema = output_schema(type(id_field)(id_field.name, StringType(), True), labels)
    out = spark.createDataFrame(rows, string_schema)
    return out.withColumn(args.id_column, F.col(args.id_column).cast(id_field.dataType)).select(
        [f.name for f in schema.fields])


def main(argv=None, spark=None):
    args = parse_args(argv)
    import stance
    from pyspark.sql import SparkSession

    labels = stance.Model.load(args.model).labels
    if spark is None:
        if (args.master or "").startswith("local"):
            # In local mode the Python workers should be this interpreter, which has the package.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = SparkSession.builder.appName("stance-classify")
        if args.master:
            builder = builder.master(args.master)
        spark = builder.getOrCreate()
    df = read_input(spark, args)
    route = classify_with_cli if args.via_cli else classify_with_package
    out = route(spark, df, args, labels)
    out.write.mode("overwrite" if args.overwrite else "errorifexists").parquet(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
