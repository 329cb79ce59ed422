"""Train the app's ten-digit model and keep its weights: ``.venv/bin/python
tools/store_ten_digit_model.py``.

Writes ``logreg/ten_digit_model.npz`` (``logreg.multiclass.store_ten_digit_model``), which
the app reads instead of training. Run it after changing the model's recipe or how it is
trained (augmentation, gradient descent): tests/test_multiclass.py compares the stored
weights with a fresh training and fails until they agree. Commit the file it writes.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from logreg.multiclass import STORED, Recipe, store_ten_digit_model  # noqa: E402


def main():
    start = time.perf_counter()
    recipe = Recipe()
    _, test_accuracy = store_ten_digit_model(recipe)
    print(f"{STORED}: trained in {time.perf_counter() - start:.1f} s, "
          f"{100 * test_accuracy:.1f}% on the dataset's test split")
    print(f"recipe: {recipe.key()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
