"""parse_response and parse_redirect: every transport, precedence, strict mode, Retry-After."""

from __future__ import annotations

import email.utils
import json
import pickle
from typing import Any

import pytest

import oauth_client_errors as oce
from oauth_client_errors import (
    SKIP_STATE_CHECK,
    AccessDeniedError,
    Endpoint,
    HTTPStatusError,
    InsufficientScopeError,
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
    InvalidTokenError,
    IssuerMismatchError,
    MalformedResponseError,
    OAuthError,
    Policy,
    SlowDownError,
    StateMismatchError,
    UnknownOAuthError,
    UnsupportedResponseTypeError,
    UseDPoPNonceError,
    parse_redirect,
    parse_response,
)
from oauth_client_errors import _interpret as _parse
from oauth_client_errors._wire import headers as _headers

JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def body(**params: Any) -> bytes:
    return json.dumps(params).encode()


# -- bodies -------------------------------------------------------------------------------


def test_rfc6749_token_error_json() -> None:
    # RFC 6749 §5.2 example.
    err = parse_response(400, JSON, b'{"error":"invalid_request"}')
    assert isinstance(err, InvalidRequestError)
    assert err.code == "invalid_request"
    assert err.status_code == 400
    assert err.endpoint is Endpoint.TOKEN
    assert err.policy is Policy.FIX_CONFIG
    assert err.hint


@pytest.mark.parametrize(
    ("code", "cls", "policy"),
    [
        ("invalid_grant", InvalidGrantError, Policy.REAUTHORIZE),
        ("invalid_client", InvalidClientError, Policy.FIX_CONFIG),
        ("slow_down", SlowDownError, Policy.SLOW_DOWN),
        ("authorization_pending", oce.AuthorizationPendingError, Policy.POLL),
        ("temporarily_unavailable", oce.TemporarilyUnavailableError, Policy.RETRY),
        ("server_error", oce.ServerErrorError, Policy.RETRY),
        ("access_denied", AccessDeniedError, Policy.FAIL),
        ("expired_token", oce.ExpiredTokenError, Policy.REAUTHORIZE),
    ],
)
def test_token_endpoint_codes(code: str, cls: type[OAuthError], policy: Policy) -> None:
    err = parse_response(400, JSON, body(error=code, error_description="why"))
    assert type(err) is cls
    assert err.policy is policy
    assert err.description == "why"


def test_all_fields_and_unknown_params_kept() -> None:
    payload = body(
        error="invalid_grant",
        error_description="Refresh token expired",
        error_uri="https://as.example/errors/invalid_grant",
        trace_id="abc",
        error_codes=[70008],
    )
    err = parse_response(400, JSON, payload)
    assert err is not None
    assert err.uri == "https://as.example/errors/invalid_grant"
    assert err.link == "https://as.example/errors/invalid_grant"
    assert err.params["trace_id"] == "abc"
    assert err.params["error_codes"] == [70008]
    assert err.params["error"] == "invalid_grant"


def test_form_encoded_body() -> None:
    err = parse_response(
        400, FORM, b"error=invalid_client&error_description=Client+authentication+failed"
    )
    assert isinstance(err, InvalidClientError)
    assert err.description == "Client authentication failed"


def test_error_inside_200_counts() -> None:
    # GitHub answers token errors with 200 and a form body by default.
    raw = b"error=bad_verification_code&error_description=The+code+passed+is+incorrect"
    err = parse_response(200, {"content-type": "application/x-www-form-urlencoded"}, raw)
    assert err is not None
    assert err.received_code == "bad_verification_code"
    assert err.status_code == 200
    err = parse_response(200, JSON, body(error="authorization_pending"))
    assert isinstance(err, oce.AuthorizationPendingError)


def test_form_body_without_content_type_is_read() -> None:
    err = parse_response(400, None, b"error=invalid_scope")
    assert isinstance(err, oce.InvalidScopeError)


@pytest.mark.parametrize(
    "payload",
    [
        b'{"access_token":"x","token_type":"Bearer"}',
        b'{"error": null, "data": 1}',
        b'{"error": false}',
        b"",
        b"   ",
        b"<html>ok</html>",
        b"[1, 2]",
        None,
    ],
)
def test_success_is_none(payload: bytes | None) -> None:
    assert parse_response(200, JSON, payload) is None


@pytest.mark.parametrize(
    ("status", "policy"),
    [(500, Policy.RETRY), (502, Policy.RETRY), (503, Policy.RETRY), (429, Policy.RETRY)],
)
def test_html_error_pages_classified_by_status(status: int, policy: Policy) -> None:
    page = b"<!doctype html><html><body><h1>Bad gateway</h1></body></html>"
    err = parse_response(status, {"Content-Type": "text/html"}, page)
    assert isinstance(err, HTTPStatusError)
    assert err.code == str(status)
    assert err.policy is policy


def test_numeric_error_value_draft16() -> None:
    err = parse_response(400, JSON, body(error="503"))
    assert isinstance(err, HTTPStatusError)
    assert err.policy is Policy.RETRY
    err = parse_response(400, JSON, b'{"error": 503}')
    assert isinstance(err, HTTPStatusError)
    assert err.received_code == "503"


def test_alias_is_canonicalised() -> None:
    err = parse_response(400, JSON, body(error="unsupported_responce_type"))
    assert isinstance(err, UnsupportedResponseTypeError)
    assert err.code == "unsupported_response_type"
    assert err.params["error"] == "unsupported_responce_type"


def test_unknown_code_keeps_raw_code() -> None:
    err = parse_response(400, JSON, body(error="frobnicated"))
    assert type(err) is UnknownOAuthError
    assert err.received_code == "frobnicated"
    assert err.policy is Policy.FAIL
    err = parse_response(503, JSON, body(error="frobnicated"))
    assert err is not None and err.policy is Policy.RETRY


@pytest.mark.parametrize(
    "payload",
    [
        b'{"error": ["a"], "error_description": 5}',
        b'{"error": {"nested": 1}}',
        b'{"error": true}',
        b'{"error": "x", "error_description": {"a": 1}, "error_uri": 7}',
    ],
)
def test_wrong_json_types_lenient(payload: bytes) -> None:
    err = parse_response(400, JSON, payload)
    assert isinstance(err, OAuthError)
    assert err.params["error"] == json.loads(payload)["error"]
    assert isinstance(str(err), str)
    json.dumps(err.to_dict())


@pytest.mark.parametrize(
    "payload",
    [
        b'{"error": ["a"]}',
        b'{"error": "x", "error_description": 5}',
        b'{"error": "x", "error_uri": 7}',
    ],
)
def test_wrong_json_types_strict(payload: bytes) -> None:
    with pytest.raises(MalformedResponseError):
        parse_response(400, JSON, payload, strict=True)


# -- strict mode (RFC 6749 §5.2 character sets) -------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        body(error="invalid\u00e9grant"),
        body(error='invalid"grant'),
        body(error="invalid\\grant"),
        body(error=""),
        body(error="invalid_grant", error_description="line\nbreak"),
        body(error="invalid_grant", error_description="caf\u00e9"),
        body(error="invalid_grant", error_uri="https://x.example/a b"),
        body(error="invalid_grant", error_uri=""),
    ],
)
def test_strict_refuses_what_rfc6749_forbids(payload: bytes) -> None:
    with pytest.raises(MalformedResponseError):
        parse_response(400, JSON, payload, strict=True)
    err = parse_response(400, JSON, payload)  # lenient keeps the raw values
    assert err is not None
    assert err.params["error"] == json.loads(payload)["error"]


def test_strict_invalid_json_raises_lenient_classifies() -> None:
    with pytest.raises(MalformedResponseError):
        parse_response(400, JSON, b'{"error": "invalid_grant"', strict=True)
    err = parse_response(400, JSON, b'{"error": "invalid_grant"')
    assert isinstance(err, HTTPStatusError)
    assert err.policy is Policy.FIX_CONFIG


def test_strict_accepts_conforming_response() -> None:
    err = parse_response(
        400,
        JSON,
        body(error="invalid_grant", error_description="Bad code", error_uri="https://a.example/e"),
        strict=True,
    )
    assert isinstance(err, InvalidGrantError)


