"""The security posture of a classroom server, checked in the files that set it."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_FILES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")),
             *sorted((ROOT / "playground").rglob("*.py")), *sorted((ROOT / "logreg").glob("*.py")),
             *sorted((ROOT / "classroom").glob("*.py"))]


def test_the_server_config_protects_viewers():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert 1 <= config["server"]["maxUploadSize"] <= 10, "uploads are small photos"
    assert config["client"]["showErrorDetails"] == "none", "details stay in the server log"
    assert config["browser"]["gatherUsageStats"] is False


def test_no_pickle_eval_or_raw_html_where_user_data_could_reach():
    assert len(APP_FILES) > 30 and any(p.parent.name == "app_pages" for p in APP_FILES)
    for path in APP_FILES:
        code = path.read_text()
        for pattern in (r"import pickle|from pickle|pickle\.loads?\(", r"allow_pickle\s*=\s*True", r"\beval\(", r"\bexec\(",
                        r"unsafe_allow_html\s*=\s*True",
                        r"st\.html\((?!STYLESHEET\))"):  # only the app's own constant stylesheet
            assert not re.search(pattern, code), f"{path.name} uses {pattern}"
