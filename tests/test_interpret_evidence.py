"""Interpretation from evidence: what each piece of a response or redirect decides.

Each test states one thing a client can observe through ``parse_response`` and
``parse_redirect`` (the endpoint inferred, the text and link kept, the situation, the hint,
what a refusal says): the mutation run of the interpretation (issue 17) found these
unstated. Every test starts with the interpretation's memos empty (tests/conftest.py);
the last one checks that what is remembered reads as what is computed.
"""

from __future__ import annotations

import base64
import json
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from memos import forget_interpretations

import oauth_client_errors
from oauth_client_errors import (
    AccessDeniedError,
    Dialect,
    DialectCode,
    Endpoint,
    HTTPStatusError,
    InvalidClientError,
    InvalidScopeError,
    MalformedResponseError,
    OAuthError,
    Policy,
    Situation,
    StateMismatchError,
    UnknownOAuthError,
    parse_redirect,
    parse_response,
    register_dialect,
)
from oauth_client_errors._dialects import recognition
from oauth_client_errors.testing import samples

JSON = {"Content-Type": "application/json"}


def parse(status: int, headers: Any, body: Any = None, **kwargs: Any) -> OAuthError:
    err = parse_response(status, headers, body, **kwargs)
    assert isinstance(err, OAuthError)
    return err


def body(**members: Any) -> bytes:
    return json.dumps(members).encode()


# -- the endpoint, inferred ---------------------------------------------------------------


def test_a_basic_challenge_with_invalid_client_is_the_token_endpoint() -> None:
    # RFC 6749 §5.2: a client that authenticated with HTTP Basic gets 401 and a
    # WWW-Authenticate field of its scheme: only a Bearer or DPoP challenge means a resource.
    err = parse(401, {"WWW-Authenticate": 'Basic realm="oauth"'}, body(error="invalid_client"))
    assert isinstance(err, InvalidClientError)
    assert err.endpoint is Endpoint.TOKEN
    assert err.policy is Policy.FIX_CONFIG


def test_a_bearer_challenge_at_400_is_a_resource() -> None:
    # RFC 6750 §3.1: invalid_request comes with HTTP 400 from a resource server too.
    err = parse(400, {"WWW-Authenticate": 'Bearer error="invalid_request"'})
    assert err.endpoint is Endpoint.RESOURCE


def test_a_numeric_error_value_is_the_token_endpoint() -> None:
    # draft-ietf-oauth-v2-16 §5.2 token endpoints sent the error as a number.
    err = parse(400, JSON, body(error=400, message="Bad request"))
    assert isinstance(err, HTTPStatusError)
    assert err.endpoint is Endpoint.TOKEN
    assert (err.code, err.situation) == ("400", Situation.REQUEST_INVALID)


@pytest.mark.parametrize(
    ("status", "where"),
    [(401, Endpoint.RESOURCE), (403, Endpoint.RESOURCE), (404, Endpoint.TOKEN)],
)
def test_with_no_evidence_only_401_and_403_point_to_a_resource(
    status: int, where: Endpoint
) -> None:
    assert parse(status, {}, None).endpoint is where


def test_a_provider_named_without_a_scheme_is_not_read_as_a_request_url() -> None:
    err = parse(401, {}, None, provider="as.example/oauth2/revoke")
    assert err.endpoint is Endpoint.RESOURCE  # 401 and nothing else: not the revocation path
    url = parse(401, {}, None, provider="https://as.example/oauth2/revoke")
    assert url.endpoint is Endpoint.REVOCATION


def test_a_request_url_is_read_in_its_first_2048_characters() -> None:
    head = "https://as.example/"
    url = head + "x" * (2048 - len(head) - len("/toke")) + "/token"
    assert len(url) == 2049  # "/token" ends one character past the part read
    assert parse(401, {}, None, provider=url).endpoint is Endpoint.RESOURCE
    assert parse(401, {}, None, provider=url[:-7] + "/token").endpoint is Endpoint.TOKEN


