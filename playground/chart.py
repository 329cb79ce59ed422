"""How every chart of the playground looks, and the pieces the figure modules build them
from: ``figure`` (one dict in, one plotly figure out, with the common fonts, title and
margins), ``panels`` (side-by-side panels in paper coordinates), ``subplot_title``,
``vline`` and the axes of 8x8 images. Pure: plotly, no Streamlit.
"""

import plotly.graph_objects as go

from playground import palette

# How every chart is shown: no plotly toolbar (zoom and pan are only in the way on a
# projector); st.plotly_chart(fig, config=CHART_CONFIG).
CHART_CONFIG = {"displayModeBar": False}
FONT = dict(size=16)

# Every figure is built from one dict in one go: plotly checks it once. (Building it up
# with update_layout / add_annotation calls re-checks the figure each time and costs ten
# times as much, which a class pressing Train at once would feel.)
AXIS_FONTS = dict(tickfont=dict(size=14), title=dict(font=dict(size=16)))
# 8x8 images: square pixels, row 0 at the top, no tick labels and no tick marks
IMAGE_X = dict(showticklabels=False, ticks="", showgrid=False, zeroline=False,
               constrain="domain")
IMAGE_Y = dict(showticklabels=False, ticks="", showgrid=False, zeroline=False,
               autorange="reversed")


def axis(title=None, **props):
    """An axis with the playground's fonts and an optional title."""
    axis = dict(AXIS_FONTS, **props)
    if title:
        axis["title"] = dict(text=title, font=dict(size=16))
    return axis


def figure(data, title=None, height=320, top=None, xaxis=None, yaxis=None, **layout):
    """The figure of ``data`` (trace dicts) with the common look: large fonts, a title
    at the left, tight margins. Further axes (``xaxis2`` ...) are passed as dicts of
    props like ``xaxis`` and get the same fonts."""
    layout = dict(
        font=dict(FONT, color=palette.TEXT), height=height,
        margin=dict(l=10, r=10, t=top if top is not None else (50 if title else 10), b=10),
        xaxis=xaxis or {}, yaxis=yaxis or {}, **layout)
    if title:
        layout["title"] = dict(text=title, x=0, xanchor="left", font=dict(size=18))
    for name in [name for name in layout if name.startswith(("xaxis", "yaxis"))]:
        layout[name] = axis(**layout[name])
    return go.Figure(dict(data=data, layout=layout))


def vline(x, text=None):
    """A dashed vertical line across the plot at ``x`` (shape, optional label on top)."""
    shape = dict(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain",
                 line=dict(color=palette.TEXT, width=2, dash="dash"))
    label = dict(text=text, showarrow=False, x=x, xanchor="center", xref="x", y=1,
                 yanchor="bottom", yref="y domain")
    return shape, label


def subplot_title(text, x, y, size=16, yshift=6):
    """A title centred at ``x`` just above ``y`` (paper coordinates) over a panel."""
    return dict(text=text, x=x, y=y, xref="paper", yref="paper", xanchor="center",
                yanchor="bottom", showarrow=False, font=dict(size=size), yshift=yshift)


def panels(shares, gap):
    """Where side-by-side (or stacked) panels sit in paper coordinates 0..1: each gets
    its share of what ``gap`` between neighbours leaves; the first starts at 0."""
    room = 1 - gap * (len(shares) - 1)
    edges, start = [], 0.0
    for share in shares:
        edges.append([start, start + share * room])
        start += share * room + gap
    edges[-1][1] = 1.0  # exactly, whatever the rounding
    return edges
