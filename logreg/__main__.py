"""Command line: ``python -m logreg --digits 0 1 --learning-rate 0.05 --iterations 1000``.

Prints the tutorial's run in its format: the cost every 100 iterations, then the train
and test accuracy.
"""

import argparse
import math
import sys

from logreg.data import load_digit_pair
from logreg.model import build_and_train_model
from logreg.settings import DEFAULT, INITIALISATIONS, MIN_ITERATIONS, SPLIT_SEED, RunSettings


def _digit(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a digit 0-9") from None
    if not 0 <= value <= 9:
        raise argparse.ArgumentTypeError(f"{value} is not a digit 0-9")
    return value


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a finite number above 0")
    return value


def _nonnegative_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a finite number of at least 0")
    return value


def _fraction(text):
    value = _positive_float(text)
    if value >= 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be between 0 and 1")
    return value


def _whole(minimum):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} is below the minimum {minimum}")
        return value
    return parse


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        """A bad flag value: one line on stderr and exit code 2, no usage dump."""
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser():
    parser = _Parser(
        prog="python -m logreg",
        description="Train one neuron (logistic regression from scratch in NumPy) to tell "
                    "two handwritten digits apart, printing the cost every 100 iterations "
                    "and the final accuracies, as in the tutorial. The flags are the "
                    "playground's settings, with the same meaning and defaults.",
    )
    parser.add_argument("--digits", nargs=2, type=_digit,
                        default=[DEFAULT.negative, DEFAULT.positive],
                        metavar=("NEGATIVE", "POSITIVE"),
                        help="the two digits to tell apart; the second is label 1 "
                             "(default: %(default)s)")
    parser.add_argument("--learning-rate", type=_positive_float, default=DEFAULT.learning_rate,
                        help="gradient descent step size alpha (default: %(default)s)")
    parser.add_argument("--iterations", type=_whole(MIN_ITERATIONS),
                        default=DEFAULT.num_iterations,
                        help="number of gradient descent iterations (default: %(default)s)")
    parser.add_argument("--test-size", type=_fraction, default=DEFAULT.test_size,
                        help="fraction of the examples held out for testing "
                             "(default: %(default)s)")
    parser.add_argument("--l2", type=_nonnegative_float, default=DEFAULT.l2,
                        help="L2 penalty lambda on the weights (default: %(default)s, none)")
    parser.add_argument("--batch-size", type=_whole(1), default=DEFAULT.batch_size,
                        help="mini-batch size, shuffled each epoch with --seed "
                             "(default: %(default)s, the full batch)")
    parser.add_argument("--init", choices=INITIALISATIONS, default=DEFAULT.init,
                        help="the weights before the first step: zeros (the tutorial) or "
                             "small random numbers from --seed (default: %(default)s)")
    parser.add_argument("--seed", type=_whole(0), default=DEFAULT.seed,
                        help="seed of the random start and of the mini-batch shuffling, as "
                             "the playground's Random seed (default: %(default)s)")
    parser.add_argument("--split-seed", type=_whole(0), default=SPLIT_SEED,
                        help="random_state of the train/test split (default: %(default)s, "
                             "the tutorial's; the playground always uses it)")
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    negative, positive = args.digits
    if negative == positive:
        parser.error(f"--digits needs two different digits, got {negative} twice")
    settings = RunSettings(negative, positive, args.learning_rate, args.iterations,
                           args.test_size, args.l2, args.batch_size, args.init, args.seed)
    pair = load_digit_pair(negative, positive, test_size=settings.test_size,
                           random_state=args.split_seed)
    build_and_train_model(pair.X_train, pair.Y_train, pair.X_test, pair.Y_test,
                          num_iterations=settings.num_iterations,
                          learning_rate=settings.learning_rate, print_cost=True,
                          l2=settings.l2, batch_size=settings.batch_size,
                          init=settings.init, random_state=settings.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
