"""docs/codes.md is generated from the registry and must be kept up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from oauth_client_errors._reference import REGENERATE, render_codes_markdown
from oauth_client_errors._registry import all_codes

DOC = Path(__file__).resolve().parents[1] / "docs" / "codes.md"


def test_docs_codes_md_is_up_to_date() -> None:
    expected = render_codes_markdown()
    actual = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert actual == expected, f"docs/codes.md is out of date; regenerate it with: {REGENERATE}"


def test_reference_lists_every_code_class_and_endpoint() -> None:
    text = render_codes_markdown()
    for info in all_codes():
        assert f"### `{info.code}`" in text
        assert f"`{info.error_class.__name__}`" in text
        for spec in info.specs:
            assert spec in text
        for endpoint in info.all_endpoints:
            assert f"| {endpoint.value} | `{info.policy_at(endpoint).value}` |" in text


def test_module_prints_the_reference() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "oauth_client_errors._reference"],
        capture_output=True,
        check=True,
        encoding="utf-8",
    ).stdout
    assert out == render_codes_markdown()
