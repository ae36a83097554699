"""Secrets, core side: no access token, refresh token, client secret or authorization code
ever appears in what an error shows or carries (issue 4 §5; the adapter side, with real
HTTP, is tests/test_adapter_secrets.py).

Every exception and every returned error is checked in: ``str``, ``repr``, ``args``,
``to_dict()`` (and its JSON), ``hint``, ``params``, ``challenges``, the whole exception
chain (``__cause__``/``__context__``), ``traceback.format_exception``,
``traceback.TracebackException(..., capture_locals=True)`` (what Sentry-style reporters
record), the pickle bytes, and every DEBUG log record.

The test functions never keep a sentinel in a local variable of their own (the URLs and
bodies are built inside lambdas from module constants), so that ``capture_locals`` sees
only the package's frames.

Decided behaviour, documented in ``OAuthError``: the values of secret-bearing parameters
(``access_token``, ``refresh_token``, ``id_token``, ``client_secret``, ``device_code``...
and ``code`` in an authorization response) are ``"[redacted]"`` in ``params``,
``to_dict()`` and pickles, and every occurrence of them in the rest of the error's text is
scrubbed; a program that needs one reads ``err.secret_params`` (masked ``repr``, never
pickled). A ``Token`` keeps its secrets, of course, but never shows them.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import pickle
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import tenacity
from leakcheck import chain

from oauth_client_errors import (
    SKIP_STATE_CHECK,
    ClientCredentials,
    HTTPResult,
    HTTPStatusError,
    InvalidClientError,
    InvalidGrantError,
    MalformedResponseError,
    OAuthClientError,
    OAuthError,
    RefreshTokenSource,
    StateMismatchError,
    Token,
    TokenRequest,
    parse_redirect,
    parse_response,
)

AT = "AT-SENTINEL-c0ffee1234"
RT = "RT-SENTINEL-deadbeef99"
CS = "CS-SENTINEL-5ecret0001"
CODE = "CODE-SENTINEL-a1b2c3d4"
IDT = "eyJ-IDT-SENTINEL.payload.sig"
SENTINELS = (AT, RT, CS, CODE, IDT, "SENTINEL")
CB = "https://app.example/cb"
JSON = {"Content-Type": "application/json"}


# -- the checks ---------------------------------------------------------------------------


def views(obj: BaseException | OAuthError) -> Iterator[tuple[str, str]]:
    for i, item in enumerate(chain(obj)):
        where = f"chain[{i}] {type(item).__name__}"
        yield f"{where} str", str(item)
        yield f"{where} repr", repr(item)
        yield f"{where} args", repr(item.args)
        if isinstance(item, OAuthError):
            yield f"{where} to_dict", json.dumps(item.to_dict())
            yield f"{where} to_dict repr", repr(item.to_dict())
            yield f"{where} hint", item.hint
            yield f"{where} params", repr(dict(item.params))
            yield f"{where} secret_params repr", repr(item.secret_params)
            yield f"{where} challenges", repr(item.challenges)
            yield f"{where} description", str(item.description)
            yield f"{where} safe_description", str(item.safe_description)
            yield f"{where} uri", str(item.uri)
            yield f"{where} copy", repr(copy.copy(item).to_dict())
    yield "format_exception", "".join(traceback.format_exception(obj))
    if obj.__traceback__ is not None:
        tb = traceback.TracebackException.from_exception(obj, capture_locals=True)
        yield "capture_locals", "".join(tb.format())
    try:
        data = pickle.dumps(obj)
    except TypeError:  # tenacity's RetryError holds a Future (a lock): not picklable at all
        assert isinstance(obj, tenacity.RetryError)
        data = b""
    yield "pickle", data.decode("latin-1")


def assert_clean(obj: BaseException | OAuthError | None, caplog: Any = None) -> None:
    assert obj is not None
    for where, text in views(obj):
        for secret in SENTINELS:
            assert secret not in text, f"{secret} leaked in {where}:\n{text[:3000]}"
    if caplog is not None:
        for record in caplog.records:
            line = logging.Formatter("%(name)s %(message)s %(exc_info)s").format(record)
            for secret in SENTINELS:
                assert secret not in line, f"{secret} leaked in a log record: {line}"


def raised(fn: Callable[[], Any]) -> BaseException:
    try:
        fn()
    except Exception as exc:
        return exc
    raise AssertionError("nothing was raised")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def test_the_checks_can_fail() -> None:
    """The checker finds a secret anywhere it looks (so the tests below can fail)."""
    with pytest.raises(AssertionError, match="leaked in chain"):
        assert_clean(ValueError(AT))
    cause = raised(lambda: int("x"))
    outer = OAuthClientError("wrapped")
    outer.__cause__ = KeyError(RT)
    with pytest.raises(AssertionError, match="KeyError"):
        assert_clean(outer)
    assert cause is not None

    def leaky(token: str) -> None:
        raise OAuthClientError("no secret in the message")

    with pytest.raises(AssertionError, match="capture_locals"):
        assert_clean(raised(lambda: leaky(AT)))


# -- redirects ----------------------------------------------------------------------------


def test_authorization_code_in_an_error_redirect_is_redacted(debug_logs: Any) -> None:
    """An error redirect that also carries ``code`` (and echoes it in its description)."""
    err = parse_redirect(
        f"{CB}?error=access_denied&code={CODE}&state=s"
        f"&error_description=code+{CODE}+was+refused&error_uri=https%3A%2F%2Fas.example%2F{CODE}",
        expected_state="s",
    )
    assert isinstance(err, OAuthError)
    assert_clean(err, debug_logs)
    assert err.params["code"] == "[redacted]"
    assert err.description == "code [redacted] was refused"
    assert dict(err.secret_params) == {"code": CODE}  # raw, for a program that needs it
    assert CODE not in repr(err.secret_params)
    clone = pickle.loads(pickle.dumps(err))
    assert dict(clone.secret_params) == {}


@pytest.mark.parametrize("where", ["?", "#"])
def test_tokens_in_an_implicit_error_fragment_are_redacted(where: str) -> None:
    err = parse_redirect(
        f"{CB}{where}error=server_error&access_token={AT}&id_token={IDT}&refresh_token={RT}"
        f"&error_description=failed+for+{AT}",
        expected_state=SKIP_STATE_CHECK,
    )
    assert isinstance(err, OAuthError)
    assert_clean(err)
    assert {err.params[k] for k in ("access_token", "id_token", "refresh_token")} == {"[redacted]"}
    assert err.secret_params["access_token"] == AT


FORGED = {
    "success-forged": f"{CB}?code={CODE}&state=forged",
    "success-no-state": f"{CB}?code={CODE}",
    "error-forged": f"{CB}?error=access_denied&code={CODE}&state=forged",
}


@pytest.mark.parametrize("name", list(FORGED))
def test_state_mismatch_carries_no_code(name: str, debug_logs: Any) -> None:
    exc = raised(lambda: parse_redirect(FORGED[name], expected_state="expected"))
    assert isinstance(exc, StateMismatchError)
    assert_clean(exc, debug_logs)


REFUSED = {
    "repeated": f"{CB}?code={CODE}&code={CODE}x&state=s",
    "query-and-fragment": f"{CB}?code={CODE}&state=s#code={CODE}",
    "mix-up": f"{CB}?code={CODE}&state=s&iss=https%3A%2F%2Fevil.example",
    "jarm": f"{CB}?response=eyJ.{CODE}.sig",
    "over-cap": f"{CB}?code={CODE}&state=s&x=" + "a" * 70_000,
    "too-many": f"{CB}?code={CODE}" + "&a=1" * 2000,
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_redirects_carry_no_code(name: str, debug_logs: Any) -> None:
    exc = raised(
        lambda: parse_redirect(
            REFUSED[name], expected_state="s", expected_issuer="https://as.example"
        )
    )
    assert isinstance(exc, OAuthClientError)
    assert_clean(exc, debug_logs)


def test_parser_frames_are_dropped_but_the_caller_keeps_its_own() -> None:
    """The fix: without it, ``parse_redirect``'s frame held the URL in its locals."""
    exc = raised(lambda: parse_redirect(FORGED["success-forged"], expected_state="x"))
    frames = traceback.extract_tb(exc.__traceback__)
    assert not any(f.name in ("_redirect", "_redirect_params", "_component") for f in frames)
    assert frames[-1].name == "parse_redirect"  # only the public function, its input deleted
    assert frames[0].name == "raised"
    tb = exc.__traceback__
    while tb is not None:
        held = repr(tb.tb_frame.f_locals) if tb.tb_frame.f_code.co_name != "raised" else ""
        assert CODE not in held, tb.tb_frame.f_code.co_name
        tb = tb.tb_next


