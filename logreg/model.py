r"""The tutorial's functions, gathered as it writes them: one neuron trained by gradient
descent and scored, with the same names, shapes and defaults.

    sigmoid, initialize_params, propagate, predict, ...   (the neuron: logreg.neuron)
    optimize(w, b, X, Y, num_iterations, learning_rate)    (gradient descent)
    build_and_train_model(X_train, Y_train, X_test, Y_test, ...)   (the whole pipeline)

``optimize`` runs the loop of ``logreg.descent.GradientDescent``, which the playground
pauses, steps and resumes. Orientation: X is (n_features, m) with one column per
example, Y is (1, m), w is (n_features, 1) and b a float.
"""

from dataclasses import dataclass

import numpy as np

from logreg._checks import check_X, check_Y
from logreg.descent import GradientDescent
from logreg.neuron import (  # noqa: F401  (the tutorial's functions, gathered here)
    accuracy, cost, cross_entropy, example_losses, initialize_params, predict,
    predict_proba, propagate, sigmoid, validate)


def optimize(w, b, X, Y, num_iterations=1000, learning_rate=0.01, print_cost=False, *,
             l2=0.0, batch_size=None, random_state=None, callback=None):
    """Gradient descent from (w, b); the tutorial's ``optimize``.

    Returns ``(params, costs)`` with ``params = {"w": (n_features, 1), "b": float}`` and
    the cost recorded every 100 iterations (before that iteration's update). The keyword
    arguments extend the tutorial: ``l2`` penalty, mini-batches of ``batch_size``
    shuffled with ``random_state``, and ``callback(step)`` after every iteration.
    """
    w, b, X, Y = validate(w, b, X, Y)  # the loop itself: logreg.descent
    descent = GradientDescent(X, Y, w=w, b=b, learning_rate=learning_rate, l2=l2,
                              batch_size=batch_size, random_state=random_state)
    descent.run(num_iterations, callback=callback, print_cost=print_cost)
    return descent.params, descent.costs


@dataclass(frozen=True)
class TrainingResult:
    """What ``build_and_train_model`` returns.

    ``w`` (n_features, 1) and ``b`` the trained parameters, ``costs`` every 100
    iterations, accuracies as fractions 0-1, the predictions (1, m) of each split.
    """

    w: np.ndarray
    b: float
    costs: list
    train_accuracy: float
    test_accuracy: float
    Y_prediction_train: np.ndarray
    Y_prediction_test: np.ndarray
    learning_rate: float
    num_iterations: int

    @property
    def params(self):
        return {"w": self.w, "b": self.b}


def build_and_train_model(X_train, Y_train, X_test, Y_test, num_iterations=1000,
                          learning_rate=0.05, print_cost=False, *, init="zeros", **options):
    """The tutorial's whole pipeline: initialise, optimise, predict, score.

    ``init`` "zeros" starts from w = 0 (the tutorial), "random" from small random
    weights drawn with ``options["random_state"]``. ``options`` go to ``optimize``
    (``l2``, ``batch_size``, ``random_state``, ``callback``). With ``print_cost`` it also
    prints the two accuracies in the tutorial's format, ``Train accuracy: 100.00%``.
    """
    X_train = check_X(X_train, "X_train")
    Y_train = check_Y(Y_train, X_train.shape[1], "Y_train")
    X_test = check_X(X_test, "X_test")
    if X_test.shape[0] != X_train.shape[0]:
        raise ValueError(
            f"X_test must have {X_train.shape[0]} rows like X_train, got {X_test.shape[0]}"
        )
    Y_test = check_Y(Y_test, X_test.shape[1], "Y_test")

    if init not in ("zeros", "random"):
        raise ValueError(f"init must be 'zeros' or 'random', got {init!r}")
    w, b = initialize_params(X_train.shape[0], random_state=(
        options.get("random_state", 0) if init == "random" else None))
    params, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate,
                             print_cost, **options)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = float(np.mean(Y_prediction_train == Y_train))
    test_accuracy = float(np.mean(Y_prediction_test == Y_test))
    if print_cost:
        print(f"Train accuracy: {100 * train_accuracy:.2f}%")
        print(f"Test accuracy: {100 * test_accuracy:.2f}%")
    return TrainingResult(w, b, costs, train_accuracy, test_accuracy, Y_prediction_train,
                          Y_prediction_test, float(learning_rate), int(num_iterations))
