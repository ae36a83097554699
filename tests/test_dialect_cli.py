"""The command line and dialects: explain names the provider, codes --dialect lists codes."""

from __future__ import annotations

import io
import json

import pytest

from oauth_client_errors import _cli as cli
from oauth_client_errors import all_dialects


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    status = cli.main(list(argv), stdin=io.BytesIO(stdin), stdout=out)
    return status, out.getvalue()


def test_explain_names_the_dialect_and_shows_the_vendor_hint() -> None:
    # Source: https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/
    # troubleshooting-oauth-app-access-token-request-errors ("Bad verification code")
    body = (
        '{"error": "bad_verification_code", "error_description": "The code passed is '
        'incorrect or expired.", "error_uri": "/apps/managing-oauth-apps/troubleshooting-'
        'oauth-app-access-token-request-errors/#bad-verification-code"}'
    )
    status, out = run("explain", body)
    assert status == 0
    # err.code is the registered code; the provider line names the vendor's own code.
    assert out.startswith("invalid_grant: Invalid or expired grant")
    assert "Provider:   GitHub (dialect github), vendor code bad_verification_code" in out
    assert "What to do: The grant is no longer valid" in out
    assert "GitHub refused the authorization code" in out
    assert "Error page: https://docs.github.com/apps/managing-oauth-apps/" in out
    assert "Exception:  InvalidGrantError" in out
    assert "Policy:     reauthorize" in out


def test_explain_shows_entra_details_and_the_next_request() -> None:
    # Source: https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
    body = json.dumps(
        {
            "error": "invalid_grant",
            "error_description": "AADSTS65001: The user or administrator has not consented "
            "to use the application.",
            "error_codes": [65001],
            "trace_id": "255d1aef-8c98-452f-ac51-23d051240864",
            "correlation_id": "fb3d2015-bc17-4bb9-bb85-30c5cf1aaaa7",
        }
    )
    status, out = run("explain", body)
    assert status == 0
    assert "Provider:   Microsoft Entra ID (dialect microsoft), vendor code AADSTS65001" in out
    assert "trace_id=255d1aef-8c98-452f-ac51-23d051240864" in out
    assert "correlation_id=fb3d2015-bc17-4bb9-bb85-30c5cf1aaaa7" in out
    assert "Next request: prompt=consent" in out


def test_explain_with_provider_and_json() -> None:
    # Source: https://developer.apple.com/documentation/sign_in_with_apple/errorresponse
    status, out = run("explain", '{"error": "invalid_client"}', "--provider", "apple", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["dialect"] == "apple" and data["vendor_code"] == "invalid_client"
    assert "ES256" in data["hint"]
    status, out = run("explain", '{"error": "invalid_client"}', "--json")
    assert "dialect" not in json.loads(out)


def test_explain_vendor_code_without_status_keeps_the_dialect_policy() -> None:
    # Source: https://api.slack.com/methods/auth.test#errors
    status, out = run("explain", '{"ok": false, "error": "token_revoked"}')
    assert status == 0
    assert "Provider:   Slack (dialect slack)" in out
    assert "Policy:     reauthorize" in out and "InvalidTokenError" in out


def test_explain_raw_response_with_a_vendor_envelope() -> None:
    # Source: https://api.slack.com/docs/rate-limits
    raw = (
        b"HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
        b'Retry-After: 30\r\n\r\n{"ok": false, "error": "ratelimited"}'
    )
    status, out = run("explain", "-", "--provider", "https://slack.com/api/chat.postMessage",
                      stdin=raw)  # fmt: skip
    assert status == 0
    assert "Policy:     retry" in out and "Wait 30 seconds" in out
    assert "Provider:   Slack" in out


def test_mfa_token_is_never_printed() -> None:
    body = '{"error": "mfa_required", "error_description": "x", "mfa_token": "Fe26.secret"}'
    status, out = run("explain", body)
    assert status == 0 and "Provider:   Auth0" in out
    next_line = [line for line in out.splitlines() if "Next request" in line]
    assert not next_line or "Fe26.secret" not in next_line[0]


def test_codes_dialect_lists_its_codes() -> None:
    status, out = run("codes", "--dialect", "github")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "github: GitHub"
    assert any(line.startswith("bad_verification_code") and "InvalidGrantError" in line
               for line in lines)  # fmt: skip
    for code in ("incorrect_client_credentials", "device_flow_disabled", "application_suspended"):
        assert code in out


def test_codes_dialect_json() -> None:
    status, out = run("codes", "--dialect", "slack", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["name"] == "slack"
    row = next(r for r in data["codes"] if r["code"] == "missing_scope")
    assert row["raised_as"] == "InsufficientScopeError" and row["policy"] == "step_up"
    assert row["source"].startswith("https://")


def test_codes_dialect_without_a_name_lists_the_dialects() -> None:
    status, out = run("codes", "--dialect")
    assert status == 0
    for dialect in all_dialects():
        assert dialect.name in out


def test_codes_unknown_dialect_exits_2_listing_the_known_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out = run("codes", "--dialect", "gitlub")
    assert status == 2 and out == ""
    err = capsys.readouterr().err
    assert "unknown dialect 'gitlub'" in err
    assert "github" in err and "microsoft" in err and "slack" in err
