"""How long does Draw take to answer the first drawing on a freshly started server?

    python benchmarks/bench_draw_open.py [--runs 5]

Each run is a fresh Python process, so nothing is cached yet (``st.cache_data`` is empty,
as on a server that has just started): the app is opened in Streamlit's AppTest, Draw is
opened with an empty canvas, a drawn 7 is put on the canvas and the page runs again. That
run is the first to need the ten-digit model, so it reads (or trains) it; its time is
"first answer". The page then runs once more with everything cached ("cached answer").
Prints each run and the medians. Run by hand; the tests never time anything.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ONE_RUN = """
import json, time
from streamlit.testing.v1 import AppTest
from tests.support.drawn_digits import draw_digit
from tests.support.apptest import canvas_value

at = AppTest.from_file("app.py", default_timeout=120)
at.run()
at.switch_page("app_pages/draw.py").run()
at.session_state["canvas"] = canvas_value(draw_digit(7, size=200))
start = time.perf_counter()
at.run()
first = time.perf_counter() - start
start = time.perf_counter()
at.run()
again = time.perf_counter() - start
assert not at.exception, at.exception
answer = {m.label: m.value for m in at.metric}["Prediction"]
print(json.dumps({"first": first, "again": again, "answer": answer}))
"""


def one_run():
    """One fresh process: {"first": s, "again": s, "answer": the Prediction shown}."""
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, "-c", ONE_RUN], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=600).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    firsts, agains = [], []
    for k in range(args.runs):
        result = one_run()
        firsts.append(result["first"])
        agains.append(result["again"])
        print(f"run {k + 1}: first answer {result['first']:.2f} s, cached answer "
              f"{result['again']:.2f} s ({result['answer']})", flush=True)
    print(f"median of {args.runs}: first answer {statistics.median(firsts):.2f} s, "
          f"cached answer {statistics.median(agains):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