def test_body_over_cap_is_not_read() -> None:
    big = b'{"error": "invalid_grant", "pad": "' + b"x" * _parse.MAX_BODY_BYTES + b'"}'
    err = parse_response(500, JSON, big)
    assert isinstance(err, HTTPStatusError)
    assert parse_response(200, JSON, big) is None
    with pytest.raises(MalformedResponseError, match="larger than"):
        parse_response(500, JSON, big, strict=True)


# -- status only --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "kind", "payload", "description", "uri"),
    [
        # Twitch's token endpoint: https://dev.twitch.tv/docs/authentication/refresh-tokens
        (400, "application/json", {"status": 400, "message": "Invalid refresh token"},
         "Invalid refresh token", None),
        # RFC 9457 §3: detail before title; "about:blank" is no link.
        (401, "application/problem+json", {"type": "about:blank", "title": "Unauthorized",
         "status": 401, "detail": "The token expired"}, "The token expired", None),
        (403, "application/problem+json", {"type": "https://api.example/problems/scope",
         "title": "Missing scope"}, "Missing scope", "https://api.example/problems/scope"),
        (503, "application/json", {"message": "   ", "title": 5}, None, None),
        # AWS spells it Message; GraphQL and the Twitter/X v1.1 API list errors.
        (403, "application/json", {"Message": "User is not authorized to access this "
         "resource with an explicit deny"}, "User is not authorized to access this resource "
         "with an explicit deny", None),
        (401, "application/json", {"errors": [{"code": 89, "message": "Invalid or expired "
         "token."}]}, "Invalid or expired token.", None),
        (401, "application/json", {"errors": ["x", {"message": "later"}]}, None, None),
        (500, "application/json", {"type": "http://api.example/p", "detail": ["x"]}, None, None),
    ],
)  # fmt: skip
def test_status_only_error_keeps_the_body_message(
    status: int, kind: str, payload: dict[str, Any], description: str | None, uri: str | None
) -> None:
    err = parse_response(status, {"Content-Type": kind}, json.dumps(payload), endpoint="resource")
    assert isinstance(err, HTTPStatusError)
    assert (err.code, err.description, err.uri) == (str(status), description, uri)
    if description:
        assert description in str(err)


def test_401_at_resource_without_challenge_refreshes() -> None:
    err = parse_response(401, {}, b"", endpoint="resource")
    assert isinstance(err, HTTPStatusError)
    assert err.policy is Policy.REFRESH


def test_401_at_token_endpoint_without_code_is_fix_config() -> None:
    err = parse_response(401, {}, None, endpoint=Endpoint.TOKEN)
    assert err is not None and err.policy is Policy.FIX_CONFIG


def test_2xx_and_3xx_without_error_are_none() -> None:
    for status in (200, 201, 204, 302, 304):
        assert parse_response(status, {}, None, endpoint="resource") is None


@pytest.mark.parametrize("status", [True, "abc", 1000, -1, 4.5, None])
def test_bad_status_raises_malformed(status: Any) -> None:
    with pytest.raises(MalformedResponseError):
        parse_response(status, {}, None)


def test_status_as_string_digits() -> None:
    err = parse_response("503", {}, None)
    assert err is not None and err.status_code == 503


def test_bad_endpoint_is_value_error() -> None:
    with pytest.raises(ValueError, match="unknown endpoint"):
        parse_response(400, JSON, body(error="x"), endpoint="nowhere")


# -- headers: Retry-After, DPoP-Nonce, shapes -----------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        ("99999999999", _parse.MAX_RETRY_AFTER),
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        # RFC 9110 §10.2.3 delay-seconds = 1*DIGIT: any length is read, then capped.
        ("9" * 5000, _parse.MAX_RETRY_AFTER),
        # Leading zeros are digits like any other (not cut to 12 characters first).
        ("0005", 5.0),
        ("0" * 20 + "7", 7.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # in the past
        ("Wed, 99 Foo 2015 07:28:00 GMT", None),
    ],
)
def test_retry_after(value: str, expected: float | None) -> None:
    err = parse_response(503, {"Retry-After": value}, None)
    assert err is not None
    assert err.retry_after == expected


