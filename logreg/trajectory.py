"""A run's trajectory, recorded once on the server and played back in the browser.

The Train page does the math at full speed and sends the browser what the neuron went
through: a bounded number of snapshots (iteration, w, b, dw, db, cost and accuracy on
both splits) spread evenly over the iterations of a segment. The browser then shows
snapshot k of a segment of F snapshots at ``k / F * seconds`` after the segment starts,
at the display's own rate. Pure NumPy: no Streamlit, no plotly.

    traj = record(run, n, frames_for(seconds))   # advances run by n iterations
    data = payload(run, traj, playback="p1", seconds=seconds)   # JSON for the view

The payload (every array a JSON list, except the big ones, which travel as base64 of
little-endian float32 or uint8 bytes; accuracies are fractions 0-1):

    {
      "playback": str,        # id of this playback: a new id starts afresh; the same id
                              # with the next "segment" is appended to what is playing
      "segment": int,         # 0, 1, 2 ... within a playback
      "final": bool,          # no further segment follows (Train; Play at the budget)
      "animate": bool,        # False: show the last frame at once (Step, +100, Reset,
                              # a finished run drawn again); no events are sent back
      "seconds": float,       # screen time of this segment
      "num_iterations": int,  # n in "Iteration i / n"
      "can_play": bool,       # whether Play is offered once this payload has played
      "negative": int, "positive": int,   # the two digits (label 0 / label 1)
      "start": {              # the run just before this segment (shown first)
          "iteration": int, "b": float, "db": float, "train_cost": float,
          "test_cost": float, "train_accuracy": float, "test_accuracy": float,
          "w": "<b64 f32 x 64>", "dw": "<b64 f32 x 64>"},
      "frames": {             # F <= max_frames snapshots after it, the last the end
          "iteration": [F ints, strictly increasing], "b": [F], "db": [F],
          "train_cost": [F], "test_cost": [F], "train_accuracy": [F],
          "test_accuracy": [F], "w": "<b64 f32 F x 64>", "dw": "<b64 f32 F x 64>"},
      "history": {            # the run's curves up to and including "start"
          "iteration": [H], "train_cost": [H], "test_cost": [H],
          "train_accuracy": [H], "test_accuracy": [H]},      # H <= 500 points
      "images": "<b64 uint8 M x 64, counts 0-16>",   # training images, then test
      "digits": [M true digits], "split": [M: 0 = train, 1 = test]
    }

Row r of ``w`` (and of each image) is pixel r of the 8x8 picture read row by row, as in
the tutorial's flattening. Non-finite numbers (a diverging run) are clipped to the
largest float32 so that the JSON stays valid.
"""

import base64
import math
import numbers
from dataclasses import dataclass

import numpy as np

from logreg._checks import check_int
from logreg.data import N_PIXELS

# Snapshots per second of screen time. 40 looks smooth and leaves the browser time to
# spare: each frame redraws five pictures and a few numbers, and in a browser without a
# GPU (a school laptop, a headless test) that costs a few milliseconds of main thread.
FPS = 40
MAX_FRAMES = 600  # at most this many per segment (8 s at 40 per second is 320)
HISTORY_POINTS = 500  # the curve before a segment: more points than a chart has pixels

SCALARS = ("b", "db", "train_cost", "test_cost", "train_accuracy", "test_accuracy")
VECTORS = ("w", "dw")  # (F, 64) each
CURVES = ("iteration", "train_cost", "test_cost", "train_accuracy", "test_accuracy")
_FLOAT32_MAX = float(np.finfo(np.float32).max)


def frames_for(seconds, fps=FPS, cap=MAX_FRAMES):
    """How many snapshots a segment of ``seconds`` on screen needs: ``fps`` per second,
    at least 1 (Instant, 0 seconds, shows only the end) and at most ``cap``."""
    if isinstance(seconds, bool) or not isinstance(seconds, numbers.Real):
        raise TypeError(f"seconds must be a number, got {type(seconds).__name__}")
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"seconds must be a finite number >= 0, got {seconds!r}")
    cap = check_int(cap, "cap", minimum=1)
    return max(1, min(cap, math.ceil(seconds * fps)))


