"""The teacher's challenge: "who can reach 98% on 3 vs 8 in the fewest iterations?".

On Class the teacher sets one (a pair, a target test accuracy, a most iterations, a time
limit: each may be left open) and presses **Start the challenge**; **End the challenge**
freezes it. Every student sees it on Train (**Challenge:** the goal in words, **Take the
challenge** loads the pair) and enters runs of that pair with **Share to the challenge**
(``playground.class_mode.sharing``). The board shows the standings live, best first, a
mark for each entry that meets the goal; when the challenge is over, the top three on a
projector-size card with their weight pictures side by side. The store is the only
channel (``classroom.challenges``): no process holds a challenge in memory.
"""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from classroom import ClassError
from logreg.settings import DIGITS, MAX_ITERATIONS
from playground import cached, session
from playground.chart import CHART_CONFIG
from playground.class_mode import common, figures as class_figures, state
from playground.class_mode import store as class_store

MEETS = "✓"  # the mark of an entry that meets the goal


def now():
    return datetime.now(timezone.utc)


def goal(challenge):
    """The goal in words: "reach at least 98% test accuracy on 3 vs 8 in at most 300
    iterations" (what is left open is left out)."""
    pair = f"{challenge.negative} vs {challenge.positive}"
    accuracy = challenge.target_accuracy
    at_most = (f" in at most {challenge.max_iterations:,} iteration"
               f"{'s' if challenge.max_iterations != 1 else ''}"
               if challenge.max_iterations is not None else "")
    if accuracy is None:
        return f"the best test accuracy on {pair}{at_most}"
    return f"reach at least {100 * accuracy:g}% test accuracy on {pair}{at_most}"


def _clock(moment):
    """A moment as the viewer's clock shows it: 14:05 (their browser's time zone)."""
    try:
        zone = ZoneInfo(st.context.timezone) if st.context.timezone else timezone.utc
    except (ValueError, KeyError, OSError):
        zone = timezone.utc
    return moment.astimezone(zone).strftime("%H:%M")


def when_it_ends(challenge, moment=None):
    """"ends at 14:05", "no time limit" or "ended"."""
    moment = moment or now()
    if challenge.over(moment):
        return "ended"
    return "no time limit" if challenge.ends_at is None else \
        f"ends at {_clock(challenge.ends_at)}"


def current():
    """The class's challenge on now, as this student's page last read it, or None."""
    news = state.news()
    challenge = news.challenge if news is not None else None
    return challenge if challenge is not None and not challenge.over(now()) else None


# ---- Train, for a student --------------------------------------------------------------------

def train_line():
    """Train: the challenge on, its goal in words, and Take the challenge (the pair)."""
    challenge = current()
    if challenge is None:
        return
    with st.container(border=True, key="challenge_line", horizontal=True,
                      vertical_alignment="center"):
        st.markdown(f":material/emoji_events: **Challenge:** {goal(challenge)} "
                    f"({when_it_ends(challenge)}).", width="stretch")
        chosen = session.settings()
        if chosen.pair != challenge.pair:
            st.button("Take the challenge", type="primary", key="take_challenge",
                      on_click=session.choose_pair, args=challenge.pair,
                      help=f"Train on {challenge.negative} vs {challenge.positive}, then "
                           "press Share to the challenge.")


# ---- Class, for the teacher --------------------------------------------------------------------

def _start():
    membership = state.class_membership()
    ss = st.session_state
    accuracy, iterations, minutes = (ss.get("challenge_target"), ss.get("challenge_most"),
                                     ss.get("challenge_minutes"))
    if ss.get("challenge_negative") == ss.get("challenge_positive"):
        state.tell("challenge", "warning", "Pick two different digits.")
        return
    try:
        common.store().start_challenge(
            membership.code, membership.teacher_token, ss["challenge_negative"],
            ss["challenge_positive"],
            target_accuracy=None if accuracy is None else accuracy / 100,
            max_iterations=None if iterations is None else int(iterations),
            minutes=None if minutes is None else minutes)
    except ClassError as error:
        state.tell("challenge", "error", str(error))


def _end():
    membership = state.class_membership()
    try:
        common.store().end_challenge(membership.code, membership.teacher_token)
    except ClassError as error:
        state.tell("challenge", "error", str(error))


def teacher_panel(standings, closed):
    """Class, the teacher: set and start a challenge, or end the one on."""
    challenge = standings.challenge if standings is not None else None
    on = challenge is not None and not challenge.over(now())
    with st.container(border=True, key="challenge_panel"):
        if on:
            st.markdown("**A challenge is on** (below). End it to freeze the standings and "
                        "show the winners.")
            st.button("End the challenge", icon=":material/flag:", key="end_challenge",
                      on_click=_end, help="Freeze it: no more entries; the standings and "
                                          "the winners stay on the board.")
        elif closed:
            st.caption("The class is closed: no new challenge.")
        else:
            _challenge_form()
        common.show_notice("challenge")