def test_retry_after_http_date_in_future(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_headers, "now", lambda: 1_000_000_000.0)
    date = email.utils.formatdate(1_000_000_090.0, usegmt=True)
    err = parse_response(429, [("Retry-After", date)], None)
    assert err is not None
    assert err.retry_after == pytest.approx(90.0)
    assert "90" in err.hint
    far = email.utils.formatdate(1_000_000_000.0 + 10 * 86400, usegmt=True)
    err = parse_response(429, [("Retry-After", far)], None)
    assert err is not None and err.retry_after == _parse.MAX_RETRY_AFTER


def test_retry_after_in_hint() -> None:
    err = parse_response(503, {"Retry-After": "30"}, body(error="temporarily_unavailable"))
    assert err is not None
    assert err.retry_after == 30.0
    assert "30" in err.hint


def test_slow_down_interval_becomes_retry_after() -> None:
    err = parse_response(400, JSON, body(error="slow_down", interval=10))
    assert err is not None and err.retry_after == 10.0


def test_dpop_nonce_read() -> None:
    headers = [
        ("WWW-Authenticate", 'DPoP error="use_dpop_nonce", algs="ES256"'),
        ("DPoP-Nonce", "eyJ7S_zG.eyJH0-Z.HX4w-7v"),
    ]
    err = parse_response(401, headers, None, endpoint="resource")
    assert isinstance(err, UseDPoPNonceError)
    assert err.dpop_nonce == "eyJ7S_zG.eyJH0-Z.HX4w-7v"
    assert err.policy is Policy.RETRY


@pytest.mark.parametrize("nonce", ["", "has space", 'quote"', "x" * 5000, "\x1b[2J"])
def test_invalid_dpop_nonce_ignored(nonce: str) -> None:
    err = parse_response(400, {"DPoP-Nonce": nonce}, body(error="use_dpop_nonce"))
    assert err is not None and err.dpop_nonce is None


def test_header_shapes_and_bytes() -> None:
    raw = body(error="invalid_grant")
    for headers in (
        {"content-type": "application/json"},
        [("Content-Type", "application/json")],
        [(b"Content-Type", b"application/json")],
        {"Content-Type": ["application/json"]},
    ):
        assert isinstance(parse_response(400, headers, raw), InvalidGrantError)


def test_headers_not_pairs_is_malformed() -> None:
    with pytest.raises(MalformedResponseError):
        parse_response(400, ["nope"], None)  # type: ignore[list-item]


def test_body_as_str_and_bytearray() -> None:
    assert isinstance(parse_response(400, JSON, '{"error":"invalid_grant"}'), InvalidGrantError)
    raw = bytearray(b'{"error":"invalid_grant"}')
    assert isinstance(parse_response(400, JSON, raw), InvalidGrantError)  # type: ignore[arg-type]


# -- challenges ---------------------------------------------------------------------------


def test_challenge_error_wins_over_body() -> None:
    headers = [
        (
            "WWW-Authenticate",
            'Bearer realm="api", error="invalid_token", error_description="expired"',
        ),
        ("Content-Type", "application/json"),
    ]
    err = parse_response(
        401,
        headers,
        body(error="invalid_request", error_description="body text", extra="kept"),
        endpoint="resource",
    )
    assert isinstance(err, InvalidTokenError)
    assert err.description == "expired"
    assert err.params["extra"] == "kept"
    assert err.params["error"] == "invalid_token"
    assert err.policy is Policy.REFRESH
    assert len(err.challenges) == 1


def test_challenge_description_falls_back_to_body() -> None:
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
    err = parse_response(401, headers, body(error_description="from body"), endpoint="resource")
    assert err is not None and err.description == "from body"


def test_insufficient_scope_step_up_with_scope_in_hint() -> None:
    headers = {
        "WWW-Authenticate": 'Bearer realm="example", error="insufficient_scope", '
        'scope="photos:read photos:write"'
    }
    err = parse_response(403, headers, None, endpoint="resource")
    assert isinstance(err, InsufficientScopeError)
    assert err.policy is Policy.STEP_UP
    assert "photos:read photos:write" in err.hint