@pytest.mark.parametrize("spelling", ["token", "Token", " TOKEN ", Endpoint.TOKEN])
def test_an_explicit_endpoint_is_read_in_any_case(spelling: Any) -> None:
    err = parse(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, endpoint=spelling)
    assert err.endpoint is Endpoint.TOKEN


# -- what is kept: the description, the link -------------------------------------------


def test_a_description_or_link_that_is_not_text_is_kept_as_text() -> None:
    err = parse(400, JSON, body(error="invalid_grant", error_description=42, error_uri=7))
    assert (err.description, err.uri) == ("42", "7")
    nested = parse(400, JSON, body(error="x_weird", error_description={"en": "Expired"}))
    assert nested.description == '{"en": "Expired"}'


def test_a_challenge_link_is_kept_and_the_body_fills_one_it_lacks() -> None:
    challenge = 'Bearer error="invalid_token", error_uri="https://as.example/challenge"'
    assert parse(401, {"WWW-Authenticate": challenge}).uri == "https://as.example/challenge"
    from_body = body(error_uri="https://as.example/body")
    both = parse(401, {"WWW-Authenticate": challenge}, from_body)
    assert both.uri == "https://as.example/challenge"
    lacking = parse(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, from_body)
    assert lacking.uri == "https://as.example/body"


def test_a_redirect_keeps_its_error_uri() -> None:
    query = "error=access_denied&error_uri=https%3A%2F%2Fas.example%2Fd&state=s"
    url = f"https://app.example/cb?{query}"
    err = parse_redirect(url, expected_state="s")
    assert isinstance(err, AccessDeniedError)
    assert err.uri == "https://as.example/d"


def test_an_error_told_by_its_status_keeps_the_body_description_first() -> None:
    err = parse(503, JSON, body(error_description="Down for maintenance", message="other"))
    assert (err.code, err.received_code) == ("503", None)
    assert err.description == "Down for maintenance"


def test_an_error_member_of_false_reports_no_code() -> None:
    err = parse(503, JSON, body(error=False, message="down"))
    assert (err.code, err.received_code, err.description) == ("503", None, "down")
    assert err.situation is Situation.UNAVAILABLE


# -- waiting: Retry-After and the device flow's interval ------------------------------------


def test_only_slow_down_reads_the_interval_as_the_wait() -> None:
    # RFC 8628 §3.5: slow_down asks for a longer interval; authorization_pending does not.
    pending = parse(400, JSON, body(error="authorization_pending", interval=5))
    assert pending.retry_after is None
    slow = parse(400, JSON, body(error="slow_down", interval=7))
    assert slow.retry_after == 7.0
    told = parse(400, {**JSON, "Retry-After": "10"}, body(error="slow_down", interval=7))
    assert told.retry_after == 10.0  # the header wins over the body's interval


# -- the situation --------------------------------------------------------------------------


def test_a_transient_code_sent_with_429_is_a_rate_limit() -> None:
    # Rule 1 (RFC 6585 §4): HTTP 429 turns a temporary failure into a rate limit.
    err = parse(429, JSON, body(error="temporarily_unavailable"))
    assert (err.situation, err.policy) == (Situation.RATE_LIMITED, Policy.RETRY)
    assert parse(503, JSON, body(error="temporarily_unavailable")).situation is (
        Situation.UNAVAILABLE
    )


def test_an_unknown_code_refused_at_a_resource_refreshes_only_a_token_sent() -> None:
    # Rule 2: a refused token is refreshed only if the request carried one.
    answer = body(error="x_token_gone")
    sent = parse(401, JSON, answer, endpoint="resource", token_sent=True)
    unsent = parse(401, JSON, answer, endpoint="resource", token_sent=False)
    assert (sent.situation, sent.policy) == (Situation.TOKEN_REJECTED, Policy.REFRESH)
    assert (unsent.situation, unsent.policy) == (Situation.TOKEN_REJECTED, Policy.FIX_CONFIG)


def test_a_numeric_code_with_a_bare_challenge_is_a_refused_token_only_if_one_was_sent() -> None:
    # RFC 6750 §3.1: no error code in the challenge when the request had no credential;
    # a number in the body is a status, not a code (draft-ietf-oauth-v2-16 §5.2).
    headers = {**JSON, "WWW-Authenticate": 'Bearer realm="api"'}
    answer = body(error=401, message="Unauthorized")
    sent = parse(401, headers, answer, token_sent=True)
    unknown = parse(401, headers, answer)
    assert (sent.situation, sent.policy) == (Situation.TOKEN_REJECTED, Policy.REFRESH)
    assert (unknown.situation, unknown.policy) == (
        Situation.INTERACTION_REQUIRED,
        Policy.REAUTHORIZE,
    )


@pytest.mark.parametrize(
    ("status", "situation"),
    [(401, Situation.TOKEN_REJECTED), (403, Situation.FORBIDDEN), (500, Situation.UNAVAILABLE)],
)
def test_a_providers_own_number_is_not_an_http_status(status: int, situation: Situation) -> None:
    # Facebook's Graph API: {"error": {"code": 100, ...}}: its number, not HTTP 100.
    graph = {"message": "Unsupported get request.", "type": "GraphMethodException", "code": 100}
    err = parse(status, JSON, body(error={**graph, "fbtrace_id": "A1"}))
    assert type(err) is UnknownOAuthError
    assert (err.dialect, err.received_code) == ("facebook", "100")
    assert err.situation is situation


@pytest.mark.parametrize(
    ("code", "cls", "situation"),
    [
        ("invalid_scope", InvalidScopeError, Situation.REQUEST_INVALID),
        ("access_denied", AccessDeniedError, Situation.DENIED),
    ],
)
def test_a_registered_code_in_a_vendor_envelope_keeps_its_class(
    code: str, cls: type[OAuthError], situation: Situation
) -> None:
    err = parse(200, JSON, body(ok=False, error=code))  # Slack answers errors with HTTP 200
    assert err.dialect == "slack"
    assert type(err) is cls and err.situation is situation


def _claims() -> str:
    claims = {"access_token": {"acrs": {"essential": True, "value": "cp1"}}}
    return base64.b64encode(json.dumps(claims).encode()).decode()


