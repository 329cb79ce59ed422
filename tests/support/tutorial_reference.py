"""A plain, independent copy of the tutorial's algorithm: the oracle for the tests and
the baseline for the benchmarks. Deliberately unoptimised and written as the tutorial
writes it (1 / (1 + exp(-z)), log(A), a Python loop in predict); do not "improve" it.
"""

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def tutorial_data(negative=0, positive=1, test_size=0.2, random_state=42):
    digits = load_digits()
    mask = (digits.target == negative) | (digits.target == positive)
    X_raw = digits.images[mask]
    Y_raw = (digits.target[mask] == positive).astype(int)
    m = X_raw.shape[0]
    X = X_raw.reshape(m, -1).T / 16.0
    Y = Y_raw.reshape(1, m)
    X_train, X_test, Y_train, Y_test = train_test_split(
        X.T, Y.T, test_size=test_size, random_state=random_state)
    return X_train.T, Y_train.T, X_test.T, Y_test.T


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def initialize_params(dim):
    return np.zeros((dim, 1)), 0.0


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = (-1 / m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = (1 / m) * np.dot(X, (A - Y).T)
    db = (1 / m) * np.sum(A - Y)
    return {"dw": dw, "db": db}, np.squeeze(cost)


def optimize(w, b, X, Y, num_iterations=1000, learning_rate=0.01, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:.4f}")
    return {"w": w, "b": b}, costs


def predict(w, b, X):
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    A = sigmoid(np.dot(w.T, X) + b)
    for i in range(A.shape[1]):
        Y_prediction[0, i] = 1 if A[0, i] > 0.5 else 0
    return Y_prediction
