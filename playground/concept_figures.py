"""The Concepts page's charts, as pure functions: arrays in, plotly figure out.

No Streamlit and no math beyond placing things: the numbers come from ``logreg``
(``logreg.losses``, ``logreg.gradcheck``). Fonts, sizes and the digit colours are the
playground's (``playground.chart``, ``playground.palette``), so every page looks the
same on a projector.
"""

import numpy as np

from playground import chart, palette
from playground.figures import symmetric_ticks
from playground.formats import probability

SIGMOID_COLOR = "#333333"
LOG_COLOR = "#1b7837"  # log-loss: green
SQUARED_COLOR = "#7b3294"  # squared error: purple
THRESHOLD_COLOR = "#555555"
LEGEND_TOP = dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0,
                  font=dict(size=15))


def _side_by_side(gap, left, right):
    """Two equal panels ``gap`` apart: their x domains and the titles over them."""
    panels = chart.panels([0.5, 0.5], gap)
    titles = [chart.subplot_title(text, sum(domain) / 2, 1.0, yshift=4)
              for text, domain in zip((left, right), panels)]
    return panels, titles


def sigmoid_chart(z_grid, a_grid, z, a, negative, positive, label=None, height=380):
    """The sigmoid curve, the 0.5 threshold, and the chosen point (z, σ(z)).

    ``label`` is σ(z) as the page writes it (``playground.formats.probability``), so the
    chart and the page show the same number the same way.

    The point and the side of the threshold it falls on are coloured like the digit
    the neuron answers (``positive`` when σ(z) > 0.5, as ``logreg.predict`` decides).
    """
    says_positive = a > 0.5
    color = palette.POSITIVE if says_positive else palette.NEGATIVE
    x0, x1 = float(np.min(z_grid)), float(np.max(z_grid))
    hover = "z = %{x:.2f}<br>σ(z) = %{y:.4f}<extra></extra>"
    data = [
        dict(type="scatter", x=z_grid, y=a_grid, mode="lines", name="σ(z)",
             line=dict(color=SIGMOID_COLOR, width=4), hovertemplate=hover),
        dict(type="scatter", x=[z], y=[a], mode="markers", name="your z",
             marker=dict(size=18, color=color, line=dict(color="white", width=2)),
             hovertemplate=hover),
    ]
    across = dict(xref="x domain", x0=0, x1=1, yref="y")
    shapes = [
        dict(across, type="rect", y0=0.5, y1=1.0, fillcolor=palette.POSITIVE, opacity=0.06,
             line=dict(width=0)),
        dict(across, type="rect", y0=0.0, y1=0.5, fillcolor=palette.NEGATIVE, opacity=0.06,
             line=dict(width=0)),
        dict(across, type="line", y0=0.5, y1=0.5,
             line=dict(color=THRESHOLD_COLOR, width=2, dash="dash")),
        dict(type="line", x0=z, x1=z, y0=0, y1=a, line=dict(color=color, width=2, dash="dot")),
    ]
    labels = [
        dict(x=z, y=a, text=f"σ({z:.1f}) = {label if label is not None else probability(a)}", showarrow=True, arrowhead=0,
             ax=-70 if z > 0 else 70, ay=-40 if a < 0.75 else 40,
             font=dict(size=18, color=color), bgcolor="rgba(255,255,255,0.85)"),
        dict(x=x0, y=0.5, text="threshold 0.5", showarrow=False, xanchor="left",
             yanchor="bottom", font=dict(size=14, color=THRESHOLD_COLOR)),
        dict(x=x1, y=0.97, text=f"says {positive}", showarrow=False, xanchor="right",
             yanchor="top", font=dict(size=16, color=palette.POSITIVE)),
        dict(x=x1, y=0.03, text=f"says {negative}", showarrow=False, xanchor="right",
             yanchor="bottom", font=dict(size=16, color=palette.NEGATIVE)),
    ]
    return chart.figure(data, None, height, shapes=shapes, annotations=labels, showlegend=False,
                         xaxis=dict(title="z = w<sup>T</sup>x + b", range=[x0, x1], zeroline=True,
                                    zerolinecolor="#bbb"),
                         yaxis=dict(title="a = σ(z)", range=[-0.03, 1.03],
                                    tickvals=[0, 0.25, 0.5, 0.75, 1]))


