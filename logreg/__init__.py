"""logreg: logistic regression as one neuron, from scratch in NumPy.

The package mirrors the tutorial it grew from, function by function. Arrays follow the
tutorial's orientation throughout: X is (n_features, m) with one column per example,
Y is (1, m) with labels 0/1, w is (n_features, 1) and b a float.

    >>> from logreg import load_digit_pair, build_and_train_model
    >>> pair = load_digit_pair(0, 1)
    >>> result = build_and_train_model(pair.X_train, pair.Y_train, pair.X_test,
    ...                                pair.Y_test, num_iterations=1000, learning_rate=0.05)
    >>> result.test_accuracy
    1.0
"""

from logreg.data import DigitPair, load_digit_pair
from logreg.descent import GradientDescent, Step
from logreg.model import (
    TrainingResult,
    accuracy,
    build_and_train_model,
    cost,
    cross_entropy,
    example_losses,
    initialize_params,
    optimize,
    predict,
    predict_proba,
    propagate,
    sigmoid,
)

__all__ = [
    "DigitPair",
    "GradientDescent",
    "Step",
    "TrainingResult",
    "accuracy",
    "build_and_train_model",
    "cost",
    "cross_entropy",
    "example_losses",
    "initialize_params",
    "load_digit_pair",
    "optimize",
    "predict",
    "predict_proba",
    "propagate",
    "sigmoid",
]
