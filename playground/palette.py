"""The playground's colours, declared once, and the arithmetic of their contrast.

The charts (``playground.figures`` and the other figure modules) use these names. The
two browser components get them as CSS custom properties (``css_variables``), which their
CSS and JavaScript read (``--pg-train``, ...). Streamlit's own theme is
``.streamlit/config.toml``'s ``[theme]``, which cannot import Python:
``tests/test_playground.py`` holds it equal to ``THEME``.
"""

TEXT = "#111111"
BACKGROUND = "#ffffff"
TRAIN = "#1f5fbf"  # the training set: thick blue curves
TEST = "#e8710a"  # the test set: thin orange curves, drawn on top
NEGATIVE = "#2166ac"  # the negative digit (label 0): blue, as a weight that pushes to it
POSITIVE = "#b2182b"  # the positive digit (label 1): red
RIGHT = "#1b6e34"  # read as meant (dark enough for text on white, and for white text)
WRONG = "#b3261e"  # a mistake
EMPTY = "#6e6e6e"  # nothing there (a square of the confusion matrix with no image)
MUTED = "#5a5a5a"  # a neutral mark (a training image's dot in a legend)
QUIET = "#9aa5b1"  # what is not the answer
DIVERGING = "RdBu_r"  # weights: blue toward the negative digit, white 0, red toward the positive
INK = "Greys"  # images: ink on paper
PAIR_SCALE = "RdYlGn"  # the pair map: red for hard pairs, green for easy ones
SERIES = (TRAIN, TEST, "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#f9a825")

# Streamlit's theme, as .streamlit/config.toml writes it (that file must agree).
THEME = {"primaryColor": TRAIN, "textColor": TEXT, "backgroundColor": BACKGROUND,
         "secondaryBackgroundColor": "#eef2f8"}

_VARIABLES = {"train": TRAIN, "test": TEST, "negative": NEGATIVE, "positive": POSITIVE,
              "right": RIGHT, "wrong": WRONG, "empty": EMPTY, "muted": MUTED,
              "text": TEXT, "background": BACKGROUND}


def css_variables(selector=":host"):
    """A CSS rule giving ``selector`` the colours as custom properties (``--pg-train``,
    ``--pg-test``, ``--pg-negative``, ...), for a component's stylesheet."""
    body = " ".join(f"--pg-{name}: {color};" for name, color in _VARIABLES.items())
    return f"{selector} {{ {body} }}\n"


def relative_luminance(color):
    """WCAG's relative luminance of a colour "rgb(r, g, b)" or "#rrggbb": 0 (black) to 1."""
    if color.startswith("#"):
        rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    else:
        rgb = [float(v) for v in color[color.index("(") + 1:color.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
              for c in (v / 255 for v in rgb)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(color_a, color_b):
    """WCAG's contrast ratio of two colours, 1 to 21 (4.5 is enough for text)."""
    high, low = sorted((relative_luminance(color_a), relative_luminance(color_b)),
                       reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_color_on(background):
    """Black or white, whichever reads better on ``background`` (at least 4.58:1)."""
    return max(("#000000", "#ffffff"), key=lambda text: contrast_ratio(text, background))


def rgba(color, alpha):
    """``#rrggbb`` with an opacity, as plotly takes it: ``rgba(31,95,191,0.9)``."""
    r, g, b = (int(color[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"
