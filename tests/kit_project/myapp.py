"""A tiny application that uses oauth-client-errors: the testing kit's sample project.

It is what a user's code looks like: it fetches a profile from an API with a token source,
runs a background refresh, exchanges an authorization code and finishes a sign-in, and turns
the typed errors into what it shows or does. ``myapp_tests.py`` tests it with the kit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import requests

from oauth_client_errors import (
    OAuthError,
    Policy,
    RefreshTokenSource,
    Token,
    TokenSource,
    parse_redirect,
)
from oauth_client_errors.httpx import OAuth2Auth, from_httpx, token_transport
from oauth_client_errors.requests import OAuth2Auth as RequestsOAuth2Auth


@dataclass
class Outcome:
    """What the application decided after an OAuth error."""

    action: str  # "sign_in_again", "ask_for_more", "try_later", "call_support", "give_up"
    error: OAuthError


ACTIONS = {
    Policy.REAUTHORIZE: "sign_in_again",
    Policy.STEP_UP: "ask_for_more",
    Policy.RETRY: "try_later",
    Policy.FIX_CONFIG: "call_support",
}


def decide(err: OAuthError) -> Outcome:
    """The application's own mapping of an error to what it does next."""
    return Outcome(ACTIONS.get(err.policy, "give_up"), err)


def fetch_profile(
    resource_url: str, source: TokenSource, *, client: httpx.Client | None = None
) -> Any:
    """GET the profile through httpx; the adapter refreshes and raises typed errors."""
    own = client or httpx.Client()
    try:
        response = own.get(resource_url, auth=OAuth2Auth(source))
        err = from_httpx(response)  # also Slack's errors, sent with status 200
        if err is not None:
            raise err
        response.raise_for_status()
        return response.json()
    finally:
        if client is None:
            own.close()


def fetch_profile_requests(
    resource_url: str, source: TokenSource, *, session: requests.Session | None = None
) -> Any:
    """The same with requests."""
    own = session or requests.Session()
    response = own.get(resource_url, auth=RequestsOAuth2Auth(source), timeout=10)
    response.raise_for_status()
    return response.json()


def refresh_worker(
    token_endpoint: str,
    client_id: str,
    client_secret: str,
    token: Token,
    *,
    client: httpx.Client | None = None,
) -> Token | Outcome:
    """A background job: refresh the stored token; on a typed error, decide what to do."""
    transport = token_transport(client) if client is not None else None
    source = RefreshTokenSource(
        token_endpoint, client_id, token, client_secret=client_secret, transport=transport
    )
    try:
        return source.refresh(token)
    except OAuthError as err:
        return decide(err)


def finish_sign_in(callback_url: str, state: str, issuer: str) -> str | Outcome:
    """Check an authorization redirect; return the code, or what to do about its error."""
    err = parse_redirect(callback_url, expected_state=state, expected_issuer=issuer)
    if err is not None:
        return decide(err)
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(callback_url).query)["code"][0]
