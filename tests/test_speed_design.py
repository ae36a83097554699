"""Speed by design (issue 11 item 5): what the import leaves for later, checked.

The import loads no module that parsing does not need: URL parsing, threading, base64,
``string`` and the provider data modules load on first use; static tables are checked
here rather than at every import.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from oauth_client_errors import _registry

DEFERRED = ("urllib.parse", "ipaddress", "threading", "base64", "string", "math")


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(__import__('json').dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout))


def test_import_defers_what_parsing_does_not_need() -> None:
    loaded = _loaded_after("import oauth_client_errors")
    assert not loaded & set(DEFERRED)
    assert not {m for m in loaded if m.startswith("oauth_client_errors._dialects.providers.")}


def test_parsing_a_plain_error_loads_no_url_parser() -> None:
    loaded = _loaded_after(
        "import oauth_client_errors as o; "
        "o.parse_response(400, {'Content-Type': 'application/json'}, "
        'b\'{"error":"invalid_grant"}\')'
    )
    assert "urllib.parse" not in loaded


def test_registry_table_is_consistent() -> None:
    _registry._check_table()


def test_registry_table_check_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    info = _registry.ENTRIES[0]
    broken = type(info).__new__(type(info))
    for name in ("code", "hints", "aliases"):
        object.__setattr__(broken, name, getattr(info, name))
    object.__setattr__(broken, "default_hint", "Ask {nobody_knows}.")
    monkeypatch.setattr(_registry, "ENTRIES", (broken, *_registry.ENTRIES[1:]))
    with pytest.raises(AssertionError):
        _registry._check_table()


DECIDING = {
    "oauth_client_errors._dialects.model",
    "oauth_client_errors._dialects.recognition",
    "oauth_client_errors._stepup",
}


def test_reading_a_registered_code_leaves_the_deciding_for_the_first_read() -> None:
    parse = (
        "from oauth_client_errors import parse_response, parse_redirect, OAuthError; "
        "err = parse_response(400, {'Content-Type': 'application/json'}, "
        'b\'{"error":"invalid_grant"}\'); '
        "assert type(err).__name__ == 'InvalidGrantError'"
    )
    assert not _loaded_after(parse) & DECIDING
    decided = _loaded_after(parse + "; err.policy")
    assert {
        "oauth_client_errors._dialects.model",
        "oauth_client_errors._dialects.recognition",
    } <= decided
    assert "oauth_client_errors._stepup" not in decided