def test_success_redirect_returns_nothing_to_leak() -> None:
    assert parse_redirect(f"{CB}?code={CODE}&state=s", expected_state="s") is None


# -- responses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"error": "invalid_grant", "refresh_token": RT, "error_description": f"{RT} revoked"},
        {"error": "invalid_request", "access_token": AT, "client_secret": CS},
        {"error": "invalid_client", "echo": {"form": {"client_secret": CS, "refresh_token": RT}}},
        {"error": "invalid_grant", "details": [{"id_token": IDT}], "note": f"id {IDT}"},
        {"error": "server_error", "Refresh_Token": RT},
    ],
)
def test_response_echoing_secret_parameters_is_redacted(
    body: dict[str, Any], debug_logs: Any
) -> None:
    err = parse_response(400, JSON, json.dumps(body).encode())
    assert isinstance(err, OAuthError)
    assert_clean(err, debug_logs)


@pytest.mark.parametrize("strict", [False, True])
def test_malformed_response_quoting_a_secret_carries_none(strict: bool, debug_logs: Any) -> None:
    """A broken body echoing secrets (strict mode raises): message and traceback clean."""
    outcome: Any = None
    try:
        outcome = parse_response(
            400,
            JSON,
            ('{"error": "invalid_grant", "refresh_token": "' + RT + '"').encode(),
            strict=strict,
        )
    except MalformedResponseError as exc:
        outcome = exc
    assert_clean(outcome, debug_logs)
    exc = raised(
        lambda: parse_response(
            400, JSON, b'{"error":"x","error_description":"' + RT.encode() + b'\x01"}', strict=True
        )
    )
    assert isinstance(exc, MalformedResponseError)
    assert_clean(exc, debug_logs)


