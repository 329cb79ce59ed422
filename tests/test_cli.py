"""``python -m logreg``: the tutorial's run, line for line, and friendly flag errors."""

import subprocess
import sys

import pytest

PUBLISHED = """\
Cost after iteration 0: 0.6931
Cost after iteration 100: 0.1444
Cost after iteration 200: 0.0832
Cost after iteration 300: 0.0600
Cost after iteration 400: 0.0476
Cost after iteration 500: 0.0398
Cost after iteration 600: 0.0344
Cost after iteration 700: 0.0304
Cost after iteration 800: 0.0274
Cost after iteration 900: 0.0249
Train accuracy: 100.00%
Test accuracy: 100.00%
"""


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "logreg", *args], capture_output=True,
                          text=True, timeout=120)


def test_reproduces_the_tutorials_published_run_line_for_line():
    done = run_cli("--digits", "0", "1", "--learning-rate", "0.05", "--iterations", "1000")
    assert done.returncode == 0, done.stderr
    assert done.stdout == PUBLISHED


def test_another_pair_prints_the_same_format():
    done = run_cli("--digits", "3", "8", "--learning-rate", "0.5", "--iterations", "250")
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Cost after iteration 0", "Cost after iteration 100", "Cost after iteration 200",
        "Train accuracy", "Test accuracy"]
    assert lines[-1].endswith("%")


def test_help_explains_every_flag():
    done = run_cli("--help")
    assert done.returncode == 0
    for flag in ("--digits", "--learning-rate", "--iterations", "--test-size", "--seed",
                 "--l2", "--batch-size", "--init", "--split-seed"):
        assert flag in done.stdout
    text = " ".join(done.stdout.split())  # argparse wraps the lines
    assert "(default: 0.05)" in text and "(default: 42, the tutorial's" in text


def test_the_seed_means_what_the_apps_seed_means_and_the_split_has_its_own():
    """A student copying "seed 7, random start, batch 32" from the app gets the app's run:
    the same split (42) and the same start and shuffling."""
    from logreg.run import TrainingRun
    from logreg.settings import RunSettings

    args = ("--digits", "3", "8", "--learning-rate", "0.5", "--iterations", "150",
            "--batch-size", "32", "--init", "random", "--seed", "7")
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    run = TrainingRun(RunSettings(3, 8, learning_rate=0.5, num_iterations=150,
                                  batch_size=32, init="random", seed=7)).advance(150)
    assert done.stdout.splitlines()[-1] == f"Test accuracy: {100 * run.latest.test_accuracy:.2f}%"
    assert done.stdout.splitlines()[0] == f"Cost after iteration 0: {run.history[0].train_cost:.4f}"
    other_split = run_cli(*args, "--split-seed", "3").stdout
    assert other_split.splitlines()[0] != done.stdout.splitlines()[0]


@pytest.mark.parametrize("args, fragment", [
    (("--learning-rate", "abc"), "'abc' is not a number"),
    (("--learning-rate", "-1"), "above 0"),
    (("--learning-rate", "nan"), "above 0"),
    (("--iterations", "0"), "below the minimum 1"),
    (("--iterations", "2.5"), "not a whole number"),
    (("--digits", "3", "3"), "two different digits"),
    (("--digits", "0", "11"), "not a digit 0-9"),
    (("--test-size", "1.5"), "between 0 and 1"),
])
def test_bad_flag_values_get_one_line_and_exit_code_2(args, fragment):
    done = run_cli(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr
