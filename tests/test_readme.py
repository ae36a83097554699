"""The README is true: its Python examples run, and its commands are the ones CI runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.DOTALL)
PYTHON = [code for lang, code in BLOCKS if lang == "python" and not code.startswith("# needs")]


@pytest.mark.parametrize("code", PYTHON, ids=[f"block{i}" for i in range(len(PYTHON))])
def test_python_examples_run(code: str) -> None:
    exec(compile(code, "README.md", "exec"), {})


def test_readme_starts_with_the_two_commands() -> None:
    shell = [code.strip() for lang, code in BLOCKS if lang == "sh"]
    assert shell[0].startswith("pip install . && oauth-client-errors explain ")
    assert shell[1] == "pip install -e '.[test]' && python -m pytest -q -n 4"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert shell[1] in ci


def test_first_command_explains_an_error() -> None:
    shell = [code.strip() for lang, code in BLOCKS if lang == "sh"]
    arg = re.search(r"explain '([^']+)'", shell[0])
    assert arg is not None
    result = subprocess.run(
        [sys.executable, "-m", "oauth_client_errors", "explain", arg.group(1)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("access_denied:")
