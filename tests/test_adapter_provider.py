"""The adapters tell the core who answered, so provider dialects apply without a hint."""

from __future__ import annotations

import httpx
import pytest
import requests
import requests.adapters

from oauth_client_errors import (
    ClientCredentials,
    HTTPResult,
    InvalidClientError,
    InvalidGrantError,
    TokenRequest,
    UnsupportedGrantTypeError,
)
from oauth_client_errors.httpx import from_httpx
from oauth_client_errors.requests import from_requests

# GitHub answers token errors with HTTP 200 and a form body by default:
# https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors
GITHUB_TOKEN_URL = "https://github.com/login/oauth/access_token"
GITHUB_BODY = (
    b"error=incorrect_client_credentials&error_description=The+client_id+and%2For+"
    b"client_secret+passed+are+incorrect.&error_uri=%2Fapps%2Fmanaging-oauth-apps%2F"
    b"troubleshooting-oauth-app-access-token-request-errors%2F%23incorrect-client-credentials"
)
FORM = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
# A standard code: only the host tells that GitHub sent it (no shape gives it away).
GENERIC_BODY = b"error=unsupported_grant_type"


def test_from_httpx_passes_the_request_url() -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, headers=FORM, content=GITHUB_BODY)
    )
    with httpx.Client(transport=transport) as client:
        response = client.post(GITHUB_TOKEN_URL)
    err = from_httpx(response, endpoint="token")
    assert err is not None
    assert err.dialect == "github"
    assert isinstance(err, InvalidClientError)
    assert err.received_code == "incorrect_client_credentials"


def test_from_httpx_dialect_by_host_alone() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=FORM, content=GENERIC_BODY)

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        github = client.post(GITHUB_TOKEN_URL)
        other = client.post("https://as.example/token")
    github_err, other_err = (
        from_httpx(github, endpoint="token"),
        from_httpx(other, endpoint="token"),
    )
    assert github_err is not None and github_err.dialect == "github"
    assert other_err is not None and other_err.dialect is None


def test_from_httpx_without_request_still_works() -> None:
    response = httpx.Response(400, json={"error": "invalid_grant"})
    err = from_httpx(response, endpoint="token")
    assert isinstance(err, InvalidGrantError)


class _Canned(requests.adapters.BaseAdapter):
    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        response = requests.Response()
        response.status_code = 200
        response.headers.update(dict(FORM))
        response._content = GENERIC_BODY
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass


def test_from_requests_passes_the_response_url() -> None:
    session = requests.Session()
    session.mount("https://", _Canned())
    response = session.post(GITHUB_TOKEN_URL)
    err = from_requests(response, endpoint="token")
    assert err is not None and err.dialect == "github"


def test_token_source_passes_its_token_endpoint() -> None:
    seen: list[str] = []

    def transport(request: TokenRequest) -> HTTPResult:
        seen.append(request.url)
        return HTTPResult(200, FORM, GENERIC_BODY)

    source = ClientCredentials(GITHUB_TOKEN_URL, "id", "not-the-secret", transport=transport)
    with pytest.raises(UnsupportedGrantTypeError) as info:
        source.token()
    assert seen == [GITHUB_TOKEN_URL]
    assert info.value.dialect == "github"
    assert "not-the-secret" not in str(info.value)