def test_step_up_rfc9470_values_in_hint() -> None:
    headers = {
        "WWW-Authenticate": 'Bearer error="insufficient_user_authentication", '
        'error_description="A different authentication level is required", '
        'acr_values="myACR", max_age="5"'
    }
    err = parse_response(401, headers, None, endpoint="resource")
    assert isinstance(err, oce.InsufficientUserAuthenticationError)
    assert err.policy is Policy.STEP_UP
    assert "myACR" in err.hint


def test_challenge_without_code_at_resource_reauthorizes() -> None:
    # RFC 6750 §3.1: no error code when the request had no authentication information.
    err = parse_response(
        401, {"WWW-Authenticate": 'Bearer realm="example"'}, None, endpoint="resource"
    )
    assert isinstance(err, HTTPStatusError)
    assert err.policy is Policy.REAUTHORIZE
    assert err.params.get("realm") == "example"


def test_param_from_other_challenge_not_used() -> None:
    headers = {"WWW-Authenticate": 'Basic realm="x", Bearer error="invalid_token"'}
    err = parse_response(401, headers, None, endpoint="resource")
    assert isinstance(err, InvalidTokenError)
    assert err.params.get("realm") is None


def test_several_header_lines() -> None:
    headers = [
        ("WWW-Authenticate", 'Basic realm="legacy"'),
        ("www-authenticate", 'DPoP algs="ES256", error="invalid_dpop_proof"'),
    ]
    err = parse_response(401, headers, None, endpoint="resource")
    assert isinstance(err, oce.InvalidDPoPProofError)
    assert [c.scheme for c in err.challenges] == ["Basic", "DPoP"]
    assert err.policy is Policy.FIX_CONFIG


# -- the error object -----------------------------------------------------------------------


def test_to_dict_is_json_and_pickle_round_trips() -> None:
    err = parse_response(
        400, {"Retry-After": "5", **JSON}, body(error="invalid_grant", error_description="d")
    )
    assert err is not None
    data = err.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["code"] == "invalid_grant"
    assert data["policy"] == "reauthorize"
    assert data["endpoint"] == "token"
    assert data["status_code"] == 400
    assert data["retry_after"] == 5.0
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is InvalidGrantError
    assert clone.to_dict() == data


def test_display_of_hostile_description() -> None:
    err = parse_response(
        400, JSON, body(error="invalid_grant", error_description="\x1b[2Jgone\u202e\r\nFAKE LOG")
    )
    assert err is not None
    for shown in (str(err), repr(err), err.hint, err.safe_description or ""):
        assert "\x1b" not in shown
        assert "\u202e" not in shown
        assert "\n" not in shown and "\r" not in shown
    assert err.description == "\x1b[2Jgone\u202e\r\nFAKE LOG"


# -- redirects ----------------------------------------------------------------------------


def test_redirect_query_error() -> None:
    # RFC 6749 §4.1.2.1 example.
    url = "https://client.example.com/cb?error=access_denied&state=xyz"
    err = parse_redirect(url, expected_state="xyz")
    assert isinstance(err, AccessDeniedError)
    assert err.endpoint is Endpoint.AUTHORIZATION
    assert err.status_code is None
    assert err.params["state"] == "xyz"


def test_redirect_fragment_error() -> None:
    # RFC 6749 §4.2.2.1 example.
    url = "https://client.example.com/cb#error=access_denied&state=xyz"
    err = parse_redirect(url, expected_state="xyz")
    assert isinstance(err, AccessDeniedError)


def test_redirect_with_own_query_and_fragment_response() -> None:
    url = "https://client.example.com/cb?tenant=a#error=login_required&state=s"
    err = parse_redirect(url, expected_state=SKIP_STATE_CHECK)
    assert isinstance(err, oce.LoginRequiredError)
    assert err.policy is Policy.REAUTHORIZE


