"""Pacing a training run for a watching class: the math runs at full speed, only the
redraws are spread over a few seconds of screen time. Pure Python (no Streamlit)."""

import math
import time

SPEEDS = {"Slow": 8.0, "Normal": 2.5, "Fast": 1.0, "Instant": 0.0}  # seconds on screen
FRAME_SECONDS = 0.2  # five redraws a second: smooth enough, light on the browser


def frame_chunks(total, seconds, frame_seconds=FRAME_SECONDS):
    """Split ``total`` iterations into chunks, one per frame, over ``seconds``.

    Instant (0 seconds) is one chunk. Never more frames than iterations.
    """
    if total <= 0:
        return []
    frames = max(1, min(total, math.ceil(seconds / frame_seconds)))
    base, extra = divmod(total, frames)
    return [base + (1 if k < extra else 0) for k in range(frames)]


def animate(run, seconds, draw, frame_seconds=FRAME_SECONDS, sleep=time.sleep,
            clock=time.monotonic):
    """Advance ``run`` to its budget, calling ``draw(run)`` after each chunk and waiting
    so that frames are ``frame_seconds`` apart (only when ``seconds`` > 0)."""
    for chunk in frame_chunks(run.remaining, seconds, frame_seconds):
        started = clock()
        run.advance(chunk)
        draw(run)
        if seconds > 0:
            sleep(max(0.0, frame_seconds - (clock() - started)))