def losses_chart(a, log_y1, squared_y1, log_y0, squared_y0, height=380):
    """Both losses against the prediction a: one panel for y = 1, one for y = 0."""
    panels = (("", log_y1, squared_y1, "−log a", "(a − 1)²"),
              ("2", log_y0, squared_y0, "−log(1 − a)", "a²"))
    data = []
    for n, log, squared, log_name, squared_name in panels:
        on_panel = dict(xaxis=f"x{n}", yaxis=f"y{n}", showlegend=not n)
        data += [
            dict(on_panel, type="scatter", x=a, y=log, mode="lines", name="log-loss",
                 legendgroup="log", line=dict(color=LOG_COLOR, width=4),
                 hovertemplate=f"a = %{{x:.3f}}<br>{log_name} = %{{y:.3f}}<extra></extra>"),
            dict(on_panel, type="scatter", x=a, y=squared, mode="lines",
                 name="squared error", legendgroup="squared",
                 line=dict(color=SQUARED_COLOR, width=4, dash="dash"),
                 hovertemplate=f"a = %{{x:.3f}}<br>{squared_name} = %{{y:.3f}}"
                               "<extra></extra>"),
        ]
    prediction = dict(title="prediction a = σ(z)", range=[0, 1],
                      tickvals=[0, 0.25, 0.5, 0.75, 1])
    (left, right), labels = _side_by_side(0.06, "true label y = 1: the right answer is a = 1",
                                          "true label y = 0: the right answer is a = 0")
    labels += [
        dict(x=0.03, y=5.0, xref="x", yref="y", text="→ ∞ as a → 0", showarrow=False,
             xanchor="left", font=dict(size=15, color=LOG_COLOR)),
        dict(x=0.97, y=5.0, xref="x2", yref="y2", text="→ ∞ as a → 1", showarrow=False,
             xanchor="right", font=dict(size=15, color=LOG_COLOR)),
    ]
    return chart.figure(
        data, None, height, top=45, annotations=labels,
        legend=dict(x=0.46, y=0.97, xanchor="right", yanchor="top",
                    bgcolor="rgba(255,255,255,0.9)", font=dict(size=15)),
        xaxis=dict(prediction, anchor="y", domain=left),
        yaxis=dict(anchor="x", domain=[0.0, 1.0], title="loss for this one example",
                   range=[0, 5.2]),
        xaxis2=dict(prediction, anchor="y2", domain=right),
        yaxis2=dict(anchor="x2", domain=[0.0, 1.0], matches="y", showticklabels=False))