def _challenge_form():
    st.markdown("**Challenge the class**: a pair, and a goal (leave a box empty to leave "
                "it open). Students enter runs of that pair from Train.")
    chosen = session.settings()  # by default the pair the teacher last had on Train
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox("Negative digit", DIGITS, index=chosen.negative,
                     key="challenge_negative", width=130)
        st.selectbox("Positive digit", DIGITS, index=chosen.positive,
                     key="challenge_positive", width=130)
        st.number_input("Target test accuracy (%)", min_value=50.0, max_value=100.0,
                        value=None, step=0.5, key="challenge_target", width=190,
                        placeholder="open",
                        help="A run meets the goal at this test accuracy or above.")
        st.number_input("Most iterations", min_value=1, max_value=MAX_ITERATIONS,
                        value=None, step=50, key="challenge_most", width=150,
                        placeholder="open",
                        help="A run meets the goal in this many iterations or fewer.")
        st.number_input("Time limit (minutes)", min_value=1, max_value=180, value=None,
                        step=1, key="challenge_minutes", width=170, placeholder="none",
                        help="The challenge ends by itself after this long.")
    st.button("Start the challenge", type="primary", icon=":material/emoji_events:",
              key="start_challenge", on_click=_start)


# ---- the board -------------------------------------------------------------------------------

def standings_of(membership, board):
    """The standings of the class's challenge, read once per change of the board (for
    the whole class), or None (none yet, or unreadable now)."""
    try:
        return cached.class_standings(class_store.database(), membership.code, board.version)
    except ClassError:
        return None


def running_out(standings):
    """When the challenge on ends by itself (for the board to be drawn again then), or
    None."""
    challenge = standings.challenge if standings is not None else None
    if challenge is None or challenge.over(now()):
        return None
    return challenge.ends_at


def standings_section(standings):
    """The challenge's live table, and the winners when it is over."""
    if standings is None:
        return
    challenge = standings.challenge
    over = challenge.over(now())
    st.header("Challenge", anchor=False)
    st.markdown(f"**{goal(challenge)[0].upper() + goal(challenge)[1:]}** "
                f"({when_it_ends(challenge)}).")
    if not standings.entries:
        st.info("No entries yet. Students: train on the challenge's pair, then press "
                "**Share to the challenge** on Train." if not over else
                "The challenge ended with no entries.", icon=":material/emoji_events:")
        return
    if over:
        winners_card(standings)
    rows = [{"Place": k + 1, "Name": r.name, "Learning rate": r.settings.learning_rate,
             "Iterations": r.iteration, "Test accuracy": 100 * r.test_accuracy,
             "Goal": MEETS if standings.meets(r) else ""}
            for k, r in enumerate(standings.entries)]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="challenge_table",
                 column_config={
                     "Place": st.column_config.NumberColumn(width=56),
                     "Name": st.column_config.TextColumn(width=150),
                     "Learning rate": st.column_config.NumberColumn(format="%g", width=104),
                     "Iterations": st.column_config.NumberColumn(format="%d", width=84),
                     "Test accuracy": st.column_config.NumberColumn(format="%.1f%%",
                                                                    width=112),
                     "Goal": st.column_config.TextColumn(width=60,
                                                         help="✓: meets the goal")})
    st.caption("Each student's best entry: the goal met first, then the highest test "
               "accuracy, then the fewest iterations.")


PLACES = ("First", "Second", "Third")


def winners_card(standings):
    """The top three, large enough for the back of the room: each one's name, score and
    weight picture side by side (the card's style is in playground/app.css)."""
    top = standings.entries[:3]
    with st.container(border=True, key="winners"):
        st.markdown("### :material/emoji_events: The winners")
        for k, (column, run) in enumerate(zip(st.columns(3), top)):
            with column:
                st.metric(PLACES[k], run.name)  # a name is user text: a metric shows text
                st.markdown(f"**{100 * run.test_accuracy:.1f}%** test accuracy in "
                            f"**{run.iteration:,}** iterations"
                            + (f" · {MEETS} the goal" if standings.meets(run) else ""))
                st.plotly_chart(class_figures.weight_pictures(
                    [run.weights], [run.name], [run.test_accuracy], n_cols=1,
                    row_height=260), config=CHART_CONFIG, key=f"winner_{k}")
