"""The Spark example in local mode, both routes (the package through mapInArrow, the binary
through rdd.pipe), held row by row to the command line on a few thousand articles."""

import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys

import pytest

import stance
from conftest import ROOT, jsonl, missing, run_cli

ARTICLES = 3000


def spark_session():
    try:
        import pyarrow  # noqa: F401
        from pyspark.sql import SparkSession
    except ImportError as e:
        missing(f"pyspark and pyarrow ({e}); install them with pip")
    if shutil.which("java") is None:
        missing("Java 17 (`java` is not on PATH); install a JDK 17 for Spark")
    # The Python workers must be this interpreter, the one the package is installed in.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    return (SparkSession.builder.master("local[2]").appName("stance-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate())


@pytest.fixture(scope="module")
def spark():
    session = spark_session()
    yield session
    session.stop()


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location(
        "spark_classify", ROOT / "python" / "examples" / "spark_classify.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def archive(tmp_path_factory, test_rows):
    """ARTICLES articles of 1-8 sentences drawn from data/test.csv (seeded), with page clutter, an
    empty text and a missing one among them, as Parquet and as the JSON Lines the CLI reads."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(2026)
    sentences = [t for t, _ in test_rows]
    texts = [" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 8)))
             for _ in range(ARTICLES)]
    texts[10] = "Share this article\n" + texts[10]
    texts[11] = ""
    texts[12] = None
    ids = [1000 + i for i in range(ARTICLES)]
    folder = tmp_path_factory.mktemp("archive")
    parquet = folder / "articles.parquet"
    pq.write_table(pa.table({"id": pa.array(ids, pa.int64()), "text": pa.array(texts)}), parquet)
    lines = folder / "articles.jsonl"
    with open(lines, "w", encoding="utf-8") as f:
        for i, t in zip(ids, texts):
            f.write(json.dumps({"id": str(i), "text": t or ""}) + "\n")
    return parquet, lines, ids, texts


@pytest.fixture(scope="module")
def expected(cli, archive):
    """The command line's record of every article, by id."""
    _, lines, _, _ = archive
    out = run_cli(cli, "classify", lines, "--input-format", "jsonl", "--id-column", "id",
                  "--model", "models/stance.model", "--format", "jsonl", "--exact")
    return {r["id"]: r for r in jsonl(out)}


def check_rows(table, expected, labels):
    """Every output row equals the command line's record of that article."""
    rows = table.to_pylist()
    assert len(rows) == len(expected) == ARTICLES
    assert table.column_names == (["id", "sentences", "verdict"]
                                  + [f"share_{l}" for l in labels]
                                  + [f"mean_probability_{l}" for l in labels])
    seen = set()
    for row in rows:
        want = expected[str(row["id"])]
        seen.add(row["id"])
        assert row["sentences"] == want["sentences"], row["id"]
        assert row["verdict"] == want["verdict"], row["id"]
        for l in labels:
            assert row[f"share_{l}"] == want["shares"][l], row["id"]
            assert abs(row[f"mean_probability_{l}"] - want["mean_probabilities"][l]) <= 1e-12
    assert len(seen) == ARTICLES


def run_example(example, spark, archive, output, *extra):
    parquet, _, _, _ = archive
    example.main(["--model", str(ROOT / "models" / "stance.model"), "--input", str(parquet),
                  "--output", str(output), "--partitions", "4", *extra], spark=spark)
    import pyarrow.parquet as pq

    return pq.read_table(output)


def test_the_package_route_gives_the_command_lines_numbers(spark, example, archive, expected,
                                                          tmp_path):
    labels = stance.Model.load(ROOT / "models" / "stance.model").labels
    table = run_example(example, spark, archive, tmp_path / "out")
    assert str(table.schema.field("id").type) == "int64"
    check_rows(table, expected, labels)
    # A second run refuses to overwrite unless asked.
    with pytest.raises(Exception, match="already exists"):
        run_example(example, spark, archive, tmp_path / "out")
    run_example(example, spark, archive, tmp_path / "out", "--overwrite")


def test_the_pipe_route_gives_the_command_lines_numbers(spark, example, archive, expected, cli,
                                                       tmp_path):
    labels = stance.Model.load(ROOT / "models" / "stance.model").labels
    table = run_example(example, spark, archive, tmp_path / "piped", "--via-cli", str(cli))
    assert str(table.schema.field("id").type) == "int64"
    check_rows(table, expected, labels)


def test_model_classify_gives_the_same_records(archive, expected):
    _, _, ids, texts = archive
    model = stance.Model.load(ROOT / "models" / "stance.model")
    ours = model.classify([t or "" for t in texts], ids=[str(i) for i in ids])
    for mine in ours:
        assert mine == expected[mine["id"]]


def test_a_missing_column_is_named(spark, example, archive, tmp_path):
    with pytest.raises(SystemExit, match="no column 'body'"):
        run_example(example, spark, archive, tmp_path / "x", "--text-column", "body")


def test_the_example_runs_as_a_program(archive, tmp_path):
    """The documented command line, in its own process, with its own local[2] session."""
    try:
        import pyspark  # noqa: F401
    except ImportError as e:
        missing(f"pyspark ({e})")
    parquet, _, _, _ = archive
    done = subprocess.run([sys.executable, str(ROOT / "python" / "examples" / "spark_classify.py"),
                           "--model", str(ROOT / "models" / "stance.model"), "--input",
                           str(parquet), "--output", str(tmp_path / "cmd"), "--master",
                           "local[2]"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "cmd").num_rows == ARTICLES
