"""The Python API against the command line: the same labels, probabilities, article records and
measurements, and a model that travels between the two."""

import csv
import os
import subprocess
import sys
import threading

import numpy as np
import pytest

import stance
from conftest import ROOT, jsonl, run_cli


@pytest.fixture(scope="module")
def model(model_path):
    return stance.Model.load(model_path)


@pytest.fixture(scope="module")
def cli_articles(cli):
    """`classify data/test.csv` as the command line writes it, in full precision."""
    return jsonl(run_cli(cli, "classify", "data/test.csv", "--model", "models/stance.model",
                         "--format", "jsonl", "--exact", "--sentences"))


def test_classify_gives_the_command_lines_records(model, test_rows, cli_articles):
    texts = [t for t, _ in test_rows]
    ids = [a["id"] for a in cli_articles]
    ours = model.classify(texts, ids=ids, sentences=True)
    assert len(ours) == len(cli_articles) == len(test_rows)
    for mine, theirs in zip(ours, cli_articles):
        # Exactly equal: both sides are the library's numbers, printed in full.
        assert mine == theirs


def test_predict_proba_matches_the_command_lines_sentences(model, test_rows, cli_articles):
    # Rows the splitter keeps whole are one sentence both ways; compare their probabilities.
    single = [(t, a["sentence_results"][0]) for (t, _), a in zip(test_rows, cli_articles)
              if a["sentences"] == 1 and a["boilerplate"] == 0]
    assert len(single) > 0.9 * len(test_rows)
    proba = model.predict_proba([t for t, _ in single])
    labels = model.predict([t for t, _ in single])
    assert proba.shape == (len(single), len(model.labels))
    assert proba.dtype == np.float64
    for row, label, (_, sentence) in zip(proba, labels, single):
        expected = [sentence["probabilities"][l] for l in model.labels]
        assert np.max(np.abs(row - expected)) <= 1e-12
        assert label == sentence["label"]
        assert model.labels[int(np.argmax(row))] == label


def test_evaluate_gives_the_command_lines_json(model, cli, test_rows):
    theirs = __import__("json").loads(run_cli(cli, "evaluate", "--model", "models/stance.model",
                                              "--data", "data/test.csv", "--format", "json"))
    ours = model.evaluate([t for t, _ in test_rows], [l for _, l in test_rows])
    assert ours == theirs
    assert ours["macro_f1"] > 0.8


def test_compare_gives_the_command_lines_json(model, cli, test_rows, small_training, tmp_path):
    rows, _ = small_training
    other = stance.train([t for t, _ in rows], [l for _, l in rows], calibration_folds=0)
    other_file = tmp_path / "other.model"
    other.save(other_file)
    theirs = __import__("json").loads(run_cli(
        cli, "evaluate", "--model", "models/stance.model", "--compare", other_file,
        "--data", "data/test.csv", "--format", "json"))
    ours = model.compare(other, [t for t, _ in test_rows], [l for _, l in test_rows])
    assert ours == {k: v for k, v in theirs.items() if k not in ("model_a", "model_b", "data")}
    # A model trained on 1,200 sentences trails the shipped one, beyond doubt.
    assert ours["macro_f1_difference"]["upper"] < 0
    assert ours["mcnemar_p"] < 0.01


def test_the_builtin_model_is_the_shipped_file(model, test_rows):
    texts = [t for t, _ in test_rows[:200]]
    assert np.array_equal(stance.Model.builtin().predict_proba(texts), model.predict_proba(texts))


@pytest.fixture(scope="module")
def small_training(tmp_path_factory):
    """1,200 rows of data/train.csv, as lists and as a CSV file for the command line."""
    with open(ROOT / "data" / "train.csv", newline="", encoding="utf-8") as f:
        rows = [(r["text"], r["label"]) for r in csv.DictReader(f)][:1200]
    path = tmp_path_factory.mktemp("train") / "small.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows(rows)
    return rows, path


