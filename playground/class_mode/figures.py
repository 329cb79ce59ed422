"""The class board's pictures, as pure functions: the board's numbers in, plotly
figures out (no Streamlit here).

Students' names appear in captions and hover text. Plotly reads a few HTML tags and
entities in any text it draws (``<b>``, ``<br>``, ``<a href>``, ``&lt;``), so every
name goes through ``as_text`` first: ``<b>Bob</b>`` is drawn as those ten characters.
"""

import numpy as np

from playground import chart, palette
DRAWING_COLUMNS = 12
CAPTION_CHARACTERS = 11  # a longer name is cut in a caption (the hover text has it all)


def as_text(name):
    """``name`` as plotly will draw it literally: its tag characters as entities."""
    return str(name).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def short(name, limit=CAPTION_CHARACTERS):
    """``name``, cut to ``limit`` characters with an ellipsis if longer."""
    name = str(name)
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def weight_columns(n):
    """How many weight pictures a row holds: few runs get large pictures."""
    return 4 if n <= 8 else 5 if n <= 15 else 6


def _tiles(n, n_cols, row_step):
    """(canvas shape, [(top, left)] of each 8x8 tile): n tiles in rows of n_cols, a
    one-pixel gap between columns and ``row_step - 8`` between rows (caption room)."""
    n_cols = max(1, min(n_cols, n))
    n_rows = -(-n // n_cols)
    spots = [(r * row_step, c * 9) for r, c in (divmod(k, n_cols) for k in range(n))]
    return (n_rows * row_step - (row_step - 8), n_cols * 9 - 1), spots, n_rows


def weight_pictures(weights, names, accuracies, n_cols=None, row_height=None):
    """The weights of several neurons trained on one pair, side by side.

    ``weights`` (n, 64) one run per row; ``names`` and ``accuracies`` (0-1) name each
    picture. Each picture is scaled to its own largest weight, so pictures of runs
    trained longer or faster compare by their pattern: red pixels push toward the
    positive digit, blue toward the negative one. ``row_height`` in pixels (by default
    a row is as tall as half a projector's width lets its pictures be).
    """
    weights = np.asarray(weights, dtype=float).reshape(-1, 64)
    n = weights.shape[0]
    n_cols = n_cols or weight_columns(n)
    (height, width), spots, n_rows = _tiles(n, n_cols, row_step=12)
    canvas = np.full((height, width), np.nan)
    hover = np.full((height, width), "", dtype=object)
    captions = []
    for k, (top, left) in enumerate(spots):
        w = weights[k].reshape(8, 8)
        canvas[top:top + 8, left:left + 8] = w / max(float(np.abs(w).max()), 1e-12)
        name = as_text(names[k])
        for r in range(8):
            for c in range(8):
                hover[top + r, left + c] = (f"{name}: pixel ({r}, {c}), w = {w[r, c]:+.3f}")
        captions.append(dict(x=left + 3.5, y=top + 8.1, showarrow=False, yanchor="top",
                             text=f"{as_text(short(names[k]))}<br>{100 * accuracies[k]:.1f}%",
                             font=dict(size=13)))
    trace = dict(type="heatmap", z=canvas, colorscale=palette.DIVERGING, zmid=0, zmin=-1, zmax=1,
                 showscale=False, text=hover, hovertemplate="%{text}<extra></extra>",
                 hoverongaps=False)
    row_height = row_height or 40 + 540 // max(n_cols, 4)
    return chart.figure([trace], None, 20 + row_height * n_rows, top=10,
                        annotations=captions, xaxis=chart.IMAGE_X,
                        yaxis=dict(chart.IMAGE_Y, scaleanchor="x", range=[height + 2.5, -0.5],
                                   autorange=False))


def drawings_by_digit(features, intended, answers, names, n_cols=DRAWING_COLUMNS):
    """The class's drawings, one row per digit meant, each with the model's answer
    under it (green when it is the digit meant, red when not).

    ``features`` (k, 64) values 0-1 (the dataset's pixels / 16), ``intended`` and
    ``answers`` (k,) digits, ``names`` (k,) who drew each. The newest ``n_cols``
    drawings of each digit are shown; the row's label says how many of all of them the
    model read right ("3: 4 of 5").
    """
    features = np.asarray(features, dtype=float).reshape(-1, 64)
    intended, answers = np.asarray(intended, dtype=int), np.asarray(answers, dtype=int)
    digits = sorted(set(intended.tolist()))
    row_step, n_shown = 12, min(n_cols, max(int(np.sum(intended == d)) for d in digits))
    height, width = len(digits) * row_step - (row_step - 8), n_shown * 9 - 1
    canvas = np.full((height, width), np.nan)
    hover = np.full((height, width), "", dtype=object)
    labels, ticks, tick_text = [], [], []
    for row, digit in enumerate(digits):
        mine = np.flatnonzero(intended == digit)
        top = row * row_step
        ticks.append(top + 3.5)
        right = int(np.sum(answers[mine] == digit))
        tick_text.append(f"{digit}: {right} of {len(mine)}")
        for col, k in enumerate(mine[-n_shown:][::-1]):  # newest first
            left = col * 9
            canvas[top:top + 8, left:left + 8] = 16 * features[k].reshape(8, 8)
            right = answers[k] == digit
            hover[top:top + 8, left:left + 8] = (
                f"{as_text(names[k])} meant {digit}; the model read {answers[k]}")
            labels.append(dict(
                x=left + 3.5, y=top + 8.1, showarrow=False, yanchor="top",
                text=f"{'✓' if right else '✗'} {answers[k]}",
                font=dict(size=14, color=palette.RIGHT if right else palette.WRONG)))
    trace = dict(type="heatmap", z=canvas, colorscale=palette.INK, zmin=0, zmax=16, showscale=False,
                 text=hover, hovertemplate="%{text}<extra></extra>", hoverongaps=False)
    return chart.figure(
        [trace], None, 50 + 95 * len(digits), top=10, annotations=labels,
        xaxis=chart.IMAGE_X,
        yaxis=dict(chart.IMAGE_Y, scaleanchor="x", range=[height + 2.5, -0.5], autorange=False,
                   showticklabels=True, tickvals=ticks, ticktext=tick_text, ticks="",
                   title="digit meant"))
