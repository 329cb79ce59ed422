"""The safety net has no holes of the kinds found before: a test that never runs because
its name lacks the ``test_`` prefix, or a browser test skipped in CI."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _is_fixture(function):
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ast.unparse(target).endswith("fixture"):
            return True
    return False


def _names_used(tree):
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, ast.alias):
            used.add(node.name.split(".")[-1])
    return used


def test_every_function_in_a_test_module_is_a_test_a_fixture_or_used():
    """A module-level function that is none of these was meant as a test and never ran
    (as ``predictions_on_test_set_confusion_and_hardest`` once did)."""
    trees = {path: ast.parse(path.read_text()) for path in TESTS.rglob("*.py")}
    used = set().union(*(_names_used(tree) for tree in trees.values()))
    forgotten = [
        f"{path.name}: {node.name}"
        for path, tree in trees.items() if path.name.startswith("test_")
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("test_")
        and not _is_fixture(node) and node.name not in used
    ]
    assert not forgotten, f"never collected and never called: {forgotten}"


def test_nothing_is_skipped():
    """CI has Chromium and PostgreSQL: a test that skips would hide a failure."""
    for path in TESTS.rglob("*.py"):
        code = path.read_text()
        for word in ("pytest.skip(", "mark.skip", "skipif", "importorskip"):
            assert word not in code or path.name == Path(__file__).name, \
                f"{path.name} uses {word}"