@dataclass(frozen=True)
class Frames:
    """F snapshots of a run (float32 arrays; ``iteration`` int64)."""

    iteration: np.ndarray  # (F,)
    w: np.ndarray  # (F, 64)
    b: np.ndarray  # (F,)
    dw: np.ndarray  # (F, 64) the gradient at w, b: where the next step goes against
    db: np.ndarray  # (F,)
    train_cost: np.ndarray  # (F,)
    test_cost: np.ndarray  # (F,)
    train_accuracy: np.ndarray  # (F,) fractions 0-1
    test_accuracy: np.ndarray  # (F,)

    def __len__(self):
        return len(self.iteration)


@dataclass(frozen=True)
class Trajectory:
    """A segment of a run: where it started and the snapshots recorded over it."""

    start: Frames  # one snapshot: the run before the segment
    frames: Frames  # at most max_frames snapshots, the last one the end of the segment

    @property
    def end(self):
        """The iteration the segment ends at."""
        return int((self.frames if len(self.frames) else self.start).iteration[-1])


def _snapshot(run):
    """The run as it is now: a dict of one row per field of ``Frames``."""
    point = run.latest  # advance() always records the point at the current iteration
    grads = run.gradients()
    return {"iteration": run.iteration, "w": point.w[:, 0], "b": point.b,
            "dw": grads["dw"][:, 0], "db": grads["db"],
            "train_cost": point.train_cost, "test_cost": point.test_cost,
            "train_accuracy": point.train_accuracy, "test_accuracy": point.test_accuracy}


def _stack(rows):
    """Rows (dicts) -> ``Frames`` of float32 arrays (``iteration`` int64)."""
    columns = {"iteration": np.array([r["iteration"] for r in rows], dtype=np.int64)}
    for name in VECTORS:
        columns[name] = np.array([r[name] for r in rows], dtype=np.float32).reshape(
            len(rows), N_PIXELS)
    for name in SCALARS:
        columns[name] = np.array([r[name] for r in rows], dtype=np.float32)
    return Frames(**columns)


def stops(start, n, max_frames):
    """The iterations a segment from ``start`` over ``n`` iterations is recorded at:
    min(n, max_frames) of them, evenly spread, strictly increasing, the last start + n."""
    count = min(n, max_frames)
    k = np.arange(1, count + 1, dtype=np.int64)
    return start + (k * n + count - 1) // count  # start + ceil(k n / count)


def record(run, n, max_frames=MAX_FRAMES):
    """Advance ``run`` (a ``logreg.run.TrainingRun``) by ``n`` iterations and return the
    ``Trajectory``: the state before, then at most ``max_frames`` snapshots spread
    evenly over the n iterations (one per iteration when n <= max_frames), the last at
    the run's new iteration. The run is the caller's: it is left at start + n."""
    n = check_int(n, "n", minimum=0)
    max_frames = check_int(max_frames, "max_frames", minimum=1)
    start = _stack([_snapshot(run)])
    if n == 0:
        return Trajectory(start=start, frames=_stack([]))
    at = run.advance_through(stops(run.iteration, n, max_frames))
    frames = Frames(iteration=at["iteration"].astype(np.int64),
                    **{name: np.asarray(at[name], dtype=np.float32)
                       for name in VECTORS + SCALARS})
    return Trajectory(start=start, frames=frames)


def thin(length, max_points):
    """Indices of at most ``max_points`` of ``length`` points, evenly spread, keeping
    the first and the last."""
    if length <= max_points:
        return np.arange(length)
    return np.unique(np.round(np.linspace(0, length - 1, max_points)).astype(np.int64))


