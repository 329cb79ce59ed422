"""``playground.playback``: the live view's protocol, without a browser or AppTest: a
playback and an event in, the next playback out."""

import itertools

import numpy as np
import pytest

from logreg.run import TrainingRun
from logreg.settings import RunSettings
from playground import playback

_ids = itertools.count()


def event(shown, kind, **fields):
    """What the browser would send about ``shown`` (a fresh id each time)."""
    return {"event": kind, "id": f"e{next(_ids)}", "playback": shown.payload["playback"],
            "segment": shown.segment, **fields}


@pytest.fixture
def run():
    return TrainingRun(RunSettings(3, 8, learning_rate=0.5, num_iterations=400))


def test_train_plays_the_whole_run_then_ended_shows_its_end_still(run):
    shown = playback.train(run, seconds=2.5)
    data = shown.payload
    assert shown.playing and data["animate"] and data["final"] and data["seconds"] == 2.5
    assert data["playback"] == "p1" and data["frames"]["iteration"][-1] == 400
    assert run.iteration == 400, "the server's run is at the end; the browser catches up"
    end = shown.on_event(event(shown, "ended", iteration=400))
    assert not end.playing and not end.payload["animate"]
    assert (end.payload["playback"], end.segment) == ("p1", 0), "the view keeps its picture"
    assert end.on_event(event(end, "ended")).payload is end.payload, "nothing more to end"


def test_an_event_delivered_twice_is_handled_once(run):
    shown = playback.train(run, seconds=2.5)
    pause = event(shown, "pause", iteration=123)
    once = shown.on_event(pause)
    assert once.run.iteration == 123
    assert once.on_event(pause) is once


def test_pause_rewinds_the_run_to_the_frame_on_screen(run):
    shown = playback.train(run, seconds=2.5)
    paused = shown.on_event(event(shown, "pause", iteration=157, click=1))
    assert paused.run is not run and paused.run.iteration == 157 and run.iteration == 400
    witness = TrainingRun(run.settings).advance(157)
    np.testing.assert_array_equal(paused.run.latest.w, witness.latest.w)
    assert not paused.playing and paused.payload["playback"] == "p1"
    for bad in (401, -1, "157", True, None):  # not an iteration the run went through
        assert shown.on_event(event(shown, "pause", iteration=bad)).run is run


def test_play_streams_segments_and_more_asks_for_the_next(run):
    stepped = playback.still(run, seconds=2.5, n=100)
    assert not stepped.playing and run.iteration == 100
    playing = stepped.on_event(event(stepped, "play", iteration=100, click=1))
    assert playing.payload["playback"] == "p2", "a new playback"
    chunk = playback.play_chunk(run, 2.5)
    assert chunk == 160 and playing.payload["seconds"] == playback.PLAY_SECONDS
    assert playing.payload["frames"]["iteration"][-1] == 260 and not playing.payload["final"]
    second = playing.on_event(event(playing, "more"))
    assert (second.segment, second.payload["playback"]) == (1, "p2")
    assert second.payload["frames"]["iteration"][-1] == 400 and second.payload["final"]
    assert second.on_event(event(second, "more")).segment == 1, "no segment after the last"
    assert second.on_event(event(playing, "more")).segment == 1, "an old segment's more"


def test_events_of_an_old_playback_or_a_replaced_run_change_nothing(run):
    first = playback.train(run, seconds=2.5)
    again = playback.train(TrainingRun(run.settings), 2.5, previous=first)
    assert again.payload["playback"] == "p2"
    old = again.on_event(event(first, "pause", iteration=10))
    assert old.run is again.run and old.payload is again.payload
    other = TrainingRun(run.settings)
    assert again.on_event(event(again, "pause", iteration=10), other).run is again.run


def test_instant_shows_the_end_at_once_and_current_follows_the_run(run):
    shown = playback.train(run, seconds=0)
    assert not shown.playing and not shown.payload["animate"] and run.done
    assert playback.current(shown, run, 0).payload is shown.payload, "nothing to redraw"
    changed = TrainingRun(run.settings)
    redrawn = playback.current(shown, changed, 2.5)
    assert redrawn.run is changed and redrawn.payload["playback"] == "p2"
    run.num_iterations = 600  # a new budget: Play may go on, the picture says so
    assert playback.current(shown, run, 2.5).payload["num_iterations"] == 600
