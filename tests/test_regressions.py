"""Regression tests for crashes and invariant violations found by fuzzing (``fuzz/``).

Each test names the harness that found it, the input (minimised) and the fix.
"""

from __future__ import annotations

import base64
import json
import pickle
import threading
from collections.abc import Callable
from typing import Any

import pytest

from oauth_client_errors import (
    SKIP_STATE_CHECK,
    InvalidTokenError,
    IssuerMismatchError,
    OAuthClientError,
    OAuthError,
    Token,
    parse_redirect,
    parse_response,
    parse_www_authenticate,
)
from oauth_client_errors._cli import InputError, explain


def _bounded(fn: Callable[[], Any], seconds: float = 30.0) -> Any:
    """Run ``fn`` in a daemon thread; fail (instead of hanging CI) if it takes too long."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the test's thread
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"took more than {seconds} s: super-linear blow-up")
    if "error" in box:
        raise box["error"]
    return box.get("value")


def _round_trip(err: OAuthError) -> OAuthError:
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is type(err)
    assert (clone.code, clone.description, clone.uri) == (err.code, err.description, err.uri)
    assert (clone.policy, clone.endpoint, clone.status_code) == (
        err.policy,
        err.endpoint,
        err.status_code,
    )
    assert dict(clone.params) == dict(err.params)
    assert [(c.scheme, dict(c.params), c.token68) for c in clone.challenges] == [
        (c.scheme, dict(c.params), c.token68) for c in err.challenges
    ]
    return clone


def test_fuzz_www_authenticate_crash_99721a14_error_with_challenge_pickles() -> None:
    """fuzz_www_authenticate, input ``\\x7f`\\n`` (any 401 with a challenge).

    ``pickle.dumps(err)`` raised ``TypeError: cannot pickle 'mappingproxy' object``: the
    error's ``challenges`` hold ``Challenge.params`` as a read-only ``MappingProxyType``.
    Every error from a resource server (and every adapter error sent to another process,
    multiprocessing, concurrent.futures, Celery) was unpicklable. Fixed in
    ``_errors.OAuthError.__reduce__`` (challenges pickled as plain data, rebuilt on load).
    """
    err = parse_response(
        401,
        {"WWW-Authenticate": 'Bearer realm="api", error="invalid_token", scope="a b"'},
        None,
        endpoint="resource",
    )
    assert isinstance(err, InvalidTokenError)
    clone = _round_trip(err)
    assert clone.challenges[0].params["realm"] == "api"
    with pytest.raises(TypeError):  # still read-only after the round trip
        clone.challenges[0].params["realm"] = "x"  # type: ignore[index]


def test_fuzz_parse_response_crash_688f1196_status_error_with_challenge_pickles() -> None:
    """fuzz_parse_response: an HTTPStatusError carrying a non-OAuth challenge (same bug)."""
    err = parse_response(401, [("www-authenticate", "Negotiate abc==")], b"", endpoint="token")
    assert err is not None
    clone = _round_trip(err)
    assert clone.challenges[0].token68 == "abc=="


def test_fuzz_cli_crash_899b98e7_explain_www_authenticate_pickles() -> None:
    """fuzz_cli, input ``!\\xe0`` (the CLI's WWW-Authenticate path; same bug)."""
    try:
        err = explain('Bearer error="insufficient_scope", scope="x"')
    except (InputError, OAuthClientError):  # pragma: no cover - not what happened
        pytest.fail("explain refused a valid challenge")
    assert err is not None
    _round_trip(err)


def test_pickled_error_drops_secret_params_but_keeps_redacted_marker() -> None:
    """Found while writing the pickle fix: a pickle must not carry the authorization code."""
    err = parse_redirect(
        "https://app.example/cb?error=access_denied&code=SECRET-CODE-1&state=s",
        expected_state=SKIP_STATE_CHECK,
    )
    assert err is not None
    data = pickle.dumps(err)
    assert b"SECRET-CODE-1" not in data
    clone = _round_trip(err)
    assert clone.params["code"] == "[redacted]"
    assert dict(clone.secret_params) == {}


@pytest.mark.parametrize(
    "payload",
    [
        # fuzz_www_authenticate smoke run, input "Basic " + "," * 200 (base64 below): a 10 s
        # timeout while the challenge parser was (temporarily) the CVE-2020-8492 backtracking
        # regex. The fuzz smoke run's -timeout=10 is what catches a super-linear parser.
        base64.b64decode("QmFzaWMgLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCws"),
    ],
)
def test_fuzz_www_authenticate_timeout_b6292691_comma_run(payload: bytes) -> None:
    """fuzz_www_authenticate: a run of commas after a scheme (shape of CVE-2020-8492)."""
    value = payload.decode() + "," * 8000
    err = _bounded(
        lambda: parse_response(401, [("WWW-Authenticate", value)], None, endpoint="resource")
    )
    assert err is not None
    json.dumps(err.to_dict())


def test_display_safety_cli_explain_with_any_lone_surrogate() -> None:
    """Found by tests/test_display_safety.py (then fuzz_cli's UTF-16 mode): ``explain`` with
    a str holding a lone surrogate outside U+DC80-U+DCFF raised ``UnicodeEncodeError``
    (``surrogateescape`` cannot encode it). Fixed in ``cli.explain``."""
    err = explain('{"error": "invalid_grant", "error_description": "x\ud800y"}')
    assert err is not None and err.code == "invalid_grant"
    assert "\ud800" not in str(err)


def test_fuzz_cli_crash_15f7d393_form_body_through_the_dialect_step() -> None:
    """fuzz_cli smoke run, seed ``cli/seed-15f7d393af3d4676`` (a form body on the command
    line, ``error=invalid_client&error_description=bad+secret``): while the provider
    dialect step was being written, ``_dialects._read_facebook`` called ``.get`` on the
    string ``"invalid_client"`` (``AttributeError``). Fixed in ``_dialects.py`` before it
    was committed; kept here because every body shape goes through that step."""
    for arg in (
        "error=invalid_client&error_description=bad+secret",
        '{"error": "invalid_client", "error_description": {"message": "x"}}',
        '{"error": ["invalid_client"], "type": "OAuthException"}',
    ):
        err = explain(arg)
        assert err is not None
        json.dumps(err.to_dict())


def test_fuzz_parse_redirect_crash_e009d974_url_trimmed_like_whatwg() -> None:
    """fuzz_parse_redirect crash e009d974: a trailing vertical tab after ``iss``.

    A URL is trimmed of leading and trailing C0 controls and spaces, as the WHATWG URL
    parser does (and not of other white space such as U+00A0).
    """
    url = "\rhttps://client.example.com/cb?error=access_denied&state=s&iss=https%3A%2F%2Fas.example\x0b"
    err = parse_redirect(url, expected_state="s", expected_issuer="https://as.example")
    assert err is not None and err.params["iss"] == "https://as.example"
    with pytest.raises(IssuerMismatchError):
        parse_redirect(
            url[:-1] + "\xa0", expected_issuer="https://as.example", expected_state=SKIP_STATE_CHECK
        )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("\x1f5", None), ("5\x1c", None), ("\x0b300", None), (" 300\t", 300), ("300", 300),
     ("", None), ("-1", None), ("١٢", None)],
)  # fmt: skip
def test_fuzz_www_authenticate_crash_0835f655_max_age_with_a_control_character(
    raw: str, expected: int | None
) -> None:
    """fuzz_www_authenticate, input ``Bearer error="insufficient_user_authentication",
    max_age=\\x1f5"`` (a 100-second run).

    ``Challenge.max_age`` checked ``raw.strip().isdigit()`` but converted ``int(raw)``:
    ``str.strip`` removes ``\\x1c``-``\\x1f`` and ``\\x0b``, ``int`` refuses them, and the
    property raised ValueError. Fixed in ``_challenge.Challenge.max_age``: only OWS (space,
    tab) is stripped, the rest must be ASCII digits.
    """
    header = f'Bearer error="insufficient_user_authentication", max_age="{raw}"'
    (challenge,) = parse_www_authenticate(header)
    assert challenge.max_age == expected
    err = parse_response(401, {"WWW-Authenticate": header}, None, endpoint="resource")
    assert err is not None
    err.next_authorization_params()  # reads max_age too
    assert isinstance(err.hint, str)


def test_fuzz_parse_response_crash_ee119ae2_a_resolved_dialect_link_is_safe() -> None:
    """fuzz_parse_response: a GitHub form body whose path-only ``error_uri`` decodes to
    ``/ttps:T...``.

    Not a product bug: GitHub's dialect resolves a path-only ``error_uri`` against
    ``https://docs.github.com`` (``err.uri`` stays as received), which the harness's
    invariant (``link == uri``) did not allow. The invariant now accepts exactly the
    dialect's resolution; the link stays on the documentation host.
    """
    body = (
        b"error=bad_verification_code&error_description=The+code+passed+is+incorrect."
        b"&error_uri=/ttps%3ATTTT"
    )
    kind = {"Content-Type": "application/x-www-form-urlencoded"}
    err = parse_response(200, kind, body)
    assert err is not None and err.dialect == "github"
    assert err.uri == "/ttps:TTTT"
    assert err.link == "https://docs.github.com/ttps:TTTT"


def test_fuzz_cli_crash_2068c386_status_with_a_superscript_digit() -> None:
    """fuzz_cli (a 400-second run), a raw response whose status line reads ``42¹``.

    ``"42¹".isdigit()`` is true but ``int()`` refuses it: ``explain -`` raised ValueError
    instead of a clear input error. Fixed in ``cli.parse_raw_response`` (ASCII digits
    only); ``Token.from_response`` had the same pattern for ``expires_in`` and is fixed
    in ``_tokens._number``.
    """
    with pytest.raises(InputError, match="3-digit status"):
        explain(b"HTTP/1.1 42\xb9 Too Many\r\n\r\n")  # latin-1: "42\u00b9"
    for value in ("4\u00b2", "\u0664\u0662", " 42 ", "42"):
        token = Token.from_response({"access_token": "t", "expires_in": value}, now=0.0)
        assert token.expires_at == (42.0 if value.strip() == "42" else None)


@pytest.mark.parametrize("status", ["\x1c400", "400\x1f", "\x0b400\x0c", b"\x1e400"])
def test_status_as_text_with_what_strip_removes_and_int_refuses(status: str | bytes) -> None:
    """Found while auditing ``isdigit``/``strip`` + ``int`` pairs after the two fuzz finds
    above: ``parse_response("\\x1c400", ...)`` raised ValueError (``_parse._status`` checked
    the stripped text but converted the raw one). Fixed: the stripped digits are used."""
    err = parse_response(status, {}, b"")  # type: ignore[arg-type]
    assert err is not None and err.status_code == 400
