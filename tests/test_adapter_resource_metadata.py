"""RFC 9728 protected resource metadata: URL building, validation, and fetching (loopback).

The resource is Authlib's resource protector in ``servers.py``; its 401 challenge carries
``resource_metadata`` (RFC 9728 §5.1) when the test asks for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests
from servers import LiveServer, serve, serve_wsgi

from oauth_client_errors import InvalidTokenError, MalformedResponseError, OAuthError, Token
from oauth_client_errors._resource_metadata import (
    metadata_request_for,
    parse_resource_metadata,
    well_known_url,
)
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.httpx import afetch_resource_metadata
from oauth_client_errors.httpx import fetch_resource_metadata as httpx_fetch
from oauth_client_errors.requests import OAuth2Auth as RequestsAuth
from oauth_client_errors.requests import fetch_resource_metadata as requests_fetch
from oauth_client_errors.retry import RetryPolicy

# -- pure parts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resource", "url"),
    [
        ("https://api.example", "https://api.example/.well-known/oauth-protected-resource"),
        ("https://api.example/", "https://api.example/.well-known/oauth-protected-resource"),
        (
            "https://api.example/resource1",
            "https://api.example/.well-known/oauth-protected-resource/resource1",
        ),
        (
            "https://api.example/v1/",
            "https://api.example/.well-known/oauth-protected-resource/v1",
        ),
        (
            "https://api.example:8443/t/a?x=1",
            "https://api.example:8443/.well-known/oauth-protected-resource/t/a?x=1",
        ),
        (
            "http://127.0.0.1:8000/api",
            "http://127.0.0.1:8000/.well-known/oauth-protected-resource/api",
        ),
    ],
)
def test_well_known_url_inserted_after_the_host(resource: str, url: str) -> None:
    # RFC 9728 §3.1: https://resource.example.com/resource1 ->
    # https://resource.example.com/.well-known/oauth-protected-resource/resource1
    assert well_known_url(resource) == url


@pytest.mark.parametrize(
    "bad",
    [
        "http://api.example/x",
        "https://api.example/x#frag",
        "ftp://api.example",
        "/relative",
        "https://user:pw@api.example/",
    ],
)
def test_unacceptable_resource_identifiers(bad: str) -> None:
    with pytest.raises(ValueError):
        well_known_url(bad)


def test_validation_exact_match_rfc9728_section_3_3() -> None:
    doc = {"resource": "https://api.example/v1", "authorization_servers": ["https://as.example"]}
    meta = parse_resource_metadata(doc, "https://API.example:443/v1")
    assert meta.resource == "https://api.example/v1"
    assert meta.authorization_servers == ("https://as.example",)
    assert meta.scopes_supported == ()
    assert meta.raw["resource"] == "https://api.example/v1"
    for other in ("https://api.example/v2", "https://evil.example/v1", "http://api.example/v1"):
        with pytest.raises(MalformedResponseError, match="must not be used"):
            parse_resource_metadata(doc, other)


def test_validation_prefix_match_is_opt_in() -> None:
    doc = {"resource": "https://api.example/v1"}
    with pytest.raises(MalformedResponseError):
        parse_resource_metadata(doc, "https://api.example/v1/users/7")
    meta = parse_resource_metadata(doc, "https://api.example/v1/users/7", prefix_match=True)
    assert meta.resource == "https://api.example/v1"
    with pytest.raises(MalformedResponseError):  # a prefix of the string, not of the path
        parse_resource_metadata(doc, "https://api.example/v10", prefix_match=True)
    with pytest.raises(MalformedResponseError):  # another origin is never a prefix
        parse_resource_metadata(doc, "https://api.example:444/v1/x", prefix_match=True)


@pytest.mark.parametrize(
    "doc",
    [
        b"not json",
        b"[1, 2]",
        b"{}",
        json.dumps({"resource": 5}).encode(),
        json.dumps({"resource": "https://a.example", "authorization_servers": "x"}).encode(),
        json.dumps({"resource": "https://a.example", "scopes_supported": [1]}).encode(),
        b'{"resource": "https://a.example", "pad": "' + b"x" * (2 * 1024 * 1024) + b'"}',
    ],
)
def test_invalid_documents(doc: bytes) -> None:
    with pytest.raises(MalformedResponseError):
        parse_resource_metadata(doc, "https://a.example")


def test_metadata_url_from_an_error_needs_the_challenge_parameter() -> None:
    err = InvalidTokenError(endpoint="resource", status_code=401)
    with pytest.raises(ValueError, match="resource_metadata"):
        metadata_request_for(err, "https://api.example/x")
    with pytest.raises(TypeError):
        metadata_request_for(42, None)  # type: ignore[arg-type]


# -- against the loopback server --------------------------------------------------------------


class Bogus:
    """A token source whose tokens the resource does not know: two 401s, then the error."""

    def token(self) -> Token:
        return Token("unknown-token-1")

    def refresh(self, stale: Token | None) -> Token:
        return Token("unknown-token-2")


@pytest.fixture
def live() -> Iterator[LiveServer]:
    with serve() as server:
        server.store.challenge_extra["resource_metadata"] = (
            f"{server.url}/.well-known/oauth-protected-resource/api/me"
        )
        yield server


def refused_httpx(live: LiveServer) -> OAuthError:
    auth = HttpxAuth(Bogus(), retry=RetryPolicy.never())
    with httpx.Client(auth=auth, trust_env=False) as client, pytest.raises(OAuthError) as info:
        client.get(f"{live.url}/api/me")
    return info.value


def test_httpx_fetch_from_the_challenge(live: LiveServer) -> None:
    err = refused_httpx(live)
    assert err.challenges[0].resource_metadata is not None
    with httpx.Client(auth=HttpxAuth(Bogus()), trust_env=False) as client:
        meta = httpx_fetch(client, err)
    assert meta.resource == f"{live.url}/api/me"
    assert meta.authorization_servers == (live.url,)
    assert meta.scopes_supported == ("profile", "admin")
    assert meta.url == f"{live.url}/.well-known/oauth-protected-resource/api/me"
    assert live.store.metadata_requests == [None]  # no token sent for metadata


async def test_httpx_async_fetch_from_the_challenge_and_from_a_url(live: LiveServer) -> None:
    err = refused_httpx(live)
    async with httpx.AsyncClient(trust_env=False) as client:
        meta = await afetch_resource_metadata(client, err)
        by_url = await afetch_resource_metadata(client, f"{live.url}/api/me")
    assert meta.authorization_servers == by_url.authorization_servers == (live.url,)


def test_requests_fetch_from_the_challenge_and_from_a_url(live: LiveServer) -> None:
    with requests.Session() as session:
        session.trust_env = False
        session.auth = RequestsAuth(Bogus(), retry=RetryPolicy.never())
        with pytest.raises(OAuthError) as info:
            session.get(f"{live.url}/api/me", timeout=10)
        meta = requests_fetch(session, info.value)
        by_url = requests_fetch(session, f"{live.url}/api")
    assert meta.resource == f"{live.url}/api/me"
    assert by_url.resource == f"{live.url}/api"
    assert meta.authorization_servers == (live.url,)
    assert live.store.metadata_requests == [None, None]


def test_metadata_for_another_resource_is_refused(live: LiveServer) -> None:
    err = refused_httpx(live)
    live.store.metadata_override = {
        "resource": "https://evil.example/api/me",
        "authorization_servers": ["https://evil.example"],
    }
    with httpx.Client(trust_env=False) as client, pytest.raises(MalformedResponseError):
        httpx_fetch(client, err)
    with requests.Session() as session, pytest.raises(MalformedResponseError):
        requests_fetch(session, f"{live.url}/api/me")


def test_metadata_endpoint_error_is_typed() -> None:
    def unavailable(environ: Any, start_response: Any) -> list[bytes]:
        start_response("503 Service Unavailable", [("Retry-After", "7")])
        return [b"down"]

    with serve_wsgi(unavailable) as url:
        with httpx.Client(trust_env=False) as client, pytest.raises(OAuthError) as info:
            httpx_fetch(client, f"{url}/api")
        assert info.value.status_code == 503
        assert info.value.retry_after == 7
        with requests.Session() as session, pytest.raises(OAuthError):
            requests_fetch(session, f"{url}/api")


def test_plain_http_metadata_url_of_another_host_is_refused(live: LiveServer) -> None:
    live.store.challenge_extra["resource_metadata"] = "http://metadata.example/x"
    err = refused_httpx(live)
    with httpx.Client(trust_env=False) as client, pytest.raises(ValueError, match="https"):
        httpx_fetch(client, err)


def test_bad_resource_metadata_from_a_server_is_a_protocol_error() -> None:
    from oauth_client_errors import Challenge

    for url in ("http://metadata.example/x", "https://u:p@as.example/", "https://a.example/#f"):
        err = InvalidTokenError(
            endpoint="resource",
            status_code=401,
            challenges=[Challenge("Bearer", {"resource_metadata": url})],
        )
        with pytest.raises(MalformedResponseError):  # the server's fault, not the caller's
            metadata_request_for(err, "https://api.example/x")
