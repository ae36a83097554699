"""The fuzz smoke run: every ``fuzz/fuzz_*.py`` harness for a bounded time, from its seeds.

    python fuzz/run_smoke.py                 # CI: 140 s budget shared by the harnesses
    python fuzz/run_smoke.py --seconds 3     # quicker (what tests/test_fuzz_smoke.py runs)
    python fuzz/run_smoke.py --only parse_redirect --seconds 600   # a longer run of one

Each harness runs in its own process with libFuzzer's ``-runs`` and ``-max_total_time``
(whichever comes first), ``-timeout`` (an input slower than that is a crash: the way a
super-linear blow-up shows up), an RSS limit and a fixed ``-seed`` so reruns are
comparable. The seed corpus ``fuzz/corpus/<name>/`` (``<name>`` is the file name without
``fuzz_``) is read but never written: new inputs go to a temporary directory. A crash
input is kept in ``--artifacts`` (default: a temporary directory whose path is printed)
and printed as base64; reproduce it with ``python fuzz/fuzz_<name>.py <crash file>``.

Exit status: 0 when every harness ran clean, 1 when any crashed, timed out or could not
start (atheris missing included).
"""

from __future__ import annotations

import argparse
import base64
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
_OVERHEAD = 10  # seconds per harness outside the fuzzing itself


def harnesses(only: list[str] | None) -> list[Path]:
    found = sorted(HERE.glob("fuzz_*.py"))
    if only:
        found = [p for p in found if p.stem.removeprefix("fuzz_") in only]
    return found


def run_one(
    harness: Path, *, runs: int, seconds: int, seed: int, max_len: int, artifacts: Path
) -> tuple[bool, str]:
    name = harness.stem.removeprefix("fuzz_")
    corpus = HERE / "corpus" / name
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-") as scratch:
        prefix = artifacts / f"{name}-"
        argv = [
            sys.executable,
            str(harness),
            f"-runs={runs}",
            f"-max_total_time={seconds}",
            "-timeout=10",
            "-rss_limit_mb=2560",
            f"-max_len={max_len}",
            f"-seed={seed}",
            f"-artifact_prefix={prefix}",
            "-print_final_stats=1",
            scratch,  # first directory: where libFuzzer writes new inputs
        ]
        if corpus.is_dir():
            argv.append(str(corpus))  # read-only seeds
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        started = time.monotonic()
        try:
            proc = subprocess.run(
                argv,
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=seconds + 120,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return False, f"{name}: did not finish within {seconds + 120} s"
        elapsed = time.monotonic() - started
    output = proc.stdout + proc.stderr
    stats = [
        line
        for line in output.splitlines()
        if line.startswith(("Done ", "stat::number_of_executed_units"))
    ]
    summary = stats[0] if stats else ""
    if proc.returncode == 0:
        return True, f"{name}: ok in {elapsed:.0f} s ({summary})"
    crashes = sorted(artifacts.glob(f"{name}-*"))
    report = [f"{name}: FAILED (exit status {proc.returncode}) after {elapsed:.0f} s"]
    report += ["  " + line for line in _interesting(output)]
    for crash in crashes:
        data = crash.read_bytes()
        report.append(f"  input kept in {crash}")
        report.append(f"  base64: {base64.b64encode(data[:4096]).decode()}")
        shown = harness.relative_to(ROOT) if harness.is_relative_to(ROOT) else harness
        report.append(f"  reproduce: python {shown} {crash}")
    return False, "\n".join(report)


def _interesting(output: str) -> list[str]:
    """The Python traceback and libFuzzer's verdict, without the progress lines."""
    lines = output.splitlines()
    keep: list[str] = []
    for i, line in enumerate(lines):
        if "Uncaught Python exception" in line or "ERROR: libFuzzer" in line:
            keep.extend(lines[i : i + 25])
            break
    return keep or lines[-25:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2_000_000, help="inputs per harness at most")
    parser.add_argument(
        "--seconds",
        type=int,
        help="seconds per harness at most (default: share --budget between the harnesses)",
    )
    parser.add_argument(
        "--budget",
        type=int,
        default=140,
        help="total seconds for the whole run when --seconds is not given (default 140)",
    )
    parser.add_argument("--seed", type=int, default=1, help="libFuzzer -seed (0: random)")
    parser.add_argument("--max-len", type=int, default=8192, help="longest generated input")
    parser.add_argument("--only", nargs="*", help="harness names (e.g. parse_redirect)")
    parser.add_argument("--artifacts", type=Path, help="where crash inputs are kept")
    args = parser.parse_args(argv)

    try:
        import atheris  # noqa: F401
    except ImportError:
        print("atheris is not installed: pip install -e '.[test]' (or pip install atheris)")
        return 1
    found = harnesses(args.only)
    if not found:
        print("no fuzz harness found")
        return 1
    sys.path.insert(0, str(HERE))
    import make_corpus

    make_corpus.main()  # (re)write the seeds: the same files as committed, or missing ones
    if args.seconds is None:
        # About 10 s per harness go to starting Python and instrumenting the imports.
        args.seconds = max(5, (args.budget - _OVERHEAD * len(found)) // len(found))
    artifacts = args.artifacts or Path(tempfile.mkdtemp(prefix="fuzz-artifacts-"))
    artifacts.mkdir(parents=True, exist_ok=True)
    print(f"fuzz smoke run: {len(found)} harnesses, {args.seconds} s / {args.runs} runs each")
    failed = 0
    for harness in found:
        ok, text = run_one(
            harness,
            runs=args.runs,
            seconds=args.seconds,
            seed=args.seed,
            max_len=args.max_len,
            artifacts=artifacts,
        )
        print(text, flush=True)
        failed += not ok
    if failed:
        print(f"{failed} harness(es) failed; crash inputs are in {artifacts}")
        return 1
    print("all harnesses ran clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