def curve_so_far(run, before=None, max_points=HISTORY_POINTS):
    """The run's recorded curves (``run.curves()``) at iterations before ``before``
    (all of them if None), thinned to at most ``max_points`` points."""
    max_points = check_int(max_points, "max_points", minimum=2)
    curves = run.curves()
    keep = np.ones(len(curves["iteration"]), dtype=bool) if before is None else \
        curves["iteration"] < before
    curves = {name: values[keep] for name, values in curves.items()}
    chosen = thin(len(curves["iteration"]), max_points)
    return {name: values[chosen] for name, values in curves.items()}


# --- encoding -----------------------------------------------------------------------

def _finite32(values):
    """float32 with NaN -> 0 and +-inf -> the largest float32 (JSON has no inf)."""
    return np.nan_to_num(np.asarray(values, dtype=np.float32), nan=0.0,
                         posinf=_FLOAT32_MAX, neginf=-_FLOAT32_MAX)


def encode_f32(values):
    """Base64 of the little-endian float32 bytes of ``values`` (row by row)."""
    return base64.b64encode(_finite32(values).astype("<f4").tobytes()).decode("ascii")


def decode_f32(text, columns=None):
    """The inverse of ``encode_f32``: a float32 array, (len / columns, columns) if given."""
    values = np.frombuffer(base64.b64decode(text), dtype="<f4")
    return values.reshape(-1, columns) if columns else values


def encode_u8(values):
    """Base64 of ``values`` as bytes 0-255 (images: counts 0-16)."""
    return base64.b64encode(np.asarray(values).astype(np.uint8).tobytes()).decode("ascii")


def decode_u8(text, columns=None):
    values = np.frombuffer(base64.b64decode(text), dtype=np.uint8)
    return values.reshape(-1, columns) if columns else values


def _numbers(values):
    """A JSON list of short decimals (6 significant digits: more than a chart shows)."""
    return [float(f"{x:.6g}") for x in _finite32(values).tolist()]


def _frames_json(frames):
    data = {"iteration": [int(i) for i in frames.iteration]}
    data.update({name: _numbers(getattr(frames, name)) for name in SCALARS})
    data.update({name: encode_f32(getattr(frames, name)) for name in VECTORS})
    return data


def images_json(pair):
    """The pair's images as the view draws them: training images first, then test."""
    images = np.concatenate([pair.images_train, pair.images_test]).reshape(-1, N_PIXELS)
    digits = np.concatenate([pair.digits_train, pair.digits_test])
    split = [0] * len(pair.digits_train) + [1] * len(pair.digits_test)
    return {"images": encode_u8(np.clip(np.round(images), 0, 16)),
            "digits": [int(d) for d in digits], "split": split}


def payload(run, trajectory, *, playback, segment=0, final=True, animate=True,
            seconds=2.5, can_play=None, history_points=HISTORY_POINTS):
    """The JSON-able dict the live view plays (the format is in the module docstring).

    ``run`` is the run ``trajectory`` was recorded from (for its pair, budget and the
    curves before the segment); ``can_play`` defaults to "the budget is not reached".
    """
    start = trajectory.start
    before = int(start.iteration[0])
    history = curve_so_far(run, before=before, max_points=history_points - 1)
    # the curve ends at the segment's start, where the first frame continues it
    history = {name: np.append(values, getattr(start, name)[0]) for name, values in
               history.items()}
    start_json = {name: value[0] for name, value in _frames_json(start).items()
                  if name not in VECTORS}
    start_json.update({name: encode_f32(getattr(start, name)) for name in VECTORS})
    return {
        "playback": str(playback),
        "segment": check_int(segment, "segment", minimum=0),
        "final": bool(final),
        "animate": bool(animate),
        "seconds": float(seconds),
        "num_iterations": int(run.num_iterations),
        "can_play": bool(trajectory.end < run.num_iterations if can_play is None
                         else can_play),
        "negative": int(run.pair.negative),
        "positive": int(run.pair.positive),
        "start": start_json,
        "frames": _frames_json(trajectory.frames),
        "history": {"iteration": [int(i) for i in history["iteration"]],
                    **{name: _numbers(history[name]) for name in CURVES[1:]}},
        **images_json(run.pair),
    }
