"""Every chart of the playground, as a pure function: arrays in, plotly figure out.

No Streamlit here, so each figure is unit-tested on its own. Figures are kept small
(a few traces, no per-point text unless it is the point) because the live views redraw
them several times a second.
"""

import math

import numpy as np
from plotly.colors import sample_colorscale

from playground import chart, palette
from playground.formats import SUPERSCRIPTS, plain

def digit_image(image, title=None, height=260, show_values=False, top=None):
    """One 8x8 image (0-16 counts) in ink-on-paper grey."""
    image = np.asarray(image, dtype=float).reshape(8, 8)
    trace = dict(type="heatmap", z=image, colorscale=palette.INK, zmin=0, zmax=16, showscale=False,
                 hovertemplate="row %{y}, column %{x}: %{z:.0f} / 16<extra></extra>")
    if show_values:
        trace.update(text=image.astype(int), texttemplate="%{text}")
    return chart.figure([trace], title, height, top=top, xaxis=chart.IMAGE_X,
                         yaxis=dict(chart.IMAGE_Y, scaleanchor="x"))


def digit_grid(images, captions=None, n_cols=8, title=None, height=None):
    """Many 8x8 images tiled into one heatmap (one trace: light to redraw).

    ``images`` (k, 8, 8) counts 0-16; optional ``captions``: k short strings written
    under the images.
    """
    images = np.asarray(images, dtype=float)
    k = images.shape[0]
    n_rows = max(1, -(-k // n_cols))
    col_step, row_step = 9, 12 if captions else 9  # 8 pixels + a gap (+ caption room)
    canvas = np.full((n_rows * row_step - (row_step - 8), n_cols * col_step - 1), np.nan)
    for idx in range(k):
        r, c = divmod(idx, n_cols)
        canvas[r * row_step:r * row_step + 8, c * col_step:c * col_step + 8] = images[idx]
    labels = []
    for idx, caption in enumerate(captions or []):
        r, c = divmod(idx, n_cols)
        labels.append(dict(x=c * col_step + 3.5, y=r * row_step + 8, text=str(caption),
                           showarrow=False, yanchor="top", font=dict(size=14)))
    bottom = n_rows * row_step - (row_step - 8) + (3 if captions else 0) - 0.5
    return chart.figure(
        [dict(type="heatmap", z=canvas, colorscale=palette.INK, zmin=0, zmax=16, showscale=False,
              hoverinfo="skip")],
        title, height or 60 + (110 if captions else 95) * n_rows, annotations=labels,
        xaxis=chart.IMAGE_X,
        yaxis=dict(chart.IMAGE_Y, scaleanchor="x", range=[bottom, -0.5], autorange=False))


def flatten_figure(image):
    """How an 8x8 image becomes the 64-vector x: each row laid end to end.

    Top: the image with its pixel counts, rows tinted in turn. Bottom: the same 64
    numbers as one long strip x_0 ... x_63 (divided by 16, as the model sees them).
    """
    image = np.asarray(image, dtype=float).reshape(8, 8)
    bare = dict(showticklabels=False, ticks="", showgrid=False, zeroline=False)
    bottom, top = chart.panels([0.28, 0.72], gap=0.12)  # the strip below, the image above
    data = [
        dict(type="heatmap", z=image, colorscale=palette.INK, zmin=0, zmax=16, showscale=False,
             text=image.astype(int), texttemplate="%{text}",
             hovertemplate="row %{y}, col %{x}: %{z:.0f}<extra></extra>"),
        dict(type="heatmap", z=image.reshape(1, 64) / 16.0, colorscale=palette.INK, zmin=0,
             zmax=1, showscale=False, customdata=np.arange(64).reshape(1, 64),
             hovertemplate="x<sub>%{customdata}</sub> = %{z:.3f}<extra></extra>",
             xaxis="x2", yaxis="y2"),
    ]
    rows = []
    for r in range(8):  # row r of the image is x_{8r} ... x_{8r+7}
        line = dict(color=palette.rgba(palette.TRAIN if r % 2 == 0 else palette.TEST, 0.9),
                    width=2)
        rows += [dict(type="rect", x0=-0.5, x1=7.5, y0=r - 0.5, y1=r + 0.5, xref="x",
                      yref="y", line=line),
                 dict(type="rect", x0=8 * r - 0.5, x1=8 * r + 7.5, y0=-0.5, y1=0.5,
                      xref="x2", yref="y2", line=line)]
    return chart.figure(
        data, None, 560, top=40, shapes=rows,
        annotations=[
            chart.subplot_title("8 × 8 image (ink counts 0–16)", 0.5, top[1]),
            chart.subplot_title("x: the same pixels, row after row, ÷ 16 → 64 inputs", 0.5,
                           bottom[1])],
        xaxis=dict(bare, anchor="y", domain=[0.0, 1.0], scaleanchor="y",
                   constrain="domain"),
        yaxis=dict(bare, anchor="x", domain=top, autorange="reversed"),
        xaxis2=dict(bare, anchor="y2", domain=[0.0, 1.0], showticklabels=True,
                    tickvals=[0, 8, 16, 24, 32, 40, 48, 56, 63]),
        yaxis2=dict(bare, anchor="x2", domain=bottom, autorange="reversed"))


def mean_images_figure(mean_negative, mean_positive, negative, positive):
    """Mean image of each digit and their difference (positive minus negative)."""
    diff = np.asarray(mean_positive) - np.asarray(mean_negative)
    limit = max(float(np.abs(diff).max()), 1e-9)
    panels = chart.panels([1 / 3] * 3, gap=0.04)
    data = [
        dict(type="heatmap", z=mean_negative, colorscale=palette.INK, zmin=0, zmax=16,
             showscale=False, hovertemplate="%{z:.1f}<extra></extra>"),
        dict(type="heatmap", z=mean_positive, colorscale=palette.INK, zmin=0, zmax=16,
             showscale=False, hovertemplate="%{z:.1f}<extra></extra>"),
        dict(type="heatmap", z=diff, colorscale=palette.DIVERGING, zmid=0, zmin=-limit, zmax=limit,
             colorbar=_colorbar(limit),
             hovertemplate="%{z:+.1f}<extra></extra>"),
    ]
    titles = (f"average {negative}", f"average {positive}", f"{positive} minus {negative}")
    axes, labels = {}, []
    for k, (domain, trace, text) in enumerate(zip(panels, data, titles), start=1):
        n = "" if k == 1 else str(k)
        trace.update(xaxis=f"x{n}", yaxis=f"y{n}")
        axes[f"xaxis{n}"] = dict(chart.IMAGE_X, anchor=f"y{n}", domain=domain)
        axes[f"yaxis{n}"] = dict(chart.IMAGE_Y, anchor=f"x{n}", domain=[0.0, 1.0],
                                 scaleanchor=f"x{n}")
        labels.append(chart.subplot_title(text, (domain[0] + domain[1]) / 2, 1.0, size=17))
    return chart.figure(data, None, 340, top=45, annotations=labels, **axes)


def symmetric_ticks(limit):
    """Colour-bar ticks for a scale from -limit to +limit, as a student reads them.

    Returns ``(values, texts, title)``: a few round values (1, 2 or 5 times a power of
    ten apart) and their texts in plain decimals (−0.5, 0, 0.5), or, for a scale too
    small for short decimals, in units of a power of ten that ``title`` names (−5, 0, 5
    with "× 10⁻⁴"). Never "50μ" or "5e-04".
    """
    limit = float(limit)
    if not limit > 0 or not math.isfinite(limit):
        return [0.0], ["0"], None
    raw = limit / 2  # about two ticks on each side of 0
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * 0.999)
    n = int(limit // step + 1e-9)
    values = [k * step for k in range(-n, n + 1)]
    exponent = math.floor(math.log10(step))
    if exponent < -2:  # 0.0005 and smaller: count in units of 10^exponent instead
        unit = 10.0 ** exponent
        title = "× 10" + str(exponent).translate(SUPERSCRIPTS)
        return values, [plain(round(v / unit, 6)) for v in values], title
    decimals = max(0, -exponent)
    return values, [plain(round(v, decimals + 1), digits=6) for v in values], None


def _colorbar(limit, **props):
    """A colour bar from -limit to +limit with ``symmetric_ticks``."""
    values, texts, title = symmetric_ticks(limit)
    bar = dict(thickness=12, len=0.9, tickfont=dict(size=12), tickmode="array",
               tickvals=values, ticktext=texts, **props)
    if title:
        bar["title"] = dict(text=title, side="top", font=dict(size=12))
    return bar


def weight_heatmap(w, b, title="Weights w", height=330, limit=None, bias_name="bias b"):
    """The 64 weights as an 8x8 picture, diverging colours centred at 0, the bias in the
    title as a student writes it: "Weights w (bias b = 0.066)".

    Also draws a gradient (``dw`` with ``bias_name="db"``). ``title`` may use <sub> for
    subscripts (a unicode subscript i is missing from the chart's font)."""
    W = np.asarray(w, dtype=float).reshape(8, 8)
    limit = limit or max(float(np.abs(W).max()), 1e-6)
    return chart.figure(
        [dict(type="heatmap", z=W, colorscale=palette.DIVERGING, zmid=0, zmin=-limit, zmax=limit,
              colorbar=_colorbar(limit),
              hovertemplate="pixel (%{y}, %{x}): w = %{z:+.3f}<extra></extra>")],
        f"{title} ({bias_name} = {plain(b, 2)})", height,
        xaxis=chart.IMAGE_X, yaxis=dict(chart.IMAGE_Y, scaleanchor="x"))


def _curves(iterations, series, yaxis_title, title, height, log_y=False, yrange=None,
            x_max=None):
    data = [dict(type="scatter", x=iterations, y=values, name=name, mode="lines",
                 line=dict(color=color, width=3)) for name, values, color in series]
    return chart.figure(
        data, title, height, hovermode="x unified",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0),
        xaxis=dict(title="iteration", rangemode="tozero", range=[0, x_max] if x_max else None),
        yaxis=dict(title=yaxis_title, type="log" if log_y else "linear", range=yrange))


def cost_curves(iterations, train_cost, test_cost, height=320, log_y=False, x_max=None):
    """Cross-entropy on the training and the test set against the iteration.

    ``x_max`` fixes the x axis (e.g. to the run's budget) so a live curve grows
    across the chart instead of rescaling every frame.
    """
    return _curves(iterations, [("train", train_cost, palette.TRAIN),
                                ("test", test_cost, palette.TEST)],
                   "cost J", "Cost (lower is better)", height, log_y, x_max=x_max)


def neuron_diagram(image, negative=0, positive=1):
    """The one-neuron network: 64 pixel inputs -> z = w^T x + b -> sigma -> probability.

    ``image`` (8, 8) is drawn as the input layer, one square per input x_i, each wired
    to the neuron.
    """
    image = np.asarray(image, dtype=float).reshape(8, 8)
    rows, cols = np.divmod(np.arange(64), 8)
    px, py = cols * 0.45, 3.2 - rows * 0.45  # the input grid, left
    sum_x, sig_x, out_x, node_y = 6.3, 8.6, 10.9, 1.6
    shapes = [dict(type="line", x0=x0 + 0.2, y0=y0, x1=sum_x - 0.6, y1=node_y,
                   line=dict(color="rgba(120,120,120,0.25)", width=1))
              for x0, y0 in zip(px, py)]  # the 64 wires, thin
    labels = [dict(x=x1, y=node_y, ax=x0, ay=node_y, xref="x", yref="y", axref="x",
                   ayref="y", showarrow=True, arrowhead=3, arrowsize=1.3, arrowwidth=2.5,
                   arrowcolor="#444")
              for x0, x1 in ((sum_x + 0.6, sig_x - 0.6), (sig_x + 0.6, out_x - 0.7))]
    for x, label, color in ((sum_x, "z = w<sup>T</sup>x + b", "#dbe8fb"), (sig_x, "a = σ(z)", "#fde6d2")):
        shapes.append(dict(type="circle", x0=x - 0.6, x1=x + 0.6, y0=node_y - 0.6,
                           y1=node_y + 0.6, fillcolor=color, line=dict(color="#444", width=2)))
        labels += [dict(x=x, y=node_y, text=f"<b>{'Σ' if x == sum_x else 'σ'}</b>",
                        showarrow=False, font=dict(size=26)),
                   dict(x=x, y=node_y - 0.95, text=label, showarrow=False, font=dict(size=16))]
    labels += [
        dict(x=out_x + 0.4, y=node_y, showarrow=False, align="left",
             text=f"P(digit {positive})<br>> 0.5 → “{positive}”<br>≤ 0.5 → “{negative}”",
             font=dict(size=16)),
        dict(x=1.6, y=-0.45, text="64 pixel inputs x<sub>0</sub> … x<sub>63</sub>", showarrow=False,
             font=dict(size=16))]
    bare = dict(visible=True, showticklabels=False, showgrid=False, zeroline=False)
    inputs = dict(type="scatter", x=px, y=py, mode="markers", hoverinfo="text",
                  text=[f"x<sub>{i}</sub> = {image.flat[i] / 16:.2f}" for i in range(64)],
                  marker=dict(symbol="square", size=20, color=image.ravel(), colorscale=palette.INK,
                              cmin=0, cmax=16, line=dict(color="#888", width=1)))
    return chart.figure([inputs], None, 330, shapes=shapes, annotations=labels, showlegend=False,
                         plot_bgcolor="rgba(0,0,0,0)", xaxis=dict(bare, range=[-0.5, 12.6]),
                         yaxis=dict(bare, range=[-0.8, 3.6], scaleanchor="x"))


def probability_histogram(probability, true_digits, negative, positive):
    """Test-set P(positive) as two overlaid histograms by true digit, threshold at 0.5."""
    probability = np.asarray(probability)
    true_digits = np.asarray(true_digits)
    data = [dict(type="histogram", x=probability[true_digits == digit], name=f"true {digit}",
                 xbins=dict(start=0, end=1.0001, size=0.05), marker=dict(color=color),
                 opacity=0.7)
            for digit, color in ((negative, palette.NEGATIVE), (positive, palette.POSITIVE))]
    line, label = chart.vline(0.5, "threshold 0.5")
    return chart.figure(
        data, None, 320, top=50, barmode="overlay", shapes=[line], annotations=[label],
        legend=dict(orientation="h", y=1.12, x=1, xanchor="right"),
        xaxis=dict(title=f"P(digit {positive}) predicted by the neuron", range=[0, 1]),
        yaxis=dict(title="test images"))


def _title_room(title):
    """The top margin for a small picture's title of one or more lines (<br>)."""
    return 40 + 22 * title.count("<br>")


def ink_image(image, title, height=230, zmax=1.0):
    """Any grey image (ink = 1 or ``zmax``), e.g. a preprocessing stage, as a picture.
    ``title`` may break into lines with <br> (a narrow column cuts one long line)."""
    image = np.asarray(image, dtype=float)
    return chart.figure([dict(type="heatmap", z=image, colorscale=palette.INK, zmin=0, zmax=zmax,
                               showscale=False, hoverinfo="skip")],
                         title, height, top=_title_room(title), xaxis=chart.IMAGE_X,
                         yaxis=dict(chart.IMAGE_Y, scaleanchor="x"))


def counts_image(counts, title, height=230):
    """An 8x8 image of counts 0-16 with the numbers written in (``title`` as for
    ``ink_image``)."""
    return digit_image(counts, title, height, show_values=True, top=_title_room(title))


def pair_probability(p, negative, positive):
    """P(positive) as a bar on a 0-1 scale, the 0.5 threshold marked."""
    color = palette.POSITIVE if p > 0.5 else palette.NEGATIVE
    line, _ = chart.vline(0.5)
    return chart.figure(
        [dict(type="bar", x=[p], y=[""], orientation="h", marker=dict(color=color),
              text=[f"{p:.3f}"], textposition="outside",
              hovertemplate="P = %{x:.4f}<extra></extra>")],
        None, 190, top=10, showlegend=False, shapes=[line],
        annotations=[dict(x=0.02, y=-0.75, text=f"← {negative}", showarrow=False,
                          xanchor="left", font=dict(size=16, color=palette.NEGATIVE)),
                     dict(x=0.98, y=-0.75, text=f"{positive} →", showarrow=False,
                          xanchor="right", font=dict(size=16, color=palette.POSITIVE))],
        xaxis=dict(title=f"P(digit {positive})", range=[0, 1.08],
                   tickvals=[0, 0.25, 0.5, 0.75, 1]))


def digit_scores(scores, predicted):
    """One bar per digit 0-9 (the ten-digit model): each neuron's own P(its digit), the
    prediction highlighted. The neurons answer separately, so the bars need not sum to 1."""
    scores = np.asarray(scores, dtype=float)
    colors = [palette.POSITIVE if d == predicted else palette.QUIET for d in range(10)]
    return chart.figure(
        [dict(type="bar", x=list(range(10)), y=scores, marker=dict(color=colors),
              text=[f"{p:.2f}" for p in scores], textposition="outside",
              hovertemplate="digit %{x}'s neuron: P = %{y:.3f}<extra></extra>")],
        None, 300, top=10, xaxis=dict(title="digit", tickvals=list(range(10))),
        yaxis=dict(title="each neuron: P(its digit)", range=[0, 1.12]))



def race_curves(iterations, costs, labels, log_y=False, log_x=False):
    """One cost curve per learning rate: ``costs`` (n_records, K), ``labels`` K strings.

    ``log_x`` spreads the first iterations out (1, 10, 100, 1000 equally far apart), so
    a jump in the first few steps shows; iteration 0, the start, has no place on a log
    axis and is left out."""
    iterations = np.asarray(iterations)
    costs = np.asarray(costs, dtype=float)
    if log_x:
        keep = iterations > 0
        iterations, costs = iterations[keep], costs[keep]
    data = [dict(type="scatter", x=iterations, y=costs[:, k], name=label, mode="lines",
                 line=dict(width=3, color=palette.SERIES[k % len(palette.SERIES)]))
            for k, label in enumerate(labels)]
    return chart.figure(data, None, 420, top=10,
                         legend=dict(title=dict(text="learning rate"), font=dict(size=15)),
                         xaxis=dict(title="iteration (log scale)" if log_x else "iteration",
                                    type="log" if log_x else "linear",
                                    dtick=1 if log_x else None),  # log: 1, 10, 100, 1000
                         yaxis=dict(title="training cost J", type="log" if log_y else "linear"))


def pair_map(accuracy, selected=None):
    """The 10x10 test accuracies of all 45 pairs as clickable squares (a heatmap's cells
    cannot be clicked in Streamlit). ``customdata`` of each square is [row, column].

    Each number is written in black or white, whichever reads better on its square's
    colour (a contrast of at least 4.5:1)."""
    accuracy = np.asarray(accuracy, dtype=float)
    rows, cols = np.nonzero(~np.isnan(accuracy))
    values = accuracy[rows, cols]
    cmin, cmax = 100 * max(0.85, float(values.min())), 100.0
    shade = np.clip((100 * values - cmin) / max(cmax - cmin, 1e-9), 0, 1)
    backgrounds = sample_colorscale(palette.PAIR_SCALE, shade.tolist())  # as plotly paints them
    squares = dict(
        type="scatter",
        # plain lists: a NumPy customdata travels as a typed array and is lost on a click
        x=cols.tolist(), y=rows.tolist(), mode="markers+text",
        customdata=[[int(r), int(c)] for r, c in zip(rows, cols)],
        text=[f"{100 * v:.0f}" for v in values],
        textfont=dict(size=13, color=[palette.text_color_on(color) for color in backgrounds]),
        marker=dict(symbol="square", size=38, color=100 * values, colorscale=palette.PAIR_SCALE,
                    cmin=cmin, cmax=cmax,
                    colorbar=dict(title=dict(text="test %"), thickness=12),
                    line=dict(width=[4 if selected in ((r, c), (c, r)) else 0
                                     for r, c in zip(rows, cols)], color=palette.TEXT)),
        hovertemplate="%{y} vs %{x}: %{marker.color:.1f}% on the test set<extra></extra>",
        selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)))
    digits = dict(tickvals=list(range(10)), title="digit", showgrid=False, zeroline=False,
                  fixedrange=True)
    return chart.figure([squares], None, 520, top=10, clickmode="event+select", dragmode=False,
                         xaxis=dict(digits, range=[-0.6, 9.6], constrain="domain"),
                         yaxis=dict(digits, range=[9.6, -0.6], scaleanchor="x"))
