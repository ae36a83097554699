"""The evidence the adapters and sources hand to the core (issue 11: interpretation from
evidence): the endpoint when known, the request URL, and whether an access token was sent.

A recording stand-in for the core's ``parse_response`` shows what each caller passes; the
last test runs with the real core.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests

import oauth_client_errors
from oauth_client_errors import (
    ClientCredentials,
    DeviceFlow,
    HTTPResult,
    RefreshTokenSource,
    Token,
    TokenRequest,
    _tokens,
)
from oauth_client_errors._resource_metadata import interpret_metadata_response
from oauth_client_errors._tokens import interpret_http
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.httpx import from_httpx
from oauth_client_errors.requests import from_requests

TOKEN_URL = "https://as.example/token"
API = "https://api.example/data"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    real = oauth_client_errors.parse_response
    seen: list[dict[str, Any]] = []

    def recording(
        status: int,
        headers: Any = None,
        body: Any = None,
        *,
        endpoint: Any = None,
        strict: bool = False,
        provider: str | None = None,
        token_sent: bool | None = None,
        grant: str | None = None,
    ) -> Any:
        seen.append({"endpoint": endpoint, "provider": provider, "token_sent": token_sent})
        return real(status, headers, body, endpoint=endpoint or "resource", provider=provider)

    # interpret_http, the one place that hands evidence to the core, calls it from there.
    monkeypatch.setattr(_tokens, "parse_response", recording)
    yield seen


def token_answer(request: TokenRequest) -> HTTPResult:
    body = {"access_token": "AT-new", "token_type": "Bearer"}
    return HTTPResult(200, [("Content-Type", "application/json")], json.dumps(body).encode())


def test_adapters_say_a_token_was_sent_to_a_resource(calls: list[dict[str, Any]]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"error": "insufficient_scope"})

    source = RefreshTokenSource(
        TOKEN_URL, "cid", Token("AT", refresh_token="RT"), transport=token_answer
    )
    with (
        httpx.Client(transport=httpx.MockTransport(handler), auth=HttpxAuth(source)) as client,
        pytest.raises(oauth_client_errors.OAuthError),
    ):
        client.get(API)
    assert calls == [
        {"endpoint": "resource", "provider": "https://api.example:443", "token_sent": True}
    ]


def test_sources_say_no_access_token_was_sent(calls: list[dict[str, Any]]) -> None:
    ClientCredentials(TOKEN_URL, "cid", "s", transport=token_answer).token()
    assert calls == [{"endpoint": "token", "provider": TOKEN_URL, "token_sent": False}]


def test_device_flow_and_metadata_say_no_token_was_sent(calls: list[dict[str, Any]]) -> None:
    def start(request: TokenRequest) -> HTTPResult:
        return HTTPResult(400, [("Content-Type", "application/json")], b'{"error": "x"}')

    flow = DeviceFlow("https://as.example/device", TOKEN_URL, "cid", transport=start)
    with pytest.raises(oauth_client_errors.OAuthError):
        flow.start()
    with pytest.raises(oauth_client_errors.OAuthError):
        interpret_metadata_response(
            HTTPResult(503, [], b""), API, url="https://api.example/.well-known/x"
        )
    assert [c["endpoint"] for c in calls] == ["device_authorization", "resource"]
    assert [c["token_sent"] for c in calls] == [False, False]


@pytest.mark.parametrize(
    ("authorization", "sent"),
    [("Bearer AT", True), ("DPoP AT", True), ("Basic Y2lkOnM=", False), (None, False)],
)
def test_from_httpx_and_requests_read_the_evidence_of_the_request(
    calls: list[dict[str, Any]], authorization: str | None, sent: bool
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    request = httpx.Request("GET", API, headers=headers)
    from_httpx(httpx.Response(401, request=request))
    prepared = requests.Request("GET", API, headers=headers).prepare()
    response = requests.Response()
    response.status_code = 401
    response.request = prepared
    response.url = API
    response._content = b""
    response._content_consumed = True  # type: ignore[attr-defined]
    from_requests(response)
    assert [c["token_sent"] for c in calls] == [sent, sent]
    assert [c["endpoint"] for c in calls] == [None, None]  # inferred by the core
    assert [c["provider"] for c in calls] == [API, API]


def test_with_the_core_as_it_is() -> None:
    """With the real core, the one place hands it the evidence it accepts."""
    err = interpret_http(
        401,
        [("WWW-Authenticate", 'Bearer error="invalid_token"')],
        None,
        endpoint=None,
        provider=API,
        token_sent=True,
    )
    assert err is not None and err.code == "invalid_token"
    assert err.policy is oauth_client_errors.Policy.REFRESH
