"""The mutation job's own logic (scripts/mutation.py), without running mutmut."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from scriptkit import load_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script("mutation.py", "mutation_script")


def test_equivalence_key_names_the_function_and_the_change(script: ModuleType) -> None:
    diff = "-    if close < 0:\n+    if close <= 0:"
    key = script.equivalence_key("oauth_client_errors._challenge.x__quoted_string__mutmut_10", diff)
    assert key == "_quoted_string :: - if close < 0: | + if close <= 0:"
    method = script.equivalence_key(
        "oauth_client_errors._wire.challenge.xǁChallengeǁclaims__mutmut_3", "-    a\n+    b"
    )
    assert method == "Challenge.claims :: - a | + b"


def test_the_key_does_not_depend_on_the_module_path_or_the_number(script: ModuleType) -> None:
    before = script.equivalence_key(
        "oauth_client_errors._sanitize.x_display_text__mutmut_2", "-a\n+b"
    )
    after = script.equivalence_key(
        "oauth_client_errors._ground.sanitize.x_display_text__mutmut_7", "-a\n+b"
    )
    assert before == after


def test_the_scratch_pyproject_drops_only_the_mutmut_table(script: ModuleType) -> None:
    text = (
        "[project]\nname = 'x'\n\n[tool.mutmut]\nsource_paths = ['a']\n"
        "only_mutate = [\n  'b',\n]\n\n[tool.ruff]\nline-length = 100\n"
    )
    assert script.without_mutmut_section(text) == (
        "[project]\nname = 'x'\n\n[tool.ruff]\nline-length = 100\n"
    )
    real = (ROOT / "pyproject.toml").read_text("utf-8")
    stripped = script.without_mutmut_section(real)
    assert "[tool.mutmut]" not in stripped and "only_mutate" not in stripped
    assert "[tool.pytest.ini_options]" in stripped and "[tool.ruff]" in stripped


def test_core_modules_in_either_layout(script: ModuleType) -> None:
    for path in (
        "oauth_client_errors/_sanitize.py",
        "oauth_client_errors/_challenge.py",
        "oauth_client_errors/_ground/sanitize.py",
        "oauth_client_errors/_wire/challenge.py",
        "oauth_client_errors/_rules.py",
        "oauth_client_errors/_interpret.py",
        "oauth_client_errors/_registry/__init__.py",
    ):
        assert script.is_core(path), path
    for path in ("oauth_client_errors/httpx.py", "oauth_client_errors/_adapter.py", "x.py"):
        assert not script.is_core(path), path


def test_sample_and_tests_exist(script: ModuleType) -> None:
    modules = script.sample_modules()
    assert len(modules) == 3
    for module in modules:
        assert (ROOT / module).is_file()
        tests = script.tests_for(module)
        assert tests and all((ROOT / t).is_file() for t in tests)


def test_score_counts_equivalents_out_and_no_tests_in(script: ModuleType) -> None:
    result = script.ModuleResult("m.py", killed=90, timeout=2, survived=5, no_tests=3)
    result.survivors = [script.Survivor(f"m.x_f__mutmut_{i}", "-a\n+b") for i in range(8)]
    assert result.raw_score == pytest.approx(92.0)
    for survivor in result.survivors[:4]:
        survivor.reason = "equivalent"
    assert result.score == pytest.approx(100 * 92 / 96)
    assert len(result.live) == 4


def test_the_equivalents_file_is_well_formed(script: ModuleType) -> None:
    data = json.loads((ROOT / "scripts" / "mutation_equivalents.json").read_text("utf-8"))
    keys = set()
    for entry in data["equivalent"]:
        assert entry["modules"] and entry["reason"].strip()
        assert " :: - " in entry["mutant"]
        keys.add((tuple(entry["modules"]), entry["mutant"]))
    assert len(keys) == len(data["equivalent"])  # no entry twice


def test_the_report_renders_every_module(script: ModuleType) -> None:
    report = json.loads((ROOT / "benchmarks" / "mutation.json").read_text("utf-8"))
    text = script.render(report)
    for module in report["modules"]:
        assert f"`{module}`" in text
    assert text == (ROOT / "benchmarks" / "MUTATION.md").read_text("utf-8")


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["ruff", "check", "scripts"], id="ruff-check"),
        pytest.param(["ruff", "format", "--check", "scripts"], id="ruff-format"),
        pytest.param(["mypy", "--strict", "scripts/mutation.py"], id="mypy-strict"),
    ],
)
def test_the_script_is_lint_clean(argv: list[str]) -> None:
    # As tests/test_quality.py does for the package: skipped without the lint extra, except
    # in CI.
    if importlib.util.find_spec(argv[0]) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{argv[0]} is not installed: pip install -e '.[lint]'")
        pytest.skip(f"{argv[0]} is not installed: pip install -e '.[lint]'")
    result = subprocess.run(
        [sys.executable, "-m", *argv], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
