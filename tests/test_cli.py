"""The command line: explain and codes, exit statuses, stdin, --json."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from oauth_client_errors import _cli as cli


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    status = cli.main(list(argv), stdin=io.BytesIO(stdin), stdout=out)
    return status, out.getvalue()


def test_explain_redirect_url() -> None:
    status, out = run(
        "explain", "https://app.example/cb?error=access_denied&error_description=No+thanks"
    )
    assert status == 0
    assert out.startswith("access_denied: Access denied (at the authorization endpoint)")
    assert "Server says: No thanks" in out
    assert "Policy:     fail" in out
    assert "What to do:" in out
    assert "RFC 6749 §4.1.2.1" in out
    assert "AccessDeniedError" in out


def test_explain_json_body() -> None:
    status, out = run("explain", '{"error":"invalid_grant","error_description":"expired"}')
    assert status == 0
    assert "invalid_grant" in out and "reauthorize" in out
    assert "(at the token endpoint)" in out  # no --status: no HTTP status is invented


def test_explain_json_body_with_status_and_endpoint() -> None:
    status, out = run(
        "explain", '{"error":"invalid_token"}', "--endpoint", "resource", "--status", "401"
    )
    assert status == 0
    assert "resource endpoint, HTTP 401" in out
    assert "refresh" in out


def test_explain_form_body() -> None:
    status, out = run("explain", "error=slow_down&interval=10")
    assert status == 0
    assert "slow_down" in out and "10 seconds" in out


def test_explain_www_authenticate_value() -> None:
    value = 'Bearer error="insufficient_scope", scope="repo admin:org"'
    for arg in (value, f"WWW-Authenticate: {value}"):
        status, out = run("explain", arg)
        assert status == 0
        assert "insufficient_scope" in out and "step_up" in out
        assert "repo admin:org" in out


def test_explain_raw_response_from_stdin() -> None:
    raw = (
        b"HTTP/1.1 100 Continue\r\n\r\n"
        b"HTTP/2 401\r\n"
        b'www-authenticate: Bearer realm="api", error="invalid_token", '
        b'error_description="The access token expired"\r\n'
        b"content-type: application/json\r\n\r\n"
        b'{"message": "Unauthorized"}'
    )
    status, out = run("explain", "-", stdin=raw)
    assert status == 0
    assert "invalid_token" in out
    assert "HTTP 401" in out
    assert "The access token expired" in out
    assert "refresh" in out


def test_explain_raw_response_with_retry_after() -> None:
    raw = b"HTTP/1.1 503 Service Unavailable\nRetry-After: 30\n\n<html>down</html>"
    status, out = run("explain", "-", "--endpoint", "token", stdin=raw)
    assert status == 0
    assert "503" in out and "retry" in out and "30" in out


def test_explain_json_output_is_to_dict() -> None:
    status, out = run("explain", "--json", '{"error":"invalid_client"}')
    assert status == 0
    data = json.loads(out)
    assert data["code"] == "invalid_client"
    assert data["policy"] == "fix_config"
    assert data["endpoint"] == "token"
    assert data["hint"]


def test_explain_success_exits_1() -> None:
    status, out = run("explain", "https://app.example/cb?code=abc&state=s")
    assert status == 1
    assert out.startswith("No error: a successful authorization response")
    assert "abc" not in out
    status, _ = run("explain", "-", stdin=b'HTTP/1.1 200 OK\r\n\r\n{"access_token":"x"}')
    assert status == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["explain"],
        ["explain", ""],
        ["explain", "x", "--endpoint", "nowhere"],
        ["frobnicate"],
        [],
    ],
)
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(*argv)
    assert status == 2
    assert out == ""
    assert capsys.readouterr().err.strip()


def test_stdin_not_http_is_explained_as_argument() -> None:
    status, out = run("explain", "-", stdin=b'{"error":"invalid_scope"}')
    assert status == 0
    assert "invalid_scope" in out


def test_refused_redirect(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run("explain", "https://a.example/cb?error=access_denied&state=a", "--state", "b")
    assert status == 3  # untrusted, not bad usage
    assert out.startswith("Untrusted: the redirect's state")
    status, _ = run("explain", "https://a.example/cb?error=a&error=b")
    assert status == 2  # malformed: unreadable input
    assert "MalformedResponseError" in capsys.readouterr().err


def test_hostile_text_is_neutralised() -> None:
    status, out = run(
        "explain",
        '{"error":"invalid_grant","error_description":"\\u001b]8;;https://evil\\u0007click'
        '\\u001b]8;;\\u0007\\u202e\\r\\nFAKE","error_uri":"javascript:alert(1)"}',
    )
    assert status == 0
    assert "\x1b" not in out and "\u202e" not in out and "\r" not in out
    assert "javascript:" not in out
    assert "not shown" in out


def test_codes_table_and_entry() -> None:
    status, out = run("codes")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["CODE", "POLICY", "TITLE"]
    assert any(line.startswith("invalid_grant ") for line in lines)
    status, out = run("codes", "invalid_token")
    assert status == 0
    assert "At the resource endpoint: refresh" in out
    status, out = run("codes", "--json", "invalid_grant")
    assert json.loads(out)["class"] == "InvalidGrantError"


def test_codes_unknown_exits_1() -> None:
    status, out = run("codes", "not_a_code")
    assert status == 1
    assert "UnknownOAuthError" in out


def test_console_script_and_module_entry_points() -> None:
    arg = "https://app.example/cb?error=consent_required"
    result = subprocess.run(
        [sys.executable, "-m", "oauth_client_errors", "explain", arg],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "consent_required" in result.stdout
    raw = b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\n\r\n"
    result = subprocess.run(
        [sys.executable, "-m", "oauth_client_errors", "explain", "-", "--json"],
        input=raw,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["retry_after"] == 5.0
