"""Dialect recognition and hints (``_dialects``), and the body reader (``_wire.bodies``).

Carried over from the tests of the old fast paths: what they checked still holds with
the straightforward code.
"""

from __future__ import annotations

import copy
import gc
import json
import pickle
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oauth_client_errors import Endpoint, parse_response
from oauth_client_errors._dialects import recognise
from oauth_client_errors._wire.bodies import body_params, unwrap_list

JSON = {"Content-Type": "application/json"}


def test_the_okta_description_is_recognised_and_a_near_miss_is_not() -> None:
    body = {
        "error": "invalid_grant",
        "error_description": "The refresh token is invalid or expired.",
    }
    match = recognise(body, 400, Endpoint.TOKEN)
    assert match is not None and match.dialect.name == "okta"
    body["error_description"] = "The refresh token has expired"
    assert recognise(body, 400, Endpoint.TOKEN) is None
    assert recognise({"error": "invalid_request"}, 400, Endpoint.TOKEN) is None


_GITHUB = json.dumps(
    {
        "error": "bad_verification_code",
        "error_description": "The code passed is incorrect or expired.",
        "error_uri": "/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request"
        "-errors/#bad-verification-code",
        "extra": "only-in-params-7c1f",
    }
)


def _github() -> Any:
    err = parse_response(400, JSON, _GITHUB)
    assert err is not None and err.dialect == "github"
    return err


def test_a_dialect_hint_is_rendered_when_first_read() -> None:
    err = _github()
    pending = err._hint
    assert callable(pending) and not isinstance(pending, str)
    strings = [o for o in gc.get_referents(pending) if isinstance(o, str)]
    assert "only-in-params-7c1f" not in strings
    hint = err.hint
    assert isinstance(err._hint, str) and err.hint == hint
    assert hint.startswith("The grant is no longer valid: the user must authorize again. ")
    assert "GitHub refused the authorization code" in hint
    assert err.uri.startswith("/apps/")  # err.uri stays as received
    assert err.link is not None and err.link.startswith("https://docs.github.com/apps/")


def test_a_pending_hint_pickles_and_copies_as_text() -> None:
    expected = _github().hint
    for again in (pickle.loads(pickle.dumps(_github())), copy.copy(_github())):
        assert type(again).__name__ == "InvalidGrantError"
        assert isinstance(again._hint, str) and again.hint == expected
        assert again.dialect == "github" and again.vendor_code == "bad_verification_code"
    assert copy.deepcopy(_github()).hint == expected
    assert str(_github()).endswith(expected)


def test_a_secret_in_the_body_is_scrubbed_from_a_dialect_hint() -> None:
    body = {"ok": False, "error": "missing_scope", "needed": "tok-123", "access_token": "tok-123"}
    err = parse_response(200, JSON, json.dumps(body))
    assert err is not None and err.dialect == "slack"
    assert "tok-123" not in err.hint


def test_parameters_are_the_body_and_the_challenge() -> None:
    err = parse_response(
        401,
        {"WWW-Authenticate": 'Bearer error="invalid_token", scope="a"'},
        b'{"error":"invalid_grant","error_description":"d","x":1}',
        endpoint="resource",
    )
    assert err is not None and err.code == "invalid_token" and err.description == "d"
    assert dict(err.params) == {
        "error": "invalid_token",
        "error_description": "d",
        "x": 1,
        "scope": "a",
    }


@pytest.mark.parametrize(
    "body",
    [b'\xef\xbb\xbf{"error":"invalid_grant"}', '{"error":"invalid_grant"}'.encode("utf-16")],
)
def test_bom_and_utf16_bodies_still_parse(body: bytes) -> None:
    err = parse_response(400, JSON, body)
    assert err is not None and err.code == "invalid_grant"


def _reference(body: bytes, status: int) -> dict[str, Any] | None:
    try:
        value = json.loads(body.decode(json.detect_encoding(body), "replace"), parse_constant=str)
    except (ValueError, RecursionError, TypeError, LookupError):
        return None
    if isinstance(value, dict):
        return value
    if isinstance(value, list) and status >= 400:
        return unwrap_list(value)
    return None


_TEXTS = st.one_of(
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3).map(json.dumps),
    st.text(max_size=30),
    st.sampled_from(['{"error":"x"}', '[{"errorCode":"A","message":"m"}]', "{}", "[1]"]),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    text=_TEXTS,
    pad=st.sampled_from(["", " ", "\n\t", "\x0c", "\u00a0", "\ufeff"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]),
    status=st.sampled_from([200, 400]),
)
def test_a_json_body_reads_as_json_reads_it(
    text: str, pad: str, encoding: str, status: int
) -> None:
    try:
        body = (pad + text + pad).encode(encoding)
    except UnicodeEncodeError:
        return
    if not body.strip():
        return
    assert body_params(body, "application/json", status) == _reference(body, status)