def test_redact_removes_known_secrets_from_everything() -> None:
    """``OAuthError._redact``: what the token sources use for secrets they sent."""
    err = parse_response(
        401,
        [("WWW-Authenticate", f'Bearer error="invalid_token", error_description="{AT} bad"')],
        json.dumps({"error_uri": f"https://as.example/{AT}", "x": [f"{AT}"]}).encode(),
        endpoint="resource",
    )
    assert err is not None and AT in str(err.to_dict())  # the server echoed it
    err._redact([AT])
    assert_clean(err)


# -- tokens -------------------------------------------------------------------------------


def test_token_never_shows_its_secrets(debug_logs: Any) -> None:
    token = Token(AT, refresh_token=RT, expires_at=1.0, scope="read")
    shown = [
        repr(token),
        str(token),
        f"{token}",
        f"{token!r}",
        format(token, ""),
        repr([token]),
        repr({"t": token}),
        repr((token,)),
    ]
    for text in shown:
        for secret in (AT, RT):
            assert secret not in text, text
    logging.getLogger("app").debug("token %s %r", token, token)
    logging.getLogger("app").debug("token", extra={"token": token})
    for record in debug_logs.records:
        assert AT not in record.getMessage() and RT not in record.getMessage()


def test_token_keeps_its_secrets_for_programs() -> None:
    """By design: the token is data a program must use and may store (a cache)."""
    token = Token(AT, refresh_token=RT)
    assert token.access_token == AT and token.authorization == f"Bearer {AT}"
    assert pickle.loads(pickle.dumps(token)) == token  # a token cache works
    assert dataclasses.asdict(token)["access_token"] == AT  # explicit: asked for the data


def test_token_in_traceback_locals_is_masked() -> None:
    def use(token: Token) -> None:
        raise OAuthClientError("the resource refused")

    exc = raised(lambda: use(Token(AT, refresh_token=RT)))
    assert_clean(exc)


@pytest.mark.parametrize("suffix", ["\n", "\r\nX-Injected: 1", " x", "\x00"])
def test_token_with_bad_characters(suffix: str) -> None:
    """A token with a trailing newline (or a header injection): never shown when refused."""
    try:
        token = Token(AT + suffix)
    except (ValueError, OAuthClientError):
        assert_clean(raised(lambda: Token(AT + suffix)))
        return
    assert AT not in repr(token) and AT not in str(token)
    assert "\n" not in token.authorization and "\r" not in token.authorization


# -- token sources with an in-process transport -------------------------------------------


class FakeTransport:
    """A token endpoint in-process: answers each request with ``answer(request)``."""

    def __init__(self, answer: Callable[[TokenRequest], HTTPResult]) -> None:
        self.answer = answer
        self.requests: list[TokenRequest] = []

    def __call__(self, request: TokenRequest) -> HTTPResult:
        self.requests.append(request)
        return self.answer(request)


def echo_error(status: int = 400, code: str = "invalid_grant") -> FakeTransport:
    """An endpoint that echoes the whole request (form, Authorization header) in its error."""

    def answer(request: TokenRequest) -> HTTPResult:
        form = request.body.decode()
        fields = dict(urllib.parse.parse_qsl(form))
        auth = request.headers.get("Authorization", "")
        body = {
            "error": code,
            "error_description": f"{fields} {auth} {form}",
            "error_uri": f"https://as.example/e?{form}",
            "echo": {"form": form, "authorization": auth},
        }
        challenge = f'Bearer error="{code}", error_description="{auth} {form}"'
        return HTTPResult(
            status,
            [("Content-Type", "application/json"), ("WWW-Authenticate", challenge)],
            json.dumps(body).encode(),
        )

    return FakeTransport(answer)


