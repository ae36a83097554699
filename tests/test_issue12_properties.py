"""Issue 12, as properties: hostile bodies, redirects and token responses (deep nesting to
10,000 levels, huge numbers, credential names in every style) through the entry points.

For every input: only this package's exceptions escape (never ``RecursionError``,
``OverflowError``, ``ValueError``...), and the sentinel secret appears in no output
channel (see :func:`leakcheck.assert_no_secret`, plus every log record at DEBUG).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from leakcheck import RootLogs, assert_no_secret, chain
from strategies import (
    credential_names,
    deep_json_text,
    hostile_body,
    hostile_form,
    hostile_query,
    huge_numbers,
    style,
)
from test_adapter_hardening import Fake

from oauth_client_errors import (
    HTTPResult,
    MalformedResponseError,
    OAuthClientError,
    OAuthError,
    RefreshTokenSource,
    Token,
    parse_redirect,
    parse_response,
)
from oauth_client_errors._ground.redact import is_secret_name

S = "S3NT-prop-5ec7e7"
STATE = "st-1"
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ENDPOINTS = st.sampled_from(["token", "resource", "device_authorization", "revocation", None])
STATUSES = st.sampled_from([200, 400, 401, 403, 429, 500, 503])


def _outcome(fn: Any) -> Any:
    """What ``fn`` returned, or the exception it raised (which must be ours)."""
    try:
        return fn()
    except OAuthClientError as exc:
        assert not any(isinstance(e, (RecursionError, OverflowError)) for e in chain(exc))
        return exc


def test_the_strategies_reach_what_they_promise() -> None:
    """The spellings are secret names; deep text parses with the depth it claims."""
    for how in ("snake", "kebab", "camel", "pascal", "upper", "dotted", "spaced-upper-kebab"):
        assert is_secret_name(style(("login", "hint", "token"), how))
    assert style(("client", "secret"), "camel") == "clientSecret"
    assert style(("pre", "authorized", "code"), "kebab") == "pre-authorized-code"


@PROPERTY
@given(st.data(), STATUSES, ENDPOINTS, st.booleans())
def test_parse_response_json(data: st.DataObject, status: int, endpoint: Any, strict: bool) -> None:
    body = data.draw(hostile_body(S))
    with RootLogs().installed() as logs:
        out = _outcome(
            lambda: parse_response(
                status, {"Content-Type": "application/json"}, body, endpoint=endpoint, strict=strict
            )
        )
        assert out is None or isinstance(out, (OAuthError, OAuthClientError))
        if out is not None:
            assert_no_secret(out, S, logs=logs.lines)
            if isinstance(out, OAuthError):
                json.dumps(out.to_dict())


@PROPERTY
@given(st.data(), STATUSES, ENDPOINTS, st.booleans())
def test_parse_response_form(data: st.DataObject, status: int, endpoint: Any, strict: bool) -> None:
    body = data.draw(hostile_form(S)).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    with RootLogs().installed() as logs:
        out = _outcome(
            lambda: parse_response(status, headers, body, endpoint=endpoint, strict=strict)
        )
        if out is not None:
            assert_no_secret(out, S, logs=logs.lines)


@PROPERTY
@given(st.data(), st.booleans(), st.sampled_from(["?", "#"]))
def test_parse_redirect(data: st.DataObject, strict: bool, where: str) -> None:
    url = f"https://app.example/cb{where}{data.draw(hostile_query(S, STATE))}"
    with RootLogs().installed() as logs:
        out = _outcome(lambda: parse_redirect(url, expected_state=STATE, strict=strict))
        assert out is not None  # an error redirect, or refused (repeated parameters)
        assert_no_secret(out, S, logs=logs.lines)


@PROPERTY
@given(
    access=st.one_of(st.just(S), huge_numbers, st.none()),
    expires_in=st.one_of(huge_numbers, st.text(max_size=5), st.none()),
    depth=st.sampled_from([0, 40, 1000, 10_000]),
    name=credential_names(),
)
def test_token_from_response(access: Any, expires_in: Any, depth: int, name: str) -> None:
    deep: Any = [S]
    for _ in range(depth):  # built iteratively: 10,000 levels of Python lists
        deep = [deep]
    response = {"access_token": access, "expires_in": expires_in, "x": deep, name: S}
    del deep
    with RootLogs().installed() as logs:
        out = _outcome(lambda: Token.from_response(response, now=1000.0))
        if isinstance(out, Token):
            assert out.expires_at is None or 1000.0 <= out.expires_at < 1000.0 + 10 * 365 * 86400
        else:
            assert isinstance(out, MalformedResponseError)
        assert_no_secret(out, S, logs=logs.lines)


@settings(PROPERTY, max_examples=30)
@given(st.data(), st.sampled_from([200, 400, 401]))
def test_refresh_source(data: st.DataObject, status: int) -> None:
    """The source knows its refresh token and client secret: echoed anywhere, never shown."""
    rt, cs = "RT-prop-secret-77", "CS-prop-secret-88"
    body = data.draw(hostile_body(rt)).replace("echo ", f"echo {cs} ")
    transport = Fake(HTTPResult(status, [("Content-Type", "application/json")], body.encode()))
    source = RefreshTokenSource(
        "https://as.example/token",
        "cid",
        Token("at0", refresh_token=rt),
        client_secret=cs,
        transport=transport,
    )
    with RootLogs().installed() as logs:
        out = _outcome(lambda: source.refresh(source.current))
        if isinstance(out, Token):
            assert_no_secret(out, rt, cs)  # str and repr: a token never shows its secrets
        else:
            assert isinstance(out, OAuthClientError)
            assert_no_secret(out, rt, cs, logs=logs.lines)


@given(deep_json_text(max_depth=400))
def test_deep_json_text_is_json(text: str) -> None:
    assert json.loads(text) is not None
