"""Command line: ``python -m logreg --digits 0 1 --learning-rate 0.05 --iterations 1000``.

Prints the tutorial's run in its format: the cost every 100 iterations, then the train
and test accuracy.
"""

import argparse
import math
import sys

from logreg.data import load_digit_pair
from logreg.model import build_and_train_model


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
                    "and the final accuracies, as in the tutorial.",
    )
    parser.add_argument("--digits", nargs=2, type=_digit, default=[0, 1],
                        metavar=("NEGATIVE", "POSITIVE"),
                        help="the two digits to tell apart; the second is label 1 "
                             "(default: 0 1)")
    parser.add_argument("--learning-rate", type=_positive_float, default=0.05,
                        help="gradient descent step size alpha (default: 0.05)")
    parser.add_argument("--iterations", type=_whole(0), default=1000,
                        help="number of gradient descent iterations (default: 1000)")
    parser.add_argument("--test-size", type=_fraction, default=0.2,
                        help="fraction of the examples held out for testing (default: 0.2)")
    parser.add_argument("--seed", type=_whole(0), default=42,
                        help="random_state of the train/test split (default: 42)")
    parser.add_argument("--l2", type=_nonnegative_float, default=0.0,
                        help="L2 penalty lambda on the weights (default: 0, none)")
    parser.add_argument("--batch-size", type=_whole(1), default=None,
                        help="mini-batch size, shuffled each epoch with --seed "
                             "(default: the full batch)")
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    negative, positive = args.digits
    if negative == positive:
        parser.error(f"--digits needs two different digits, got {negative} twice")
    pair = load_digit_pair(negative, positive, test_size=args.test_size,
                           random_state=args.seed)
    build_and_train_model(pair.X_train, pair.Y_train, pair.X_test, pair.Y_test,
                          num_iterations=args.iterations, learning_rate=args.learning_rate,
                          print_cost=True, l2=args.l2, batch_size=args.batch_size,
                          random_state=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