def html_500() -> FakeTransport:
    def answer(request: TokenRequest) -> HTTPResult:
        page = f"<pre>{request.body.decode()} {request.headers.get('Authorization')}</pre>"
        return HTTPResult(500, [("Content-Type", "text/html")], page.encode())

    return FakeTransport(answer)


def no_access_token() -> FakeTransport:
    """A 200 without an access_token, but with the refresh token: malformed success."""

    def answer(request: TokenRequest) -> HTTPResult:
        body = {"token_type": "Bearer", "refresh_token": RT, "id_token": IDT}
        return HTTPResult(200, [("Content-Type", "application/json")], json.dumps(body).encode())

    return FakeTransport(answer)


def failing_transport() -> FakeTransport:
    def answer(request: TokenRequest) -> HTTPResult:
        raise OSError("connection refused")

    return FakeTransport(answer)


SOURCES: dict[str, Callable[[FakeTransport], Any]] = {
    "client_credentials basic": lambda t: ClientCredentials(
        "https://as.example/token", "client", CS, transport=t
    ),
    "client_credentials post": lambda t: ClientCredentials(
        "https://as.example/token", "client", CS, auth_method="client_secret_post", transport=t
    ),
    "refresh confidential": lambda t: RefreshTokenSource(
        "https://as.example/token",
        "client",
        Token(AT, refresh_token=RT),
        client_secret=CS,
        transport=t,
    ),
    "refresh public": lambda t: RefreshTokenSource(
        "https://as.example/token", "client", RT, transport=t
    ),
}


@pytest.mark.parametrize("source_name", list(SOURCES))
@pytest.mark.parametrize(
    "endpoint", [echo_error, lambda: echo_error(401, "invalid_client"), html_500]
)
def test_token_source_failures_carry_no_secret(
    source_name: str, endpoint: Callable[[], FakeTransport], debug_logs: Any
) -> None:
    transport = endpoint()
    source = SOURCES[source_name](transport)
    exc = raised(lambda: source.refresh(source.current))
    assert isinstance(exc, OAuthError)
    assert_clean(exc, debug_logs)
    assert transport.requests  # the secrets really went out, and came back echoed
    assert isinstance(exc, (InvalidGrantError, InvalidClientError, HTTPStatusError))


@pytest.mark.parametrize("source_name", list(SOURCES))
def test_token_source_malformed_success_carries_no_secret(
    source_name: str, debug_logs: Any
) -> None:
    source = SOURCES[source_name](no_access_token())
    exc = raised(lambda: source.refresh(source.current))
    assert isinstance(exc, MalformedResponseError)
    assert_clean(exc, debug_logs)


@pytest.mark.parametrize("source_name", list(SOURCES))
def test_token_source_transport_error_carries_no_secret(source_name: str, debug_logs: Any) -> None:
    source = SOURCES[source_name](failing_transport())
    exc = raised(lambda: source.refresh(source.current))
    assert isinstance(exc, OSError)
    assert_clean(exc, debug_logs)


def test_tenacity_retry_error_carries_no_secret(debug_logs: Any) -> None:
    source = SOURCES["refresh confidential"](echo_error(503, "temporarily_unavailable"))
    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(3),
        wait=tenacity.wait_none(),
        retry=tenacity.retry_if_exception_type(OAuthError),
    )
    exc = raised(lambda: retrying(source.refresh, source.current))
    assert isinstance(exc, tenacity.RetryError)
    assert isinstance(exc.last_attempt.exception(), OAuthError)
    assert_clean(exc, debug_logs)


def test_retry_error_with_reraise_carries_no_secret(debug_logs: Any) -> None:
    source = SOURCES["client_credentials post"](echo_error(500, "server_error"))
    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(2), wait=tenacity.wait_none(), reraise=True
    )
    exc = raised(lambda: retrying(source.token))
    assert isinstance(exc, OAuthError)
    assert_clean(exc, debug_logs)


def test_token_request_never_shows_its_body() -> None:
    source = SOURCES["refresh confidential"](echo_error())
    request = source.build_request(source.current)
    assert RT.encode() in request.body or RT in str(request.headers)
    for text in (repr(request), str(request)):
        for secret in SENTINELS:
            assert secret not in text
    assert CS not in repr(source) and RT not in repr(source)
