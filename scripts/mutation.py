"""Mutation testing of the pure core with mutmut, and the per-module report.

Run it from the repository root, in a virtualenv with the ``test`` and ``mutation`` extras::

    python scripts/mutation.py oauth_client_errors/_sanitize.py    # one module (or several)
    python scripts/mutation.py                                     # the fixed sample
    python scripts/mutation.py --changed origin/main --budget 240  # what a change touched

Each run works in a scratch copy of the project (``.mutation/<name>/``, git-ignored) whose
``pyproject.toml`` gets a ``[tool.mutmut]`` section naming the modules to mutate and the
test files to run, so a module path is all it needs and the repository's own configuration
is never edited. mutmut copies that project into ``mutants/`` there, mutates the functions
of the named modules (module-level data such as tables and regexes is not mutated: tests
that read the data check it), runs the tests that reach each function, and records one
verdict per mutant.

The scores go to ``benchmarks/mutation.json`` (one entry per module, replaced when the
module is run again) and ``benchmarks/MUTATION.md`` (generated from it). A survivor is
either killed by a test that states the behaviour it breaks, or listed in
``scripts/mutation_equivalents.json`` with a one-line reason why no test can tell it from
the original; the report counts those as equivalent, not as survivors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "oauth_client_errors"
SCRATCH = ROOT / ".mutation"
REPORT_JSON = ROOT / "benchmarks" / "mutation.json"
REPORT_MD = ROOT / "benchmarks" / "MUTATION.md"
EQUIVALENTS = ROOT / "scripts" / "mutation_equivalents.json"

# The pure core: what --changed looks at. Both the layout before the core's layering
# (issue 11) and after it; a pattern that matches nothing costs nothing.
CORE = [
    f"{PACKAGE}/_wire/*.py",
    f"{PACKAGE}/_ground/*.py",
    f"{PACKAGE}/_registry/*.py",
    f"{PACKAGE}/_dialects/*.py",
    f"{PACKAGE}/_rules.py",
    f"{PACKAGE}/_interpret.py",
    f"{PACKAGE}/_challenge.py",
    f"{PACKAGE}/_sanitize.py",
    f"{PACKAGE}/_registry.py",
    f"{PACKAGE}/_parse.py",
    f"{PACKAGE}/_stepup.py",
    f"{PACKAGE}/_dialects.py",
    f"{PACKAGE}/_errors.py",
]

# The fixed sample run when no module is named: the readers, the sanitiser, the rules.
# Each entry lists the module's paths, newest layout first; the first that exists is used.
SAMPLE = [
    (f"{PACKAGE}/_ground/sanitize.py", f"{PACKAGE}/_sanitize.py"),
    (f"{PACKAGE}/_wire/challenge.py", f"{PACKAGE}/_challenge.py"),
    (f"{PACKAGE}/_rules.py", f"{PACKAGE}/_registry.py"),
]

# The test files that exercise the pure core without servers or subprocesses, first match
# wins. mutmut finds, per mutated function, which of the selected tests reach it, and runs
# only those (fastest first, stopping at the first failure): a wider selection only costs
# one extra traced run of the selection at the start. The timing tests
# (test_challenge_redos.py) are left out: seconds per mutant for what the functional tests
# already catch (see docs/contributing.md); name them with --tests to include them.
CORE_TESTS = [
    "tests/test_behaviour_*.py",
    "tests/test_properties_outputs.py",
    "tests/test_challenge.py",
    "tests/test_display_safety.py",
    "tests/test_parse.py",
    "tests/test_registry.py",
    "tests/test_regressions.py",
    "tests/test_secrets.py",
    "tests/test_stepup.py",
    "tests/test_dialects.py",
    "tests/test_reference.py",
    "tests/test_dialect_reference.py",
    "tests/test_hostile_input.py",
    "tests/test_rules*.py",
    "tests/test_interpret*.py",
    "tests/test_wire*.py",
    "tests/test_ground*.py",
]

# The timing tests (growth ratios, absolute bounds, the check that a growth ratio can fail):
# noise under mutmut's tracing and on a busy machine, and slow. Deselected unless --timing
# is given.
TIMING = (
    "not grows_linearly and not linear_time and not 50_mb and not quickly"
    " and not growth_check_can_fail"
)

# What the tests read besides the package and the tests (generated documents they compare).
DATA = ["docs", "README.md", "examples"]

# The test files that state a module's behaviour, by the module's file name (its stem,
# in either layout): mutating it runs these instead of the whole core selection, much
# faster on a busy machine. A module not listed gets CORE_TESTS.
TESTS_BY_STEM = {
    "challenge": [
        "tests/test_behaviour_challenge.py",
        "tests/test_properties_outputs.py",
        "tests/test_challenge.py",
    ],
    "sanitize": [
        "tests/test_behaviour_display.py",
        "tests/test_properties_outputs.py",
        "tests/test_display_safety.py",
    ],
    "registry": [
        "tests/test_behaviour_registry.py",
        "tests/test_registry.py",
        "tests/test_parse.py",
        "tests/test_regressions.py",
        "tests/test_reference.py",
        "tests/test_dialects.py",
        "tests/test_grant.py",
        "tests/test_hint_consistency.py",
    ],
    "rules": [
        "tests/test_rules*.py",
        "tests/test_grant*.py",
        "tests/test_behaviour_registry.py",
        "tests/test_registry.py",
        "tests/test_interpret*.py",
        "tests/test_parse.py",
    ],
    "interpret": [
        "tests/test_interpret*.py",
        "tests/test_behaviour_registry.py",
        "tests/test_parse.py",
        "tests/test_regressions.py",
        "tests/test_rules.py",
        "tests/test_grant.py",
        "tests/test_dialects.py",
        "tests/test_hint_consistency.py",
        "tests/test_stepup.py",
    ],
    "redact": [
        "tests/test_behaviour_redaction.py",
        "tests/test_redaction.py",
        "tests/test_secrets.py",
        "tests/test_display_safety.py",
    ],
    "headers": [
        "tests/test_behaviour_headers.py",
        "tests/test_hostile_input.py",
        "tests/test_parse.py",
        "tests/test_issue12.py",
    ],
    "claims": [
        "tests/test_behaviour_challenge.py",
        "tests/test_stepup.py",
        "tests/test_challenge.py",
    ],
    "bodies": [
        "tests/test_behaviour_bodies.py",
        "tests/test_parse.py",
        "tests/test_hostile_input.py",
    ],
    "redirects": [
        "tests/test_behaviour_redirects.py",
        "tests/test_parse.py",
        "tests/test_hostile_input.py",
        "tests/test_secrets.py",
    ],
}

# mutmut's exit codes per mutant (mutmut.stats.status_by_exit_code, 3.8.1).
KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}
SKIPPED = {34, 37}


@dataclass
class Survivor:
    """One surviving mutant: its name, its diff, and the reason if it is equivalent."""

    name: str
    diff: str
    reason: str | None = None

    @property
    def key(self) -> str:
        return equivalence_key(self.name, self.diff)


@dataclass
class ModuleResult:
    """The verdicts for one module."""

    module: str
    killed: int = 0
    timeout: int = 0
    survived: int = 0
    no_tests: int = 0
    not_checked: int = 0
    other: int = 0
    survivors: list[Survivor] = field(default_factory=list)

    @property
    def equivalent(self) -> list[Survivor]:
        return [s for s in self.survivors if s.reason is not None]

    @property
    def live(self) -> list[Survivor]:
        return [s for s in self.survivors if s.reason is None]

    @property
    def tested(self) -> int:
        return self.killed + self.timeout + self.survived + self.no_tests

    @property
    def score(self) -> float | None:
        """Killed (timeouts included) over every mutant that could be killed, in percent."""
        denominator = self.tested - len(self.equivalent)
        if denominator <= 0:
            return None
        return 100.0 * (self.killed + self.timeout) / denominator

    @property
    def raw_score(self) -> float | None:
        """Killed over every mutant, equivalent ones counted as survivors."""
        if self.tested <= 0:
            return None
        return 100.0 * (self.killed + self.timeout) / self.tested


# -- choosing what to mutate ----------------------------------------------------------------


def rel(path: str | Path) -> str:
    """``path`` relative to the repository root, with forward slashes."""
    resolved = (ROOT / path).resolve() if not Path(path).is_absolute() else Path(path).resolve()
    return resolved.relative_to(ROOT).as_posix()


def is_core(path: str) -> bool:
    return any(fnmatch.fnmatch(path, pattern) for pattern in CORE)


def sample_modules() -> list[str]:
    chosen = []
    for candidates in SAMPLE:
        for candidate in candidates:
            if (ROOT / candidate).is_file():
                chosen.append(candidate)
                break
    return chosen


def changed_modules(ref: str) -> list[str]:
    """The core modules changed since ``ref`` (committed or not), smallest first.

    Changes are counted from the merge base of ``ref`` and HEAD, so that commits on ``ref``
    that this branch does not have yet do not count as its changes.
    """
    try:
        base = git("merge-base", ref, "HEAD").strip()
    except subprocess.CalledProcessError:
        raise SystemExit(f"--changed: no common history with {ref!r} (fetch it first?)") from None
    names = git("diff", "--name-only", base, "--", PACKAGE).split()
    names += git("ls-files", "--others", "--exclude-standard", "--", PACKAGE).split()
    found = sorted({n for n in names if is_core(n) and (ROOT / n).is_file()})
    return sorted(found, key=lambda n: (ROOT / n).stat().st_size)


def tests_for(module: str) -> list[str]:
    """The test files for ``module``: its own list (TESTS_BY_STEM), else CORE_TESTS."""
    path = Path(module)
    name = path.parent.name if path.stem == "__init__" else path.stem  # _registry/__init__.py
    return core_tests(TESTS_BY_STEM.get(name.lstrip("_"), CORE_TESTS))


def core_tests(patterns: Sequence[str] = tuple(CORE_TESTS)) -> list[str]:
    chosen: list[str] = []
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            name = path.relative_to(ROOT).as_posix()
            if name not in chosen:
                chosen.append(name)
    return chosen


def git(*args: str) -> str:
    result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout


# -- the scratch project ----------------------------------------------------------------------


def slug(modules: Sequence[str]) -> str:
    names = [Path(m).with_suffix("").as_posix().replace("/", ".") for m in modules]
    text = "+".join(n.removeprefix(f"{PACKAGE}.") for n in names)
    return re.sub(r"[^A-Za-z0-9_.+-]", "_", text)[:120]


def without_mutmut_section(pyproject: str) -> str:
    """The text of pyproject.toml with any ``[tool.mutmut]`` table removed."""
    out: list[str] = []
    skipping = False
    for line in pyproject.splitlines(keepends=True):
        header = line.strip()
        if header.startswith("[") and not header.startswith("[["):
            skipping = header == "[tool.mutmut]"
        if not skipping:
            out.append(line)
    return "".join(out)


def toml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def prepare(
    work: Path, modules: Sequence[str], tests: Sequence[str], *, fresh: bool, timing: bool
) -> None:
    """Make ``work`` a copy of the project configured to mutate ``modules``."""
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for name in (PACKAGE, "tests", *DATA):
        source, target = ROOT / name, work / name
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, target)
    pyproject = without_mutmut_section((ROOT / "pyproject.toml").read_text("utf-8"))
    pytest_args = ["-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning"]
    if not timing:
        pytest_args += ["-k", TIMING]
    pyproject += (
        "\n[tool.mutmut]\n"
        f'source_paths = ["{PACKAGE}"]\n'
        f"only_mutate = {toml_list(modules)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        f"pytest_add_cli_args = {toml_list(pytest_args)}\n"
        "use_git_change_detection = false\n"
        # A mutant that loops is stopped after 3 x 2 x (its tests' time + 1 s) of CPU time
        # (mutmut's default factor, 15, lets one such mutant cost minutes).
        "timeout_multiplier = 3.0\n"
        f"also_copy = {toml_list(DATA)}\n"
    )
    (work / "pyproject.toml").write_text(pyproject, "utf-8")


# -- running mutmut ----------------------------------------------------------------------------


def run_mutmut(work: Path, *, max_children: int, niceness: int, deadline: float | None) -> bool:
    """Run ``mutmut run`` in ``work``; return False if the deadline stopped it."""
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(max_children)]
    if niceness and shutil.which("nice"):
        command = ["nice", "-n", str(niceness), *command]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    log = (work / "mutmut.log").open("w", encoding="utf-8")
    with log:
        # A session of its own, so that the deadline can stop mutmut and its workers together.
        process = subprocess.Popen(
            command, cwd=work, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        timeout = None if deadline is None else max(deadline - time.monotonic(), 1.0)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            return False
    if code != 0:
        tail = (work / "mutmut.log").read_text("utf-8", errors="replace")[-3000:]
        raise SystemExit(f"mutmut failed (exit {code}) in {work}:\n{tail}")
    return True


def mutant_diff(work: Path, name: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "mutmut", "show", name],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [
        line
        for line in result.stdout.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    return "\n".join(lines)


def equivalence_key(name: str, diff: str) -> str:
    """A key for a mutant that survives renumbering: its function and its changed lines."""
    # module.x_function__mutmut_3, or module.xǁClassǁmethod__mutmut_3
    mangled = name.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[-1]
    function = mangled[2:] if mangled.startswith(("x_", "xǁ")) else mangled
    function = function.replace("ǁ", ".")
    changed = " | ".join(f"{line[0]} {' '.join(line[1:].split())}" for line in diff.splitlines())
    return f"{function} :: {changed}"


def load_equivalents() -> dict[str, dict[str, str]]:
    """``{module: {key: reason}}`` from scripts/mutation_equivalents.json."""
    if not EQUIVALENTS.is_file():
        return {}
    data = json.loads(EQUIVALENTS.read_text("utf-8"))
    out: dict[str, dict[str, str]] = {}
    for entry in data["equivalent"]:
        for module in entry["modules"]:
            out.setdefault(module, {})[entry["mutant"]] = entry["reason"]
    return out


def collect(work: Path, modules: Sequence[str]) -> list[ModuleResult]:
    equivalents = load_equivalents()
    results = []
    for module in modules:
        result = ModuleResult(module)
        meta = work / "mutants" / f"{module}.meta"
        codes: dict[str, int | None] = {}
        if meta.is_file():
            codes = json.loads(meta.read_text("utf-8")).get("exit_code_by_key", {})
        known = equivalents.get(module, {})
        for name, code in sorted(codes.items()):
            if code is None:
                result.not_checked += 1
            elif code in KILLED:
                result.killed += 1
            elif code in TIMEOUT:
                result.timeout += 1
            elif code in SURVIVED or code in NO_TESTS:
                if code in SURVIVED:
                    result.survived += 1
                else:
                    result.no_tests += 1
                survivor = Survivor(name, mutant_diff(work, name))
                survivor.reason = known.get(survivor.key)
                result.survivors.append(survivor)
            else:
                result.other += 1
        results.append(result)
    return results


# -- the report ---------------------------------------------------------------------------------


def load_report() -> dict[str, Any]:
    if REPORT_JSON.is_file():
        data: dict[str, Any] = json.loads(REPORT_JSON.read_text("utf-8"))
        return data
    return {"modules": {}}


def current_commit() -> str:
    """The commit the run starts from (``+changes`` if the package or tests differ)."""
    try:
        commit = git("rev-parse", "--short", "HEAD").strip()
        dirty = bool(git("status", "--porcelain", "--", PACKAGE, "tests").strip())
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "unknown"
    return commit + ("+changes" if dirty else "")


def record(
    results: Sequence[ModuleResult],
    *,
    command: str,
    seconds: float,
    complete: bool,
    commit: str,
    when: str | None = None,
) -> None:
    report = load_report()
    when = when or dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    for result in results:
        previous = report["modules"].get(result.module, {})
        report["modules"][result.module] = {
            "killed": result.killed,
            "timeout": result.timeout,
            "survived": result.survived,
            "no_tests": result.no_tests,
            "not_checked": result.not_checked,
            "other": result.other,
            "equivalent": [{"mutant": s.key, "reason": s.reason} for s in result.equivalent],
            "survivors": [{"name": s.name, "mutant": s.key} for s in result.live],
            "score": None if result.score is None else round(result.score, 1),
            "raw_score": None if result.raw_score is None else round(result.raw_score, 1),
            "command": command,
            "when": when,
            "commit": commit,
            "seconds": round(seconds),
            "complete": complete and result.not_checked == 0,
        }
        if previous.get("note"):  # a hand-written remark, kept until the entry is edited
            report["modules"][result.module]["note"] = previous["note"]
    REPORT_JSON.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    REPORT_MD.write_text(render(report), "utf-8")


def render(report: dict[str, Any]) -> str:
    lines = [
        "# Mutation scores of the pure core",
        "",
        "Generated by `scripts/mutation.py` (mutmut 3.8.1) from `benchmarks/mutation.json`; "
        "see docs/contributing.md for how to run it and how to read this report.",
        "",
        "Score = killed (timeouts included) / (mutants - documented equivalents). "
        "Raw = killed / mutants. A mutant with no test reaching it counts as a survivor.",
        "",
        "| module | mutants | killed | timeout | survived | no tests | equivalent | score "
        "| raw | run |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    modules = report["modules"]
    for module in sorted(modules):
        m = modules[module]
        total = m["killed"] + m["timeout"] + m["survived"] + m["no_tests"] + m["not_checked"]
        score = "-" if m["score"] is None else f"{m['score']:.1f} %"
        raw = "-" if m["raw_score"] is None else f"{m['raw_score']:.1f} %"
        state = "" if m["complete"] else f", incomplete ({m['not_checked']} not checked)"
        lines.append(
            f"| `{module}` | {total} | {m['killed']} | {m['timeout']} | {m['survived']} "
            f"| {m['no_tests']} | {len(m['equivalent'])} | {score} | {raw} "
            f"| {m['when']}, {m['commit']}, {m['seconds']} s{state} |"
        )
    for module in sorted(modules):
        m = modules[module]
        lines += ["", f"## `{module}`", "", f"Run command: `{m['command']}`", ""]
        if m.get("note"):
            lines += [f"Note: {m['note']}", ""]
        if m["equivalent"]:
            lines += ["Equivalent mutants (no test can tell them from the original):", ""]
            for entry in m["equivalent"]:
                lines.append(f"- `{entry['mutant']}`: {entry['reason']}")
            lines.append("")
        if m["survivors"]:
            lines += ["Survivors still to kill or document:", ""]
            for entry in m["survivors"]:
                lines.append(f"- `{entry['name']}`: `{entry['mutant']}`")
            lines.append("")
        if not m["equivalent"] and not m["survivors"]:
            lines += ["Every mutant killed.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def print_summary(results: Sequence[ModuleResult]) -> None:
    for r in results:
        score = "-" if r.score is None else f"{r.score:.1f} %"
        print(
            f"{r.module}: killed {r.killed + r.timeout}, survived {len(r.live)}, "
            f"equivalent {len(r.equivalent)}, not checked {r.not_checked}, score {score}"
        )
        for s in r.live:
            print(f"    survivor {s.name}: {s.key}")


# -- command line --------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Mutation testing of the pure core (mutmut); scores to benchmarks/MUTATION.md"
    )
    parser.add_argument("modules", nargs="*", help="module paths (default: the fixed sample)")
    parser.add_argument(
        "--changed",
        metavar="REF",
        nargs="?",
        const="origin/main",
        help="mutate the core modules changed since REF (default origin/main; HEAD~N works)",
    )
    parser.add_argument(
        "--budget", type=float, metavar="SECONDS", help="stop after this long (partial scores)"
    )
    parser.add_argument("--tests", nargs="+", metavar="PATH", help="test files to run")
    parser.add_argument("--timing", action="store_true", help="run the timing tests too")
    parser.add_argument("--max-children", type=int, default=1, help="parallel mutants (1-2)")
    parser.add_argument("--nice", type=int, default=19, help="niceness of the run (0: none)")
    parser.add_argument("--resume", action="store_true", help="keep earlier verdicts")
    parser.add_argument("--no-report", action="store_true", help="do not update benchmarks/")
    parser.add_argument("--dry-run", action="store_true", help="list modules and tests only")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="re-read the last run's verdicts (after editing the equivalents), run nothing",
    )
    parser.add_argument(
        "--fail-under", type=float, metavar="PERCENT", help="exit 1 if a score is lower"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run mutmut over the chosen modules and record the scores."""
    args = parse_args(argv)
    started = time.monotonic()
    deadline = None if args.budget is None else started + args.budget
    if args.changed is not None:
        modules = changed_modules(args.changed)
        if not modules:
            print(f"no core module changed since {args.changed}: nothing to mutate")
            return 0
    elif args.modules:
        modules = [rel(m) for m in args.modules]
    else:
        modules = sample_modules()
    missing = [m for m in modules if not (ROOT / m).is_file()]
    if missing:
        raise SystemExit(f"no such module: {', '.join(missing)}")
    chosen_tests = [rel(t) for t in args.tests] if args.tests else None
    command = "python scripts/mutation.py " + " ".join(
        [*(argv if argv is not None else sys.argv[1:])]
    )

    if args.dry_run:
        for module in modules:
            print(module, *(chosen_tests or tests_for(module)), sep="\n  ")
        return 0
    commit = current_commit()
    all_results: list[ModuleResult] = []
    complete = True
    # One module at a time: a budget stops between modules, or inside the one running.
    for module in modules:
        if deadline is not None and time.monotonic() >= deadline:
            print(f"budget spent: {module} not run")
            complete = False
            break
        work = SCRATCH / slug([module])
        tests = chosen_tests or tests_for(module)
        module_started = time.monotonic()
        if args.report_only:
            finished = (work / "mutants" / f"{module}.meta").is_file()
            if not finished:
                raise SystemExit(f"no earlier run of {module} in {rel(work)}")
        else:
            prepare(work, [module], tests, fresh=not args.resume, timing=args.timing)
            print(f"mutating {module} with {len(tests)} test files in {rel(work)} ...", flush=True)
            finished = run_mutmut(
                work, max_children=args.max_children, niceness=args.nice, deadline=deadline
            )
        complete = complete and finished
        results = collect(work, [module])
        seconds = time.monotonic() - module_started
        run_command, run_commit, run_when = command.strip(), commit, None
        if args.report_only:  # the command, duration and commit of the run that made them
            previous = load_report()["modules"].get(module, {})
            run_command = previous.get("command", run_command)
            seconds = previous.get("seconds", seconds)
            run_commit = previous.get("commit", run_commit)
            run_when = previous.get("when")
        if not args.no_report:
            record(
                results,
                command=run_command,
                seconds=seconds,
                complete=finished,
                commit=run_commit,
                when=run_when,
            )
        print_summary(results)
        all_results += results
    print(f"done in {time.monotonic() - started:.0f} s{'' if complete else ' (budget reached)'}")
    if args.fail_under is not None:
        low = [r for r in all_results if r.score is not None and r.score < args.fail_under]
        if low:
            print("below " + f"{args.fail_under} %: " + ", ".join(r.module for r in low))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
