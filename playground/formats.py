"""How numbers are written for students: one rule each, used by every page and chart.

Pure functions (no Streamlit, no plotly).
"""

import math

SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def scientific(x, digits=2):
    """``x`` as a student writes a very small or large number: "8.3 × 10⁻⁴"."""
    if x == 0 or not math.isfinite(x):
        return _minus(f"{x:g}")
    exponent = math.floor(math.log10(abs(x)))
    mantissa = x / 10**exponent
    if round(abs(mantissa), digits - 1) >= 10:  # 9.96 -> 10.0: move to the next power
        mantissa, exponent = mantissa / 10, exponent + 1
    return _minus(f"{mantissa:.{digits - 1}f} × 10{str(exponent).translate(SUPERSCRIPTS)}")


def plain(x, digits=3):
    """A number in plain decimals when that is readable (0.066, −12.5, 1234), else in
    ×10ⁿ notation (−8.3 × 10⁻⁴): never "8.3e-04" or "83μ". Negative numbers carry a
    true minus sign (−), as in print."""
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return _minus(f"{x:g}")
    if 1e-3 <= abs(x) < 1e5:
        return _minus(f"{x:.{digits}g}" if abs(x) < 10**digits else f"{x:.0f}")
    return scientific(x, min(digits, 2))


def _minus(text):
    """A leading hyphen-minus as the minus sign (−) of print."""
    return "−" + text[1:] if text.startswith("-") else text


def probability(p):
    """A probability with enough digits to show how far it is from 0 or 1.

    Never a rounded 0 or 1 that is not exact: σ(−10) is "4.5 × 10⁻⁵", σ(10) is
    "1 − 4.5 × 10⁻⁵", σ(2) is "0.881", σ(7) is "0.99909"; exactly 0.5 is "0.500".
    """
    p = float(p)
    if p in (0.0, 1.0):
        return f"{p:.0f}"
    q = min(p, 1.0 - p)  # the distance to the nearer certainty
    if q < 1e-4:
        small = scientific(q)
        return small if p < 0.5 else f"1 − {small}"
    decimals = max(3, 1 - math.floor(math.log10(q)))  # two significant digits of q
    return f"{p:.{decimals}f}"


def percent(p):
    """A share 0-1 as a percentage with two decimals, as the tutorial prints accuracy."""
    return f"{100 * p:.2f}%"


def run_settings(settings):
    """A run's settings (a ``logreg.settings.RunSettings``) in words, as a teacher says
    them: "4 vs 9, learning rate 5, 100 iterations", and what differs from the
    tutorial's run among the advanced ones ("batch 32, λ 0.01, random start, seed 7")."""
    words = [f"{settings.negative} vs {settings.positive}",
             f"learning rate {settings.learning_rate:g}",
             f"{settings.num_iterations:,} iteration{'s' if settings.num_iterations != 1 else ''}"]
    default = type(settings)()
    if settings.test_size != default.test_size:
        words.append(f"test split {settings.test_size:g}")
    if settings.l2 != default.l2:
        words.append(f"λ {settings.l2:g}")
    if settings.batch_size is not None:
        words.append(f"batch {settings.batch_size}")
    if settings.init != default.init:
        words.append(f"{settings.init} start")
    if settings.seed != default.seed:
        words.append(f"seed {settings.seed}")
    return ", ".join(words)
