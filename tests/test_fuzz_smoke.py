"""The fuzz smoke run, as part of the test suite (so ``.ci/run``'s pytest runs it).

Runs ``python fuzz/run_smoke.py`` with a short time per harness: every ``fuzz/fuzz_*.py``
harness, from its seed corpus, must run clean. The longer run is documented in
``fuzz/README.md``; ``FUZZ_SMOKE_RUNS`` sets the inputs per harness here (default 1500,
from seed 1) and ``FUZZ_SMOKE_SECONDS`` a time bound per harness (default 40).
Marked ``fuzz``: ``.ci/run`` runs it with the ``fuzz`` extra (``pytest -m fuzz``); without
atheris it fails, unless ``SKIP_FUZZ_SMOKE=1``.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FUZZ = ROOT / "fuzz"

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.skipif(os.environ.get("SKIP_FUZZ_SMOKE") == "1", reason="SKIP_FUZZ_SMOKE=1"),
]


def _require_atheris() -> None:
    if importlib.util.find_spec("atheris") is None:
        pytest.fail("atheris is not installed: pip install -e '.[fuzz]' (or SKIP_FUZZ_SMOKE=1)")


def test_every_harness_runs_clean(tmp_path: Path) -> None:
    _require_atheris()
    # A fixed number of inputs from a fixed seed: the same run on every machine, so CI
    # does not pass or fail by luck; the seconds are only a safety bound.
    runs = os.environ.get("FUZZ_SMOKE_RUNS", "1500")
    seconds = os.environ.get("FUZZ_SMOKE_SECONDS", "40")
    result = subprocess.run(
        [
            sys.executable,
            str(FUZZ / "run_smoke.py"),
            "--runs",
            runs,
            "--seed",
            "1",
            "--seconds",
            seconds,
            "--artifacts",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    harnesses = sorted(p.stem.removeprefix("fuzz_") for p in FUZZ.glob("fuzz_*.py"))
    assert {"www_authenticate", "parse_response", "parse_redirect", "cli"} <= set(harnesses)
    for name in harnesses:
        assert f"{name}: ok" in result.stdout, result.stdout


def test_smoke_runner_reports_a_crash(tmp_path: Path) -> None:
    """run_smoke fails (and keeps the input) when a harness finds a crash."""
    _require_atheris()
    harness = tmp_path / "fuzz_always_crashes.py"
    harness.write_text(
        "import sys\n"
        "import atheris\n\n"
        "def test_one_input(data: bytes) -> None:\n"
        "    if len(data) >= 0:\n"
        "        raise ValueError('boom')\n\n"
        "atheris.Setup(sys.argv, test_one_input)\n"
        "atheris.Fuzz()\n"
    )
    sys.path.insert(0, str(FUZZ))
    try:
        import run_smoke
    finally:
        sys.path.remove(str(FUZZ))
    ok, report = run_smoke.run_one(
        harness, runs=100, seconds=10, seed=1, max_len=64, artifacts=tmp_path
    )
    assert not ok
    assert "FAILED" in report and "ValueError" in report
    assert list(tmp_path.glob("always_crashes-crash-*"))
