"""Shared fixtures: the repository, the command-line binary the package is held to, and the data.

A missing prerequisite (the binary cannot be built, pyspark or Java absent) skips the tests that
need it with a message, except under CI=true, where it fails: CI installs everything, so a skip
there would hide a broken set-up.
"""

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def missing(what):
    """Skip (or, under CI=true, fail) for a missing prerequisite."""
    message = f"missing prerequisite: {what}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def cli():
    """The release binary, built if absent."""
    binary = ROOT / "target" / "release" / "stance"
    if not binary.exists():
        try:
            subprocess.run(["cargo", "build", "--release", "--bin", "stance"], cwd=ROOT,
                           check=True)
        except (OSError, subprocess.CalledProcessError) as e:
            missing(f"the stance binary could not be built ({e})")
    return binary


def run_cli(cli, *args, stdin=None):
    """Runs the binary from the repository root and returns its standard output."""
    done = subprocess.run([str(cli), *map(str, args)], cwd=ROOT, input=stdin,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def test_rows():
    """data/test.csv as (text, label) pairs."""
    with open(ROOT / "data" / "test.csv", newline="", encoding="utf-8") as f:
        return [(r["text"], r["label"]) for r in csv.DictReader(f)]


@pytest.fixture(scope="session")
def model_path():
    return ROOT / "models" / "stance.model"