@pytest.mark.parametrize(
    "url",
    [
        "https://client.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz",
        "https://client.example.com/cb#access_token=2YotnFZFEjr1zCsicMWpAA&state=xyz&token_type=example",
    ],
)
def test_redirect_success_is_none(url: str) -> None:
    assert parse_redirect(url, expected_state="xyz") is None


def test_redirect_description_decoded() -> None:
    url = "https://c.example/cb?error=invalid_scope&error_description=Scope+%22admin%22+unknown"
    err = parse_redirect(url, expected_state=SKIP_STATE_CHECK)
    assert err is not None and err.description == 'Scope "admin" unknown'


@pytest.mark.parametrize(
    "url",
    [
        "https://c.example/cb?error=access_denied&state=forged",
        "https://c.example/cb?error=access_denied",
        "https://c.example/cb?code=abc&state=XYZ",
        "https://c.example/cb?code=abc&state=xy",
    ],
)
def test_state_mismatch_raises_before_error_is_trusted(url: str) -> None:
    with pytest.raises(StateMismatchError):
        parse_redirect(url, expected_state="xyz")


def test_issuer_checked() -> None:
    ok = "https://c.example/cb?error=access_denied&state=s&iss=https%3A%2F%2Fas.example"
    assert isinstance(
        parse_redirect(ok, expected_state="s", expected_issuer="https://as.example"),
        AccessDeniedError,
    )
    mixup = "https://c.example/cb?error=access_denied&state=s&iss=https%3A%2F%2Fevil.example"
    with pytest.raises(IssuerMismatchError):
        parse_redirect(mixup, expected_state="s", expected_issuer="https://as.example")
    missing = "https://c.example/cb?code=abc&state=s"
    with pytest.raises(IssuerMismatchError):
        parse_redirect(
            missing, expected_issuer="https://as.example", expected_state=SKIP_STATE_CHECK
        )
    # Without an expected issuer, iss is kept but not checked.
    err = parse_redirect(mixup, expected_state=SKIP_STATE_CHECK)
    assert err is not None and err.params["iss"] == "https://evil.example"


def test_state_checked_before_issuer() -> None:
    url = "https://c.example/cb?error=access_denied&state=bad&iss=https%3A%2F%2Fevil.example"
    with pytest.raises(StateMismatchError):
        parse_redirect(url, expected_state="s", expected_issuer="https://as.example")


@pytest.mark.parametrize(
    "url",
    [
        "https://c.example/cb?error=access_denied&error=server_error",
        "https://c.example/cb?state=a&state=b&code=x",
        "https://c.example/cb#error=a&error=b",
    ],
)
def test_repeated_parameter_refused(url: str) -> None:
    with pytest.raises(MalformedResponseError, match="more than once"):
        parse_redirect(url, expected_state=SKIP_STATE_CHECK)


def test_query_and_fragment_disagree() -> None:
    url = "https://c.example/cb?error=access_denied&state=s#code=abc&state=s"
    with pytest.raises(MalformedResponseError, match="ambiguous"):
        parse_redirect(url, expected_state=SKIP_STATE_CHECK)


def test_jarm_response_needs_verification() -> None:
    url = "https://c.example/cb?response=eyJhbGciOiJSUzI1NiJ9.eyJjb2RlIjoiYSJ9.sig"
    with pytest.raises(MalformedResponseError, match="verify"):
        parse_redirect(url, expected_state=SKIP_STATE_CHECK)


def test_redirect_bare_query_string_and_bytes() -> None:
    assert isinstance(
        parse_redirect("error=access_denied&state=s", expected_state=SKIP_STATE_CHECK),
        AccessDeniedError,
    )
    assert isinstance(
        parse_redirect(b"?error=access_denied", expected_state=SKIP_STATE_CHECK), AccessDeniedError
    )