def test_train_matches_the_command_line(cli, small_training, test_rows, tmp_path):
    rows, path = small_training
    model_file = tmp_path / "cli.model"
    run_cli(cli, "train", "--data", path, "--model", model_file, "--calibration-folds", "2",
            "--quiet")
    theirs = stance.Model.load(model_file)
    ours = stance.train([t for t, _ in rows], [l for _, l in rows], calibration_folds=2)
    assert ours.labels == theirs.labels
    assert ours.settings == theirs.settings
    assert ours.terms == theirs.terms
    texts = [t for t, _ in test_rows]
    assert np.max(np.abs(ours.predict_proba(texts) - theirs.predict_proba(texts))) <= 1e-12


def test_save_and_load_round_trip_and_the_command_line_reads_it(cli, small_training, tmp_path):
    rows, _ = small_training
    model = stance.train([t for t, _ in rows], [l for _, l in rows], c=4.0, ngrams=(1, 3),
                         style_penalty=2.5,
                         stop_words=["the", "of"], class_weight={"enforcement": 1.5},
                         negation="additive", questions=False, force_mention=False,
                         stem=False, min_df=1,
                         calibration_folds=0)
    path = tmp_path / "py.model"
    model.save(path)
    again = stance.Model.load(str(path))
    assert again.labels == model.labels and again.settings == model.settings
    settings = again.settings
    assert settings["model"]["c"] == 4.0
    assert settings["model"]["style_penalty"] == 2.5
    assert settings["features"]["ngram_max"] == 3 and settings["features"]["min_df"] == 1
    assert settings["tokenizer"]["stem"] is False
    assert settings["tokenizer"]["negation"] == "Additive"
    assert settings["tokenizer"]["questions"] is False
    assert settings["tokenizer"]["force_mention"] == "Off"
    texts = ["The force will escort aid convoys into Rafah.", "Troops will disarm the militias."]
    assert np.array_equal(again.predict_proba(texts), model.predict_proba(texts))
    line = jsonl(run_cli(cli, "classify", "-", "--model", path, "--format", "jsonl", "--exact",
                         "--sentences", stdin=texts[0]))[0]
    probabilities = line["sentence_results"][0]["probabilities"]
    assert [probabilities[l] for l in model.labels] == list(model.predict_proba(texts[:1])[0])


def test_results_do_not_depend_on_the_thread_count(model, test_rows):
    texts = [t for t, _ in test_rows]
    here = model.predict_proba(texts)
    script = (
        "import sys, stance, numpy as np\n"
        "m = stance.Model.load(sys.argv[1])\n"
        "texts = [l.rstrip('\\n') for l in open(sys.argv[2], encoding='utf-8')]\n"
        "sys.stdout.buffer.write(m.predict_proba(texts).tobytes())\n"
    )
    listing = ROOT / "target" / "py-threads-texts.txt"
    listing.write_text("\n".join(t.replace("\n", " ") for t in texts), encoding="utf-8")
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", script, str(ROOT / "models" / "stance.model"),
                          str(listing)], env=env, capture_output=True, check=True).stdout
    one_thread = np.frombuffer(out, dtype=np.float64).reshape(here.shape)
    assert np.array_equal(one_thread, model.predict_proba([t.replace("\n", " ") for t in texts]))


def test_long_calls_let_other_python_threads_run(model, test_rows):
    articles = [" ".join(t for t, _ in test_rows[i:i + 6]) for i in range(0, len(test_rows), 2)]
    articles = articles * 4
    done = threading.Event()
    ticks = 0

    def work():
        model.classify(articles)
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    while not done.is_set():
        ticks += 1
    worker.join()
    # Had the call kept the interpreter lock, this thread could not have counted while it ran.
    assert ticks > 1000