def test_responses_that_differ_only_in_their_challenge_each_get_their_own_situation() -> None:
    plain = parse(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    claims = f'Bearer error="invalid_token", claims="{_claims()}"'
    asked = parse(401, {"WWW-Authenticate": claims})
    again = parse(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    assert plain.situation is again.situation is Situation.TOKEN_REJECTED
    assert asked.situation is Situation.CLAIMS_REQUIRED


# -- dialects: rows, hints ---------------------------------------------------------------------


def test_a_redirect_is_read_with_the_authorization_rows_of_its_dialect() -> None:
    url = "https://app.example/cb?error=invalid_request&state=s"
    err = parse_redirect(url, expected_state="s", provider="https://hub.jetbrains.com")
    assert err is not None and err.dialect == "hub"
    assert err.hint.endswith(
        "Hub rejected the authorization request. Check that all parameters are correct and "
        "that the service_id exists in Hub."
    )


def test_a_challenge_is_read_with_its_providers_row() -> None:
    # https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge
    challenge = (
        'Bearer realm="example", error="insufficient_claims", '
        f'error_description="A claims challenge", claims="{_claims()}"'
    )
    err = parse(
        401,
        {"WWW-Authenticate": challenge},
        endpoint="resource",
        provider="https://graph.microsoft.com/v1.0/me",
    )
    assert err.dialect == "microsoft" and err.situation is Situation.CLAIMS_REQUIRED
    assert "MSAL's claims_challenge" in err.hint


def _dialect(name: str, title: str, host: str, *codes: DialectCode) -> Dialect:
    """A provider of one's own: its hint for a code it does not map names it."""
    return Dialect(
        name=name,
        title=title,
        docs=f"https://{host}/docs",
        hosts=(host,),
        fallback_hint=f"{title} says {{code}}; see {{docs}}.",
        codes=codes,
    )


@pytest.fixture
def acme() -> Iterator[Dialect]:
    """A provider of one's own, registered for the test only."""
    saved = recognition._REGISTERED
    step_up = DialectCode(
        "step_up_now",
        "A stronger sign-in is needed",
        "https://id.acme.example/docs#step_up_now",
        situation=Situation.AUTHENTICATION_REQUIRED,
        hint="HTTP {status}, see {link}: scope {scope}, acr {acr_values}, "
        "max_age {max_age}, interval {interval}.",
    )
    yield register_dialect(_dialect("acme", "ACME ID", "id.acme.example", step_up))
    recognition._REGISTERED = saved


def test_a_dialect_hint_mentions_what_the_response_carries(acme: Dialect) -> None:
    answer = body(
        error="step_up_now",
        error_uri="https://id.acme.example/e/1",
        scope="read",
        acr_values="urn:acme:mfa",
        max_age=300,
        interval=7,
    )
    err = parse(401, JSON, answer, provider="https://id.acme.example/token")
    assert err.dialect == "acme" and err.situation is Situation.AUTHENTICATION_REQUIRED
    assert err.hint.endswith(
        "HTTP 401, see https://id.acme.example/e/1: scope read, acr urn:acme:mfa, "
        "max_age 300, interval 7."
    )


def test_each_dialect_gives_its_own_hint_for_a_code_it_does_not_map(acme: Dialect) -> None:
    other = _dialect("globex", "Globex", "login.globex.example")
    register_dialect(other)
    answer = body(error="quota_gone")
    first = parse(400, JSON, answer, provider="https://id.acme.example/token")
    second = parse(400, JSON, answer, provider="https://login.globex.example/token")
    assert first.hint.endswith("ACME ID says quota_gone; see https://id.acme.example/docs.")
    assert second.hint.endswith("Globex says quota_gone; see https://login.globex.example/docs.")


# -- what a refusal says ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"error": 'a"b'}, "error has characters outside %x20-21 / %x23-5B / %x5D-7E"),
        (
            {"error": "invalid_request", "error_description": "tab\there"},
            "error_description has characters outside %x20-21 / %x23-5B / %x5D-7E",
        ),
        (
            {"error": "invalid_request", "error_uri": "https://as.example/a b"},
            "error_uri has characters outside %x21 / %x23-5B / %x5D-7E",
        ),
        (
            {"error": "invalid_request", "error_description": 5},
            "error_description is not a string",
        ),
        ({"error": 5}, "the error parameter is missing, empty or not a string"),
        ({"error": ""}, "the error parameter is missing, empty or not a string"),
    ],
)
def test_a_strict_refusal_names_the_parameter_and_what_it_may_hold(
    members: dict[str, Any], message: str
) -> None:
    with pytest.raises(MalformedResponseError) as info:
        parse_response(400, JSON, body(**members), strict=True)
    assert str(info.value) == message


def test_a_refused_redirect_says_what_to_do() -> None:
    with pytest.raises(MalformedResponseError) as jarm:
        parse_redirect("https://app.example/cb?response=eyJ.e30.sig", expected_state="s")
    assert str(jarm.value) == (
        "this is a JWT-secured authorization response (JARM): verify the signature of the "
        "'response' JWT with the server's keys first, then check its claims"
    )
    with pytest.raises(MalformedResponseError) as empty:
        parse_redirect("https://app.example/cb?state=s", expected_state="s", strict=True)
    assert str(empty.value) == "the redirect carries neither a result nor an error"
    with pytest.raises(TypeError) as state:
        parse_redirect("https://app.example/cb?error=x", expected_state=None)
    assert str(state.value) == (
        "expected_state must be the state sent (a str), or SKIP_STATE_CHECK to skip the check"
    )


