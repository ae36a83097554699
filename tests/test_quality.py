"""Static quality gates: mypy --strict and ruff, with the ``lint`` extra.

``.ci/run`` installs the ``lint`` extra, so there (``CI`` set) a missing tool is a failure;
elsewhere these tests skip until ``pip install -e '.[lint]'``.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(tool: str, *argv: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed: pip install -e '.[lint]'")
        pytest.skip(f"{tool} is not installed: pip install -e '.[lint]'")
    return subprocess.run(
        [sys.executable, "-m", tool, *argv], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_mypy_strict() -> None:
    result = run("mypy", "--strict", "oauth_client_errors")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check() -> None:
    result = run("ruff", "check", "oauth_client_errors", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = run("ruff", "format", "--check", "oauth_client_errors")
    assert result.returncode == 0, result.stdout + result.stderr