def test_bad_input_raises_the_librarys_errors(model, tmp_path):
    with pytest.raises(OSError, match="reading the model"):
        stance.Model.load(tmp_path / "absent.model")
    junk = tmp_path / "junk.model"
    junk.write_bytes(b"not a model at all")
    with pytest.raises(ValueError, match="junk.model"):
        stance.Model.load(junk)
    with pytest.raises(ValueError, match="line 2: the text is empty"):
        stance.train(["a sentence", " "], ["neutral", "neutral"])
    with pytest.raises(ValueError, match="2 texts but 1 labels"):
        stance.train(["a", "b"], ["neutral"])
    with pytest.raises(ValueError, match="line 1: the label is empty"):
        model.evaluate(["The force patrols."], [""])
    with pytest.raises(ValueError):
        stance.train(["a", "b"], ["x", "y"], max_df=0.0)
    with pytest.raises(ValueError):
        stance.train(["a", "b"], ["x", "y"], negation="sometimes")
    with pytest.raises(ValueError, match="style penalty"):
        stance.train(["a", "b"], ["x", "y"], style_penalty=0.5)
    with pytest.raises(ValueError, match="stop_words"):
        stance.train(["a", "b"], ["x", "y"], stop_words="french")
    with pytest.raises(TypeError, match="single string"):
        model.predict("The force patrols.")
    with pytest.raises(TypeError, match=r"sentences\[1\]"):
        model.predict(["ok", 3])
    with pytest.raises(ValueError, match="2 ids for 1 articles"):
        model.classify(["One sentence."], ids=["a", "b"])
    with pytest.raises(ValueError, match="no \"text\" key"):
        model.classify([{"id": 1}])
    with pytest.raises(OSError, match="writing"):
        model.save(tmp_path)


def test_articles_as_dicts_and_strings(model):
    out = model.classify([{"id": 7, "text": "The force will disarm the militias."},
                          "Share this article", ""])
    assert [r["id"] for r in out] == ["7", "1", "2"]
    assert out[0]["verdict"] == "enforcement"
    assert out[1]["boilerplate"] == 1 and out[1]["sentences"] == 0
    explained = model.classify(["The force will escort aid convoys."], explain=3)[0]
    row = explained["sentence_results"][0]
    assert row["towards"] and "most_framed" in explained


def test_the_api_documents_itself():
    assert "peacekeeping" in stance.__doc__
    for name in ["load", "builtin", "save", "labels", "settings", "terms", "predict",
                 "predict_proba", "classify", "evaluate", "compare"]:
        assert getattr(stance.Model, name).__doc__, name
    assert "calibration_folds" in stance.train.__doc__
    assert stance.__version__
    assert (ROOT / "python" / "stance" / "_native.pyi").exists()


def test_groups_make_the_same_calibration_as_the_command_lines_mission_column(cli, tmp_path):
    with open(ROOT / "data" / "train.csv", newline="", encoding="utf-8") as f:
        rows = [(r["text"], r["label"], r["mission"]) for r in csv.DictReader(f)][:1500]
    path = tmp_path / "grouped.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "label", "mission"])
        w.writerows(rows)
    cli_model = tmp_path / "cli.model"
    run_cli(cli, "train", "--data", path, "--model", cli_model, "--calibration-folds", "3",
            "--quiet")
    texts, labels, missions = ([r[i] for r in rows] for i in range(3))
    grouped = stance.train(texts, labels, calibration_folds=3, groups=missions)
    plain = stance.train(texts, labels, calibration_folds=3)
    files = {}
    for name, model in (("grouped", grouped), ("plain", plain)):
        files[name] = tmp_path / f"{name}.model"
        model.save(files[name])
    files["cli"] = cli_model

    def shares(model_file):
        return run_cli(cli, "shares", ROOT / "data" / "archive.jsonl", "--group-by", "outlet",
                       "--method", "acc", "--bootstrap", "0", "--format", "csv", "--model",
                       model_file)

    # The adjusted shares depend on nothing but the stored error rates and the weights.
    assert shares(files["grouped"]) == shares(files["cli"])
    assert shares(files["plain"]) != shares(files["cli"])
    with pytest.raises(ValueError, match="1500 texts but 2 groups"):
        stance.train(texts, labels, groups=["a", "b"])
