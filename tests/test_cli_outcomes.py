"""The command line never misleads (issue 13 item 2): every outcome named, exit statuses,
``--json`` for every outcome, ``--version``, ``codes`` across dialects, ``--scope``.

Each test runs twice: in process, and (marked ``e2e``, run by ``.ci/run`` with
``pytest -m e2e``) through the console script ``oauth-client-errors`` installed from a wheel
into a fresh virtual environment (``installed.py``).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from installed import Venv, installed

from oauth_client_errors import __version__, parse_response
from oauth_client_errors import _cli as cli
from oauth_client_errors._cli._read import MAX_STDIN, split_raw_response

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    status: int
    out: str
    err: str

    def json(self) -> dict[str, object]:
        data = json.loads(self.out)
        assert isinstance(data, dict), self.out
        return data


Runner = Callable[..., Result]


@pytest.fixture(scope="session")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    return installed(tmp_path_factory.mktemp("cli-installed"))


def _in_process(*argv: str, stdin: bytes = b"") -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = cli.main(list(argv), stdin=io.BytesIO(stdin), stdout=out)
    return Result(status, out.getvalue(), err.getvalue())


@pytest.fixture(params=["in_process", pytest.param("installed", marks=pytest.mark.e2e)])
def run(request: pytest.FixtureRequest) -> Runner:
    if request.param == "in_process":
        return _in_process
    venv: Venv = request.getfixturevalue("venv")

    def installed_script(*argv: str, stdin: bytes = b"") -> Result:
        done = venv.run([str(venv.bin / "oauth-client-errors"), *argv], input=stdin)
        return Result(done.returncode, done.stdout.decode(), done.stderr.decode())

    return installed_script


# -- success, success redirect and unrelated input are named as what they are --------------


@pytest.mark.parametrize(
    ("arg", "named"),
    [
        (
            '{"access_token":"SENTINEL-AT-1","token_type":"Bearer","expires_in":3600}',
            "No error: a successful token response",
        ),
        ("access_token=SENTINEL-AT-1&token_type=bearer", "No error: a successful token response"),
        (
            "https://app.example/cb?code=SENTINEL-AT-1&state=xyz",
            "No error: a successful authorization response with an authorization code",
        ),
        (
            "https://app.example/cb#access_token=SENTINEL-AT-1&token_type=bearer&state=s",
            "No error: a successful implicit-grant response",
        ),
        (
            '{"device_code":"SENTINEL-AT-1","user_code":"WDJB-MJHT","verification_uri":'
            '"https://as.example/device","expires_in":1800}',
            "No error: a device authorization response",
        ),
    ],
)
def test_success_is_named_and_exits_1(run: Runner, arg: str, named: str) -> None:
    result = run("explain", arg)
    assert result.status == 1, result
    assert result.out.startswith(named), result.out
    assert "SENTINEL-AT-1" not in result.out + result.err
    assert "HTTP error status" not in result.out


@pytest.mark.parametrize(
    "arg",
    ['{"ok": true}', '{"data": [1, 2, 3]}', "a=1&b=2", "https://example.com/some/page"],
)
def test_unrelated_input_is_named_and_exits_1(run: Runner, arg: str) -> None:
    result = run("explain", arg)
    assert result.status == 1, result
    assert result.out.startswith("No error found: "), result.out
    assert "success" not in result.out
    assert "HTTP error status" not in result.out


def test_a_random_text_file_is_not_oauth(run: Runner) -> None:
    text = (ROOT / "pyproject.toml").read_bytes()
    result = run("explain", "-", stdin=text)
    assert result.status == 1, result
    assert result.out.startswith("No OAuth in it: the input is not a redirect URL")
    assert "success" not in result.out


def test_a_raw_200_with_a_token_is_a_success(run: Runner) -> None:
    raw = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"access_token":"x"}'
    result = run("explain", "-", stdin=raw)
    assert result.status == 1
    assert result.out.startswith("No error: a successful token response")
    assert "a raw HTTP response, HTTP 200" in result.out
    result = run("explain", "-", stdin=b"HTTP/1.1 204 No Content\r\n\r\n")
    assert result.status == 1
    assert result.out.startswith("No error found: an HTTP 204 response")


def test_a_raw_redirect_response_is_read_through_its_location(run: Runner) -> None:
    raw = (
        b"HTTP/1.1 302 Found\r\n"
        b"Location: https://app.example/cb?error=access_denied&state=s1&code=SENTINEL-LOC\r\n"
        b"Content-Length: 0\r\n\r\n"
    )
    result = run("explain", "-", stdin=raw)
    assert result.status == 0, result
    assert result.out.startswith("access_denied: ")
    assert "Read as:    a redirect (authorization response), HTTP 302" in result.out
    assert "SENTINEL-LOC" not in result.out
    assert run("explain", "-", "--state", "other", stdin=raw).status == 3
    ok = raw.replace(b"error=access_denied&", b"")
    result = run("explain", "-", "--state", "s1", stdin=ok)
    assert result.status == 1
    assert result.out.startswith("No error: a successful authorization response")


# -- the assumed status is stated, and --status overrides it --------------------------------


def test_assumed_status_is_stated_in_output_and_help(run: Runner) -> None:
    result = run("explain", '{"error": "invalid_grant"}')
    assert result.status == 0
    assert "Read as:    a JSON body; no --status given, so HTTP 400 is assumed" in result.out
    result = run("explain", 'Bearer error="invalid_token"')
    assert "no --status given, so HTTP 401 is assumed" in result.out
    help_text = run("explain", "--help").out
    flat = " ".join(help_text.split())
    assert "A bare JSON or form body is read as HTTP 400" in flat
    assert "WWW-Authenticate value as HTTP 401 unless --status gives the real one" in flat


def test_status_overrides_the_assumption(run: Runner) -> None:
    result = run("explain", '{"ok": true}', "--status", "503")
    assert result.status == 0, result
    assert result.out.startswith("503: HTTP error status without an OAuth error code")
    assert "a JSON body, HTTP 503" in result.out
    assert "assumed" not in result.out
    data = run("explain", "--json", '{"error": "invalid_client"}', "--status", "401").json()
    assert data["status_code"] == 401
    assert data["input"] == {"form": "json_body", "status": 401, "assumed_status": None}
    data = run("explain", "--json", '{"error": "invalid_client"}').json()
    assert data["status_code"] is None
    assert data["input"] == {"form": "json_body", "status": None, "assumed_status": 400}


def test_options_that_do_not_apply_are_refused_not_ignored(run: Runner) -> None:
    result = run("explain", '{"error": "invalid_grant"}', "--state", "abc")
    assert result.status == 2
    assert "--state checks a redirect, but the input is a JSON body" in result.err
    result = run("explain", "https://app.example/cb?error=access_denied", "--status", "400")
    assert result.status == 2
    assert "--status gives the status of a bare body" in result.err


# -- exit statuses: documented and consistent -----------------------------------------------

EXIT_CASES = [
    (["explain", "https://app.example/cb?error=access_denied&state=s"], 0, "error"),
    (["explain", '{"error":"invalid_grant"}'], 0, "error"),
    (["explain", '{"access_token":"x"}'], 1, "success"),
    (["explain", "https://app.example/cb?code=x&state=s"], 1, "success"),
    (["explain", '{"ok": true}'], 1, "no_error"),
    (["explain", "just words and nothing else"], 1, "no_error"),
    (
        ["explain", "https://app.example/cb?error=access_denied&state=a", "--state", "b"],
        3,
        "untrusted",
    ),
    (["explain", "https://app.example/cb?code=x&state=a", "--state", "b"], 3, "untrusted"),
    (
        ["explain", "https://app.example/cb?error=a", "--issuer", "https://as.example"],
        3,
        "untrusted",
    ),
    (
        [
            "explain",
            "https://app.example/cb?error=a&iss=https%3A%2F%2Fevil.example",
            "--issuer",
            "https://as.example",
        ],
        3,
        "untrusted",
    ),
    (["explain", ""], 2, "invalid_input"),
    (["explain", "https://app.example/cb?error=a&error=b"], 2, "invalid_input"),
    (["explain", "x", "--endpoint", "nowhere"], 2, "usage_error"),
    (["explain"], 2, "usage_error"),
    (["frobnicate"], 2, "usage_error"),
]


@pytest.mark.parametrize(("argv", "status", "outcome"), EXIT_CASES)
def test_exit_status_and_json_for_every_outcome(
    run: Runner, argv: list[str], status: int, outcome: str
) -> None:
    text = run(*argv)
    assert text.status == status, text
    result = run(*argv, "--json")
    assert result.status == status, result
    data = result.json()  # a JSON object on stdout for every outcome
    assert data["outcome"] == outcome
    assert data["exit_code"] == status
    assert isinstance(data["message"], str) and data["message"]
    if outcome == "untrusted":
        assert data["exception"] in ("StateMismatchError", "IssuerMismatchError")
        assert "code" not in data  # nothing of an untrusted response is reported as fact


def test_exit_statuses_are_documented_in_help_and_readme(run: Runner) -> None:
    readme = " ".join((ROOT / "README.md").read_text().split())
    for argv in (["--help"], ["explain", "--help"], ["codes", "--help"]):
        result = run(*argv)
        assert result.status == 0
        flat = " ".join(result.out.split())
        for code, words in cli.EXIT_STATUSES:
            assert f"{code} {' '.join(words.split())}" in flat, (argv, code)
    for code in (0, 1, 2, 3):
        assert re.search(rf"\|\s*`{code}`\s*\|", readme), f"exit status {code} not in README"


def test_version(run: Runner) -> None:
    result = run("--version")
    assert result.status == 0
    assert result.out.strip() == f"oauth-client-errors {__version__}"


# -- no Python advice; the CLI names its own options ------------------------------------------


def test_issuer_without_iss_names_the_command_line_option(run: Runner) -> None:
    result = run(
        "explain", "https://app.example/cb?error=access_denied", "--issuer", "https://as.example"
    )
    assert result.status == 3
    assert "without --issuer" in result.out
    for python_words in ("expected_issuer", "None", "expected_state", "pass "):
        assert python_words not in result.out + result.err


def test_state_mismatch_names_the_option(run: Runner) -> None:
    result = run("explain", "https://app.example/cb?error=x&state=forged", "--state", "real")
    assert result.status == 3
    assert "differs from --state" in result.out
    assert "expected_state" not in result.out


def test_state_is_checked_only_when_given(run: Runner) -> None:
    result = run("explain", "https://app.example/cb?error=access_denied")
    assert result.status == 0
    assert result.out.startswith("access_denied")


# -- --json carries the class, the user message and the next request -------------------------


def test_json_carries_class_user_message_and_next_request(run: Runner) -> None:
    challenge = 'Bearer error="insufficient_scope", scope="admin:org"'
    data = run("explain", "--json", challenge, "--scope", "repo user").json()
    assert data["outcome"] == "error"
    assert data["exception"] == "InsufficientScopeError"
    assert data["next_authorization_params"]["scope"] == "repo user admin:org"
    assert data["code"] == "insufficient_scope" and data["policy"] == "step_up"
    err = parse_response(401, {"WWW-Authenticate": challenge}, None, endpoint="resource")
    assert err is not None
    assert data["user_message"] == err.user_message
    assert "extra permission" in data["user_message"]
    text = run("explain", challenge, "--scope", "repo user")
    assert f"Tell the user: {err.user_message}" in text.out
    assert "Next request: scope=repo user admin:org" in text.out
    assert "Exception:  InsufficientScopeError" in text.out


def test_next_request_without_scope_has_only_the_missing_scope(run: Runner) -> None:
    data = run("explain", "--json", 'Bearer error="insufficient_scope", scope="admin:org"').json()
    assert data["next_authorization_params"] == {"scope": "admin:org"}


def test_json_never_shows_a_credential(run: Runner) -> None:
    body = json.dumps(
        {"error": "mfa_required", "error_description": "MFA", "mfa_token": "SENTINEL-MFA-7"}
    )
    result = run("explain", "--json", body, "--provider", "auth0", "--status", "403")
    assert result.status == 0, result
    assert "SENTINEL-MFA-7" not in result.out + result.err
    text = run("explain", body, "--provider", "auth0", "--status", "403")
    assert "SENTINEL-MFA-7" not in text.out + text.err


@pytest.mark.parametrize(
    "arg",
    [
        "error=access_denied&code=SENTINEL-CODE-9",
        "?error=access_denied&code=SENTINEL-CODE-9",
        "error=access_denied&state=s&code=SENTINEL-CODE-9",
        "code=SENTINEL-CODE-9&state=s",
    ],
)
def test_bare_query_string_never_prints_the_code(run: Runner, arg: str) -> None:
    """Issue 12 item 4: a bare query string is redacted like a ``?``-prefixed one."""
    for extra in ((), ("--json",)):
        result = run("explain", *extra, arg)
        assert result.status in (0, 1), result
        assert "SENTINEL-CODE-9" not in result.out + result.err


# -- codes: every dialect, one row ------------------------------------------------------------


def test_codes_finds_a_vendor_code_in_its_dialect(run: Runner) -> None:
    result = run("codes", "bad_verification_code")
    assert result.status == 0, result
    assert "not a registered OAuth error code; provider dialects map it" in result.out
    assert "bad_verification_code in the GitHub dialect (github):" in result.out
    assert "Raised as:  InvalidGrantError" in result.out
    assert "Policy:     reauthorize" in result.out
    data = run("codes", "--json", "bad_verification_code").json()
    assert data["registered"] is False
    rows = data["dialects"]
    assert isinstance(rows, list)
    assert {(r["dialect"], r["raised_as"]) for r in rows} == {("github", "InvalidGrantError")}


def test_codes_finds_an_entra_number(run: Runner) -> None:
    for asked in ("AADSTS700082", "aadsts700082", "700082"):
        data = run("codes", "--json", asked).json()
        names = {r["dialect"] for r in data["dialects"]}  # type: ignore[union-attr]
        assert "microsoft" in names, asked
        row = next(r for r in data["dialects"] if r["dialect"] == "microsoft")  # type: ignore[union-attr]
        assert row["code"] == "AADSTS700082"
        assert row["beside_error_code"] is True
    text = run("codes", "AADSTS700082").out
    assert "AADSTS700082 in the Microsoft Entra ID dialect (microsoft):" in text
    assert "the class of the OAuth error code it comes with" in text
    assert "not used for too long" in text  # the row's hint


def test_codes_registered_code_also_lists_dialect_rows(run: Runner) -> None:
    data = run("codes", "--json", "invalid_grant").json()
    assert data["registered"] is True
    assert data["class"] == "InvalidGrantError"
    assert isinstance(data["dialects"], list)


def test_codes_dialect_and_code_is_one_row(run: Runner) -> None:
    result = run("codes", "--dialect", "github", "bad_verification_code")
    assert result.status == 0
    assert result.out.startswith("bad_verification_code in the GitHub dialect (github):")
    assert "incorrect_client_credentials" not in result.out  # not the whole table
    assert result.out.count(" dialect (") == 1
    data = run("codes", "--json", "--dialect", "github", "bad_verification_code").json()
    assert [r["code"] for r in data["dialects"]] == ["bad_verification_code"]  # type: ignore[union-attr]
    missing = run("codes", "--dialect", "slack", "bad_verification_code")
    assert missing.status == 1
    assert "the Slack dialect does not map it" in missing.out


def test_codes_unknown_everywhere(run: Runner) -> None:
    result = run("codes", "--json", "no_such_code_anywhere")
    assert result.status == 1
    data = result.json()
    assert data["outcome"] == "not_found" and data["raised_as"] == "UnknownOAuthError"
    assert run("codes", "--dialect", "nosuchdialect").status == 2
    unknown = run("codes", "--json", "--dialect", "nosuchdialect", "x")
    assert unknown.status == 2 and unknown.json()["outcome"] == "usage_error"


# -- entry points ----------------------------------------------------------------------------


@pytest.mark.e2e
def test_module_entry_point_in_the_installed_venv(venv: Venv) -> None:
    done = venv.run(
        [str(venv.python), "-m", "oauth_client_errors", "explain", "error=slow_down&interval=9"]
    )
    assert done.returncode == 0, done.stderr
    assert b"slow_down" in done.stdout


# -- linear time (issue 12 item 8) -------------------------------------------------------------


def test_header_unfolding_is_linear_at_the_stdin_cap() -> None:
    """``explain -`` unfolds folded header lines once: 1.3 MB of folds in well under 2 s
    (the old repeated concatenation took seconds; a loose bound catches the blow-up)."""
    head = b'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error="invalid_token"\r\n'
    head += b"X-Folded: a\r\n"
    fold = b" b\r\n"
    raw = head + fold * ((MAX_STDIN - len(head) - 4) // len(fold)) + b"\r\n"
    assert len(raw) <= MAX_STDIN
    started = time.perf_counter()
    status, headers, _ = split_raw_response(raw)
    elapsed = time.perf_counter() - started
    assert status == 401
    folded = dict(headers)["X-Folded"]
    assert folded.startswith("a b b") and folded.count("b") > 300_000
    assert elapsed < 2.0, f"unfolding took {elapsed:.2f} s"
    started = time.perf_counter()
    result = _in_process("explain", "-", stdin=raw)
    assert result.status == 0 and "invalid_token" in result.out
    assert time.perf_counter() - started < 4.0