def cost_along_line_chart(ts, log, squared, inflections=(), t_model=None, model_label="your neuron",
                    notes=True, height=420):
    """The cost J(t) along a line through weight space: log-loss left, squared error
    right (their scales differ), inflection points of the squared error marked.

    ``notes`` writes at the far left (the neuron turned backwards, confidently wrong)
    what each curve does there: the log-loss is still steep, squared error is flat.
    """
    ts = np.asarray(ts, dtype=float)
    right = dict(xaxis="x2", yaxis="y2")
    data = [
        dict(type="scatter", x=ts, y=log, mode="lines", name="log-loss",
             line=dict(color=LOG_COLOR, width=4),
             hovertemplate="t = %{x:.2f}<br>J<sub>log</sub> = %{y:.4f}<extra></extra>"),
        dict(right, type="scatter", x=ts, y=squared, mode="lines", name="squared error",
             line=dict(color=SQUARED_COLOR, width=4),
             hovertemplate="t = %{x:.2f}<br>J<sub>sq</sub> = %{y:.4f}<extra></extra>"),
    ]
    inflections = np.asarray(inflections, dtype=float)
    if inflections.size:
        data.append(dict(right, type="scatter", x=inflections,
                         y=np.interp(inflections, ts, squared), mode="markers",
                         name="inflection point",
                         marker=dict(size=14, color="white",
                                     line=dict(color=SQUARED_COLOR, width=3)),
                         hovertemplate="inflection at t = %{x:.2f}<extra></extra>"))
    if t_model is not None and ts[0] <= t_model <= ts[-1]:
        for n, values in (("", log), ("2", squared)):
            data.append(dict(
                type="scatter", xaxis=f"x{n}", yaxis=f"y{n}",
                x=[t_model], y=[float(np.interp(t_model, ts, values))], mode="markers+text",
                text=[model_label], textposition="top center", textfont=dict(size=14),
                marker=dict(size=13, color="#111", symbol="diamond"), showlegend=False,
                hovertemplate=f"{model_label}: t = %{{x:.2f}}<extra></extra>"))
    (left, right), labels = _side_by_side(0.09, "log-loss J<sub>log</sub>(t): always curving up (convex)",
                                          "squared error J<sub>sq</sub>(t): a plateau, then a bend")
    if notes:
        labels += [
            dict(x=ts[0], y=float(log[0]), xref="x", yref="y", showarrow=False,
                 text="confidently wrong:<br>steep, a strong push", align="left",
                 xanchor="left", yanchor="top", xshift=40, font=dict(size=15, color=LOG_COLOR)),
            dict(x=ts[0], y=float(squared[0]), xref="x2", yref="y2", showarrow=False,
                 align="left", text="confidently wrong:<br>flat, almost no push",
                 xanchor="left", yanchor="top", yshift=-12,
                 font=dict(size=15, color=SQUARED_COLOR)),
        ]
    zero = [dict(type="line", x0=0, x1=0, xref=f"x{n}", y0=0, y1=1, yref=f"y{n} domain",
                 line=dict(color="#bbb", width=1)) for n in ("", "2")]
    along = "t (how far along the line)"
    return chart.figure(
        data, None, height, top=45, annotations=labels, shapes=zero, showlegend=False,
        xaxis=dict(anchor="y", domain=left, title=along),
        yaxis=dict(anchor="x", domain=[0.0, 1.0], title="cost J", rangemode="tozero"),
        xaxis2=dict(anchor="y2", domain=right, title=along),
        yaxis2=dict(anchor="x2", domain=[0.0, 1.0], rangemode="tozero"))


def gradient_check_chart(analytic, numerical, labels, height=400):
    """Each of the n + 1 gradient components: analytic (x) against numerical (y).

    When the calculus is right every point sits on the diagonal y = x.
    """
    analytic = np.asarray(analytic, dtype=float)
    numerical = np.asarray(numerical, dtype=float)
    limit = max(float(np.max(np.abs(np.concatenate([analytic, numerical])))), 1e-12) * 1.1
    is_bias = np.array([str(label) == "db" for label in labels])
    names = np.asarray(labels, dtype=object)
    hover = "%{text}<br>propagate: %{x:.3e}<br>numerical: %{y:.3e}<extra></extra>"
    data = [
        dict(type="scatter", x=[-limit, limit], y=[-limit, limit], mode="lines",
             name="y = x (perfect agreement)", line=dict(color="#999", width=2, dash="dash"),
             hoverinfo="skip"),
        dict(type="scatter", x=analytic[~is_bias], y=numerical[~is_bias], mode="markers",
             name="dw (64 weights)", text=names[~is_bias],
             marker=dict(size=10, color="#1f5fbf", opacity=0.8), hovertemplate=hover),
        dict(type="scatter", x=analytic[is_bias], y=numerical[is_bias], mode="markers",
             name="db (bias)", text=names[is_bias],
             marker=dict(size=15, color="#e8710a", symbol="diamond"), hovertemplate=hover),
    ]
    values, texts, unit = symmetric_ticks(limit)  # plain decimals, or units of 10^-k
    scale = dict(range=[-limit, limit], tickmode="array", tickvals=values, ticktext=texts)
    unit = f" {unit}" if unit else ""
    return chart.figure(data, None, height, top=50, legend=LEGEND_TOP,
                         xaxis=dict(scale, title=f"analytic (propagate){unit}"),
                         yaxis=dict(scale, title=f"numerical (central differences){unit}"))
