"""Pacing a training run for a watching class: the math runs at full speed, only the
redraws are spread over a few seconds of screen time. Pure Python (no Streamlit)."""

import itertools
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
    """Advance ``run`` to its budget over about ``seconds`` of screen time, calling
    ``draw(run)`` after each frame; return the number of frames drawn.

    Paced by the clock, not by counting frames: frame k is due ``k * frame_seconds``
    after the start with the iterations ``frame_chunks`` gives it. When the server is
    busy (a class pressing Train at once) and a frame comes late, the frames whose time
    has passed are skipped and their iterations join the next one, so the run still
    ends on time: a busy server draws fewer frames instead of taking longer. Instant
    (``seconds`` 0) is one frame, no waiting.
    """
    due = list(itertools.accumulate(frame_chunks(run.remaining, seconds, frame_seconds)))
    start, done, frame, drawn = clock(), 0, 0, 0
    while frame < len(due):
        passed = int((clock() - start) / frame_seconds)  # frames whose time has come
        frame = max(frame, min(passed, len(due) - 1))
        run.advance(due[frame] - done)
        done = due[frame]
        draw(run)
        drawn += 1
        frame += 1
        if frame < len(due) and seconds > 0:
            sleep(max(0.0, start + frame * frame_seconds - clock()))
    return drawn
