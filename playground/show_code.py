"""Showing the real code inside the app, so that what a student reads is what runs.

Pure Python (no Streamlit): the Concepts page passes what these return to ``st.code``.
"""

import inspect
import textwrap


def source_of(function):
    """The source of a public function (or method) of ``logreg``, as the server runs it.

    Only public names are shown (a student reads the API, not its private helpers). If
    the file was edited after the server started, ``inspect`` would read the new file at
    the old line numbers; that is detected and said instead of showing wrong lines.
    """
    name = function.__name__
    if name.startswith("_"):
        raise ValueError(f"function must be public, got {function.__qualname__}")
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return f"# the source of {function.__qualname__} is not available here"
    lines = [line.strip() for line in source.splitlines()]
    first = next((line for line in lines if not line.startswith("@")), "")
    if not first.startswith((f"def {name}(", f"class {name}")):
        return (f"# {function.__module__.replace('.', '/')}.py changed since the server "
                "started: restart it to see this code")
    return textwrap.dedent(source)  # a method's source is indented


def code_line(function, start):
    """The first line of ``function``'s source that begins with ``start``, stripped, or
    None if it has none."""
    for line in source_of(function).splitlines():
        if line.strip().startswith(start):
            return line.strip()
    return None
