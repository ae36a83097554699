"""The sample project's tests: the application tested with the kit, as a user would.

Run by ``tests/test_testing_kit.py`` with pytester (the plugin comes in through its
``pytest11`` entry point, nothing is imported from the kit's own tests).
"""

from __future__ import annotations

import base64
import hashlib
import secrets

import httpx
import pytest
import requests
import responses
import respx
from myapp import decide, fetch_profile, fetch_profile_requests, finish_sign_in, refresh_worker

from oauth_client_errors import (
    ClientCredentials,
    InsufficientScopeError,
    InsufficientUserAuthenticationError,
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
    InvalidTokenError,
    Policy,
    RefreshTokenSource,
)
from oauth_client_errors.requests import from_requests
from oauth_client_errors.testing import respond_with, respond_with_requests, sample

API = "https://api.example.com/me"
TOKEN = "https://auth.example.com/token"
SLACK = "https://slack.com/api/users.profile.get"


# -- against the loopback server (the oauth_server fixture) ------------------------------


def test_profile_with_client_credentials(oauth_server):
    source = ClientCredentials(
        oauth_server.token_endpoint, oauth_server.client_id, oauth_server.client_secret
    )
    assert fetch_profile(oauth_server.resource_url, source)["ok"] is True
    assert oauth_server.token_requests == 1


def test_google_revoked_refresh_token_means_sign_in_again(oauth_server):
    oauth_server.fail_next_token("google", "invalid_grant")
    outcome = refresh_worker(
        oauth_server.token_endpoint,
        oauth_server.client_id,
        oauth_server.client_secret,
        oauth_server.issue_token(),
    )
    assert outcome.action == "sign_in_again"
    assert isinstance(outcome.error, InvalidGrantError)
    assert outcome.error.policy is Policy.REAUTHORIZE and outcome.error.dialect == "google"


def test_rotated_refresh_token_reused(oauth_server):
    oauth_server.rotate_refresh_tokens = True
    first = oauth_server.issue_token()
    fresh = refresh_worker(
        oauth_server.token_endpoint, oauth_server.client_id, oauth_server.client_secret, first
    )
    assert fresh.refresh_token not in (None, first.refresh_token)
    again = refresh_worker(
        oauth_server.token_endpoint, oauth_server.client_id, oauth_server.client_secret, first
    )
    assert isinstance(again.error, InvalidGrantError) and again.action == "sign_in_again"


def test_expired_access_token_is_refreshed_once(oauth_server):
    token = oauth_server.issue_token(scope="profile")
    oauth_server.expire_access_tokens()
    source = RefreshTokenSource(
        oauth_server.token_endpoint,
        oauth_server.client_id,
        token,
        client_secret=oauth_server.client_secret,
    )
    assert fetch_profile(oauth_server.resource_url, source)["scope"] == "profile"
    assert oauth_server.token_requests == 1


def test_resource_asks_for_more_scope(oauth_server):
    source = RefreshTokenSource(
        oauth_server.token_endpoint,
        oauth_server.client_id,
        oauth_server.issue_token(),
        client_secret=oauth_server.client_secret,
    )
    oauth_server.fail_next_resource("rfc", "insufficient_scope")
    with pytest.raises(InsufficientScopeError) as caught:
        fetch_profile(oauth_server.resource_url, source)
    assert decide(caught.value).action == "ask_for_more"


def test_a_service_without_a_user_cannot_ask_for_more(oauth_server):
    source = ClientCredentials(
        oauth_server.token_endpoint, oauth_server.client_id, oauth_server.client_secret
    )
    oauth_server.fail_next_resource("rfc", "insufficient_scope")
    with pytest.raises(InsufficientScopeError) as caught:
        fetch_profile(oauth_server.resource_url, source)
    assert caught.value.grant == "client_credentials"
    assert decide(caught.value).action == "call_support"


def test_wrong_client_secret_is_a_configuration_problem(oauth_server):
    source = ClientCredentials(oauth_server.token_endpoint, oauth_server.client_id, "wrong")
    with pytest.raises(InvalidClientError) as caught:
        fetch_profile(oauth_server.resource_url, source)
    assert caught.value.policy is Policy.FIX_CONFIG


def test_entra_redirect_error(oauth_server):
    oauth_server.fail_next_authorization("microsoft", "AADSTS50011")
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    answer = httpx.get(
        oauth_server.authorization_endpoint,
        params={
            "response_type": "code",
            "client_id": oauth_server.client_id,
            "state": "s1",
            "redirect_uri": "http://127.0.0.1/cb",
            "code_challenge_method": "S256",
            "code_challenge": challenge.rstrip(b"=").decode(),
        },
    )
    outcome = finish_sign_in(answer.headers["location"], "s1", oauth_server.issuer)
    assert isinstance(outcome.error, InvalidRequestError)
    assert outcome.error.vendor_code == "AADSTS50011" and outcome.action == "call_support"


def test_state_is_fresh_a(oauth_server):
    oauth_server.rotate_refresh_tokens = True
    oauth_server.fail_next_token("rfc", "invalid_client")  # never consumed here
    oauth_server.issue_token()


def test_state_is_fresh_b(oauth_server):
    assert oauth_server.rotate_refresh_tokens is False
    assert oauth_server.token_requests == 0
    source = ClientCredentials(
        oauth_server.token_endpoint, oauth_server.client_id, oauth_server.client_secret
    )
    assert source.token().access_token


# -- respx and httpx.MockTransport --------------------------------------------------------


@respx.mock
def test_slack_revoked_token_with_status_200():
    respx.get(SLACK).mock(return_value=respond_with("slack", "token_revoked"))
    respx.post(TOKEN).mock(
        return_value=httpx.Response(
            200, json={"access_token": "a", "token_type": "Bearer", "expires_in": 60}
        )
    )
    with httpx.Client() as client:
        source = ClientCredentials(TOKEN, "id", "secret", transport=_via(client))
        with pytest.raises(InvalidTokenError) as caught:
            fetch_profile(SLACK, source, client=client)
    assert caught.value.policy is Policy.REAUTHORIZE and caught.value.dialect == "slack"
    assert decide(caught.value).action == "sign_in_again"


@respx.mock
def test_github_code_exchange_refused_on_the_token_route():
    respx.post(TOKEN).mock(return_value=respond_with("github", "bad_verification_code"))
    with httpx.Client() as client:
        outcome = refresh_worker(TOKEN, "id", "secret", _token(), client=client)
    assert isinstance(outcome.error, InvalidGrantError)
    assert outcome.error.received_code == "bad_verification_code"
    assert outcome.error.code == "invalid_grant" and outcome.action == "sign_in_again"


def test_mock_transport_handler():
    transport = httpx.MockTransport(
        lambda request: respond_with("rfc", "insufficient_user_authentication", request=request)
    )
    with httpx.Client(transport=transport) as client:
        source = RefreshTokenSource(
            TOKEN, "id", "RT", client_secret="secret", transport=lambda r: _ok()
        )
        with pytest.raises(InsufficientUserAuthenticationError) as caught:
            fetch_profile(API, source, client=client)
    err = caught.value
    assert err.policy is Policy.STEP_UP
    assert err.next_authorization_params()["acr_values"] == "myACR"


# -- requests: a mounted adapter and the responses library --------------------------------


class SampleAdapter(requests.adapters.BaseAdapter):
    def __init__(self, provider, code):
        super().__init__()
        self.answer = (provider, code)

    def send(self, request, **kwargs):
        response = respond_with_requests(*self.answer, request=request)
        response.connection = self  # what requests' own adapters set
        return response

    def close(self):
        pass


def test_requests_adapter_okta_invalid_token():
    session = requests.Session()
    session.mount("https://api.example.com/", SampleAdapter("okta", "E0000011"))
    source = RefreshTokenSource(
        TOKEN, "id", "RT", client_secret="secret", transport=lambda r: _ok()
    )
    with pytest.raises(InvalidTokenError) as caught:
        fetch_profile_requests(API, source, session=session)
    # The adapter refreshed once and the API refused the new token too: sign in again.
    assert caught.value.dialect == "okta" and caught.value.policy is Policy.REAUTHORIZE
    assert decide(caught.value).action == "sign_in_again"


@responses.activate
def test_responses_library_facebook_session_expired():
    s = sample("facebook", "190/463")
    responses.add(responses.GET, API, status=s.status, headers=dict(s.headers), body=s.body)
    err = from_requests(requests.get(API, timeout=5))
    assert isinstance(err, InvalidTokenError) and err.policy is Policy.REAUTHORIZE


# -- helpers -------------------------------------------------------------------------------


def _via(client):
    from oauth_client_errors.httpx import token_transport

    return token_transport(client)


def _ok():
    from oauth_client_errors import HTTPResult

    return HTTPResult(
        200,
        [("Content-Type", "application/json")],
        b'{"access_token": "a", "token_type": "Bearer", "expires_in": 60}',
    )


def _token():
    from oauth_client_errors import Token

    return Token("old", refresh_token="r", expires_at=0)