# -- what a refusal keeps: no frame of the parser --------------------------------------------


def _package_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    package = str(Path(oauth_client_errors.__file__).parent)
    return [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(package)]


def test_a_refusal_keeps_no_frame_below_the_public_parser() -> None:
    # The parsers' frames hold the input (the authorization code, tokens a body echoes).
    with pytest.raises(StateMismatchError) as forged:
        parse_redirect("https://app.example/cb?code=c-1&state=forged", expected_state="sent")
    frames = _package_frames(forged.value)
    assert len(frames) == 1 and "parse_redirect" in frames[0].name
    with pytest.raises(MalformedResponseError) as strict:
        parse_response(400, JSON, body(error="invalid_request", error_uri=" "), strict=True)
    frames = _package_frames(strict.value)
    assert len(frames) == 1 and "parse_response" in frames[0].name


def test_a_refusal_raised_while_another_error_is_handled_drops_the_chain_frames_too() -> None:
    # Reporters that capture locals walk __context__ as well.
    caught: BaseException | None = None
    try:
        try:
            raise LookupError("what the caller was handling")
        except LookupError:
            parse_redirect("https://app.example/cb?code=c-1&state=forged", expected_state="s")
    except StateMismatchError as exc:
        caught = exc
    assert caught is not None and isinstance(caught.__context__, LookupError)
    assert caught.__traceback__ is not None  # the caller's own frame is kept
    assert caught.__context__.__traceback__ is None


def _refused_while_handling(depth: int) -> StateMismatchError:
    """The refusal of a forged redirect parsed while ``depth`` nested errors are handled."""
    try:
        raise LookupError(depth)
    except LookupError:
        if depth > 1:
            return _refused_while_handling(depth - 1)
        try:
            parse_redirect("https://app.example/cb?code=c-1&state=forged", expected_state="s")
        except StateMismatchError as exc:
            return exc
    raise AssertionError("the forged redirect was not refused")


def test_the_walk_down_a_chain_stops_after_eight_exceptions() -> None:
    # A bound, not a promise about long chains: a chain can loop (see below).
    exc: BaseException | None = _refused_while_handling(9)
    chain = []
    while exc is not None:
        chain.append(exc)
        exc = exc.__context__
    assert len(chain) == 10
    assert [e.__traceback__ is None for e in chain[1:]] == [True] * 7 + [False] * 2


def test_a_chain_that_loops_is_walked_to_its_bound() -> None:
    first, second = LookupError("first"), KeyError("second")
    first.__context__, second.__context__ = second, first  # a loop: only a bound ends the walk
    caught: BaseException | None = None
    try:
        try:
            raise first
        except LookupError:
            parse_redirect("https://app.example/cb?code=c-1&state=forged", expected_state="s")
    except StateMismatchError as exc:
        caught = exc
    assert caught is not None and caught.__context__ is first
    assert first.__traceback__ is None and second.__traceback__ is None


# -- what is remembered reads as what is computed --------------------------------------------


def _fields(err: OAuthError | None) -> dict[str, Any]:
    assert err is not None
    data = err.to_dict()
    data["class"] = type(err)
    data["hint"] = err.hint
    data["vendor_code"] = err.vendor_code
    return data


def test_what_is_remembered_reads_as_what_is_computed() -> None:
    every = list(samples())
    computed = []
    for sample in every:
        forget_interpretations()
        computed.append(_fields(sample.parse()))
    forget_interpretations()
    first = [_fields(sample.parse()) for sample in every]  # a verdict may serve a later one
    remembered = [_fields(sample.parse()) for sample in every]  # every verdict remembered
    assert first == computed
    assert remembered == computed
