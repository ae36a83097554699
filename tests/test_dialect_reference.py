"""docs/dialects.md is generated from the dialect table and must be kept up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from oauth_client_errors._dialect_reference import REGENERATE, render_dialects_markdown
from oauth_client_errors._dialects.recognition import builtin_dialects

DOC = Path(__file__).resolve().parents[1] / "docs" / "dialects.md"


def test_docs_dialects_md_is_up_to_date() -> None:
    expected = render_dialects_markdown()
    actual = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert actual == expected, f"docs/dialects.md is out of date; regenerate it with: {REGENERATE}"


def test_reference_lists_every_dialect_code_and_source() -> None:
    text = render_dialects_markdown()
    for dialect in builtin_dialects():
        assert f"## {dialect.name}" in text
        for row in dialect.codes:
            assert f"`{row.code or '(any)'}`" in text
            assert f"[source]({row.source})" in text


def test_module_prints_the_reference() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "oauth_client_errors._dialect_reference"],
        capture_output=True,
        check=True,
        encoding="utf-8",
    ).stdout
    assert out == render_dialects_markdown()
