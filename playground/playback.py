"""The live view's protocol: what the browser is sent, and what each of its events does.

The server does the math at full speed and sends the browser a playback: the run's
trajectory over a segment of iterations (``logreg.trajectory``), which the browser draws
at the display's rate. Train sends the whole run as one segment; Play sends segments of
``PLAY_SECONDS`` each, the next when the browser asks for it ("more"); Step, +100 and
Reset send a still picture. The browser reports back what it shows: "ended" (the last
frame is on screen), "pause" (stopped at this iteration: the run is rewound to it, so
Step, the export and Look inside agree with the screen) and "play" (its Play button).
Every event has an id: one delivered twice is ignored.

Pure (no Streamlit): a ``Playback`` and an event in, the next ``Playback`` out. The Train
page keeps the playback in its session (``playground.session``), the live view's demo
(``tests/live_view_demo.py``) in its own; both go through these functions.

    shown = train(run, seconds=2.5)                  # Train: the whole run, animated
    shown = shown.on_event({"event": "ended", ...})  # the end is on screen: a still
    shown.payload                                    # what the view is sent now
"""

import math
from dataclasses import dataclass, field, replace

from logreg import trajectory

SPEEDS = {"Slow": 8.0, "Normal": 2.5, "Fast": 1.0, "Instant": 0.0}  # a run's screen time
PLAY_SECONDS = 1.0  # screen time of one segment of Play
SEEN_EVENTS = 200  # how many event ids are remembered (to ignore a second delivery)


@dataclass(frozen=True)
class Playback:
    """What the live view shows: ``run`` (a ``logreg.run.TrainingRun``) over ``segment``
    of playback ``number``, ending on iteration ``end``; ``mode`` "train" or "play"
    animates it, "still" shows the run as it is. ``seconds`` is a whole run's screen
    time at the chosen speed; ``seen`` the ids of the latest events."""

    mode: str
    run: object
    number: int
    segment: int
    end: int
    payload: dict
    seconds: float
    seen: tuple = field(default=(), repr=False)

    @property
    def playing(self):
        """Whether the browser is playing it (not yet ended or paused)."""
        return self.mode != "still"

    def on_event(self, event, run=None, seconds=None):
        """The playback after the browser's ``event`` (a dict), for the session's ``run``
        (this playback's run if None) at a speed of ``seconds`` a run (as before if None):
        the same one if the event changes nothing. Pause may rewind the run: the new
        playback's ``run`` is the session's run from then on."""
        run = self.run if run is None else run
        if not isinstance(event, dict) or event.get("id") in self.seen:
            return self  # not an event, or delivered twice
        after = replace(self, seen=(self.seen + (event.get("id"),))[-SEEN_EVENTS:],
                        seconds=self.seconds if seconds is None else seconds)
        if run is not self.run:
            return after  # an event of a playback whose run was replaced
        kind = event.get("event")
        current = event.get("playback") == self.payload["playback"]
        if kind == "more" and current and self.mode == "play" \
                and event.get("segment") == self.segment and not run.done:
            return after._next(run, "play", n=min(play_chunk(run, after.seconds), run.remaining),
                               segment=self.segment + 1)
        if kind == "ended" and current and self.playing:
            # the end is on screen: from now on a still picture of it, about half the
            # size of the animated payload, under the same playback id and segment, so
            # that the view on screen keeps what it shows (a view mounted afresh draws it)
            return after._next(run, "still", segment=self.segment)
        if kind == "pause" and current and self.playing:
            iteration = event.get("iteration")
            if isinstance(iteration, int) and not isinstance(iteration, bool) \
                    and 0 <= iteration <= run.iteration:
                if iteration < run.iteration:
                    run = run.rewound(iteration)
                return after._next(run, "still", segment=self.segment)  # as "ended"
            return after
        if kind == "play" and not self.playing and not run.done:
            return after._next(run, "play", n=min(play_chunk(run, after.seconds), run.remaining),
                               new=True)
        return after

    def _next(self, run, mode, n=0, segment=0, new=False):
        return show(run, mode, self.seconds, number=self.number + new, n=n, segment=segment,
                    seen=self.seen)


def show(run, mode, seconds, number=1, n=0, segment=0, seen=()):
    """Record the next ``n`` iterations of ``run`` (it advances) and make them playback
    ``number``'s ``segment``: ``mode`` "train" (the run's ``seconds`` of screen time) or
    "play" (``PLAY_SECONDS`` a segment) animates them, "still" shows the run as it is
    (so does every mode at Instant, ``seconds`` 0)."""
    screen = PLAY_SECONDS if mode == "play" and seconds > 0 else seconds
    animate = mode != "still" and screen > 0 and n > 0
    if not animate:
        mode, screen = "still", 0.0  # Instant: the end at once
    traj = trajectory.record(run, n, trajectory.frames_for(screen))
    final = mode != "play" or run.done
    payload = trajectory.payload(run, traj, playback=f"p{number}", segment=segment,
                                 final=final, animate=animate, seconds=screen)
    return Playback(mode, run, number, segment, traj.end, payload, seconds, seen)


def train(run, seconds, previous=None):
    """Train: ``run`` (at its start) played from start to end as a new playback."""
    return show(run, "train", seconds, number=_next_number(previous), n=run.remaining,
                seen=_seen(previous))


def play(run, seconds, previous=None):
    """Play from where ``run`` is: its first segment, as a new playback."""
    return show(run, "play", seconds, number=_next_number(previous),
                n=min(play_chunk(run, seconds), run.remaining), seen=_seen(previous))


def still(run, seconds, previous=None, n=0):
    """``n`` more iterations at once (Step, +100) or none (Reset, a run changed under the
    view), shown still, as a new playback."""
    return show(run, "still", seconds, number=_next_number(previous), n=n,
                seen=_seen(previous))


def current(previous, run, seconds):
    """What the live view shows now: ``previous`` if it shows ``run`` as it is, else a
    still picture of ``run`` (new settings, a page that trained it, a new speed)."""
    if previous is None or previous.run is not run or (
            not previous.playing and (previous.end != run.iteration
                                      or previous.payload["num_iterations"]
                                      != run.num_iterations)):
        return still(run, seconds, previous)
    return replace(previous, seconds=seconds)


def play_chunk(run, seconds):
    """Iterations per segment of Play: the speed's pace (a whole budget in ``seconds``),
    ``PLAY_SECONDS`` of it; all that is left at Instant (``seconds`` 0)."""
    if seconds == 0:
        return run.remaining
    return max(1, math.ceil(run.num_iterations * PLAY_SECONDS / seconds))


def _next_number(previous):
    return 1 if previous is None else previous.number + 1


def _seen(previous):
    return () if previous is None else previous.seen