def test_redirect_strict() -> None:
    with pytest.raises(MalformedResponseError):
        parse_redirect("https://c.example/cb?error=", strict=True, expected_state=SKIP_STATE_CHECK)
    with pytest.raises(MalformedResponseError):
        parse_redirect(
            "https://c.example/cb?error=access%0Adenied",
            strict=True,
            expected_state=SKIP_STATE_CHECK,
        )
    with pytest.raises(MalformedResponseError):
        parse_redirect("https://c.example/cb?foo=bar", strict=True, expected_state=SKIP_STATE_CHECK)
    assert parse_redirect("https://c.example/cb?foo=bar", expected_state=SKIP_STATE_CHECK) is None
    err = parse_redirect("https://c.example/cb?error=", expected_state=SKIP_STATE_CHECK)
    assert isinstance(err, UnknownOAuthError) and err.received_code == ""


def test_redirect_url_cap() -> None:
    with pytest.raises(MalformedResponseError):
        parse_redirect(
            "https://c.example/cb?error=x&p=" + "a" * _parse.MAX_URL_LENGTH,
            expected_state=SKIP_STATE_CHECK,
        )


def test_redirect_oidc_codes() -> None:
    for code, policy in [
        ("login_required", Policy.REAUTHORIZE),
        ("consent_required", Policy.REAUTHORIZE),
        ("interaction_required", Policy.REAUTHORIZE),
        ("account_selection_required", Policy.REAUTHORIZE),
    ]:
        err = parse_redirect(f"https://c.example/cb?error={code}", expected_state=SKIP_STATE_CHECK)
        assert err is not None and err.policy is policy, code


def test_public_api_does_not_import_http_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys, oauth_client_errors as o; "
        'o.parse_response(400, {}, b\'{"error":"invalid_grant"}\'); '
        "print('httpx' in sys.modules, 'requests' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_all_is_explicit_and_importable() -> None:
    for name in oce.__all__:
        assert getattr(oce, name) is not None, name
    assert len(set(oce.__all__)) == len(oce.__all__)
    assert "parse_redirect" in oce.__all__ and "parse_response" in oce.__all__


@pytest.mark.parametrize(
    ("payload", "cls", "code", "description"),
    [
        ({"error": {"code": "invalid_grant", "message": "Refresh token revoked"}},
         InvalidGrantError, "invalid_grant", "Refresh token revoked"),
        ({"error": {"code": "TokenExpired", "description": "The token expired"}},
         UnknownOAuthError, "TokenExpired", "The token expired"),
        # A number is a vendor's code (Facebook's 190), not an HTTP status: not the code.
        ({"error": {"code": 190, "message": "Error validating access token"}},
         UnknownOAuthError, "", "Error validating access token"),
        # The top-level description wins over the object's message.
        ({"error": {"code": "x", "message": "inner"}, "error_description": "top"},
         UnknownOAuthError, "x", "top"),
        ({"error": {}}, UnknownOAuthError, "", None),
    ],
)  # fmt: skip
def test_an_error_object_no_dialect_reads_gives_its_code_and_message(
    payload: dict[str, Any], cls: type, code: str, description: str | None
) -> None:
    err = parse_response(400, JSON, json.dumps(payload))
    assert type(err) is cls
    assert (err.code, err.description) == (code, description)
    assert err.params["error"] == payload["error"]  # kept as received
    with pytest.raises(MalformedResponseError):
        parse_response(400, JSON, json.dumps(payload), strict=True)


@pytest.mark.parametrize(
    ("status", "payload", "cls", "description"),
    [
        # Reddit: https://github.com/reddit-archive/reddit/wiki/OAuth2 (a numeric error)
        (401, {"message": "Unauthorized", "error": 401}, HTTPStatusError, "Unauthorized"),
        (400, {"error": "invalid_request", "message": "Missing client_id"},
         InvalidRequestError, "Missing client_id"),
        # error_description wins, even empty; without any text there is none.
        (400, {"error": "invalid_request", "error_description": "", "message": "m"},
         InvalidRequestError, ""),
        (400, {"error": "invalid_request", "message": ["not", "text"]}, InvalidRequestError,
         None),
    ],
)  # fmt: skip
def test_an_error_body_without_a_description_lends_its_message(
    status: int, payload: dict[str, Any], cls: type, description: str | None
) -> None:
    err = parse_response(status, JSON, json.dumps(payload), endpoint="resource")
    assert type(err) is cls and err.description == description
