"""Hints and policies that fit the grant (issue 13 item 3).

The grant behind a token is evidence: with a user behind it (authorization code, a refresh
of a user's grant, device flow, CIBA) the rules stand as written; with none (client
credentials, a bearer assertion, token exchange) nobody can authorize again or give more,
so ``reauthorize`` and ``step_up`` become ``fix_config`` and the hint says what to
configure. Table tests per grant kind and situation, through the real parser, the real
sources, the real adapters (on mocked transports) and the command line.
"""

from __future__ import annotations

import base64
import json
import pickle
from typing import Any

import httpx
import pytest
import requests

from oauth_client_errors import (
    AuthorizationCodeFlow,
    ClientCredentials,
    DeviceFlow,
    HTTPResult,
    InsufficientScopeError,
    InvalidGrantError,
    OAuthError,
    Policy,
    RefreshTokenSource,
    Situation,
    Token,
    TokenRequest,
    parse_response,
)
from oauth_client_errors._registry import NO_USER_HINTS, alternatives
from oauth_client_errors._rules import GRANTS, grant_type, policy_for, user_present
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.httpx import from_httpx
from oauth_client_errors.requests import from_requests

S = Situation
P = Policy
JSON = {"Content-Type": "application/json"}
TOKEN_URL = "https://as.example/token"
API = "https://api.example/data"

DEVICE = "urn:ietf:params:oauth:grant-type:device_code"
CIBA = "urn:openid:params:grant-type:ciba"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"

#: Grants with a user behind the token, and without one (written out, not derived).
USER_GRANTS = ["authorization_code", "refresh_token", DEVICE, CIBA, "password"]
NO_USER_GRANTS = ["client_credentials", JWT_BEARER, TOKEN_EXCHANGE]

# Phrases that ask a person to act; none may reach a client that has no user.
PERSON_WORDS = (
    "authorize again",
    "authorization again",
    "send the user",
    "sign in again",
    "ask the user",
    "the user must",
    "so they can",
)


# -- the vocabulary ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("client_credentials", "client_credentials"),
        (" Client_Credentials ", "client_credentials"),
        ("device_code", DEVICE),
        ("ciba", CIBA),
        ("jwt_bearer", JWT_BEARER),
        ("jwt-bearer", JWT_BEARER),
        ("token_exchange", TOKEN_EXCHANGE),
        (TOKEN_EXCHANGE, TOKEN_EXCHANGE),
        ("urn:example:vendor-grant", "urn:example:vendor-grant"),
        ("", None),
        (None, None),
    ],
)
def test_grant_type_names_the_grant(given: str | None, expected: str | None) -> None:
    assert grant_type(given) == expected


@pytest.mark.parametrize("grant", USER_GRANTS)
def test_a_user_is_behind_these_grants(grant: str) -> None:
    assert user_present(grant) is True


@pytest.mark.parametrize("grant", [*NO_USER_GRANTS, "token_exchange", "jwt_bearer"])
def test_no_user_is_behind_these_grants(grant: str) -> None:
    assert user_present(grant) is False


@pytest.mark.parametrize("grant", [None, "", "urn:example:vendor-grant"])
def test_an_unknown_grant_says_nothing(grant: str | None) -> None:
    assert user_present(grant) is None


def test_every_registered_grant_is_in_one_of_the_tables() -> None:
    assert set(GRANTS) == {grant_type(g) for g in [*USER_GRANTS, *NO_USER_GRANTS, "implicit"]} | {
        "urn:ietf:params:oauth:grant-type:saml2-bearer"
    }


# -- the policy: grant kind x situation -------------------------------------------------------

#: Rules 1-7 as written (a user behind the token, or the grant unknown), a token sent.
WITH_USER: dict[Situation, Policy] = {
    S.RATE_LIMITED: P.RETRY,
    S.UNAVAILABLE: P.RETRY,
    S.NONCE_REQUIRED: P.RETRY,
    S.PENDING: P.POLL,
    S.SLOW_DOWN: P.SLOW_DOWN,
    S.TOKEN_REJECTED: P.REFRESH,
    S.GRANT_INVALID: P.REAUTHORIZE,
    S.INTERACTION_REQUIRED: P.REAUTHORIZE,
    S.SCOPE_REQUIRED: P.STEP_UP,
    S.AUTHENTICATION_REQUIRED: P.STEP_UP,
    S.CLAIMS_REQUIRED: P.STEP_UP,
    S.CLIENT_MISCONFIGURED: P.FIX_CONFIG,
    S.REQUEST_INVALID: P.FIX_CONFIG,
    S.DENIED: P.FAIL,
    S.FORBIDDEN: P.FAIL,
    S.UNKNOWN: P.FAIL,
}
#: Rules 3 and 4 refined for a client with no user: nobody can authorize or give more.
WITHOUT_USER: dict[Situation, Policy] = {
    **WITH_USER,
    S.GRANT_INVALID: P.FIX_CONFIG,
    S.INTERACTION_REQUIRED: P.FIX_CONFIG,
    S.SCOPE_REQUIRED: P.FIX_CONFIG,
    S.AUTHENTICATION_REQUIRED: P.FIX_CONFIG,
    S.CLAIMS_REQUIRED: P.FIX_CONFIG,
}


@pytest.mark.parametrize("situation", list(Situation))
@pytest.mark.parametrize("grant", [None, *USER_GRANTS, *NO_USER_GRANTS])
def test_policy_by_grant_and_situation(situation: Situation, grant: str | None) -> None:
    expected = WITHOUT_USER if grant in NO_USER_GRANTS else WITH_USER
    got = policy_for(situation, token_sent=True, user_present=user_present(grant))
    assert got is expected[situation]


@pytest.mark.parametrize(
    ("present", "expected"),
    [(None, P.REAUTHORIZE), (True, P.REAUTHORIZE), (False, P.FIX_CONFIG)],
)
def test_a_token_refused_after_a_refresh(present: bool | None, expected: Policy) -> None:
    got = policy_for(S.TOKEN_REJECTED, after_refresh=True, user_present=present)
    assert got is expected


# -- through the parser: one real response per situation ----------------------------------------

_CLAIMS = base64.b64encode(
    json.dumps({"access_token": {"nbf": {"essential": True, "value": "1"}}}).encode()
).decode()

#: (situation, status, headers, body, endpoint, token_sent)
RESPONSES: list[tuple[Situation, int, dict[str, str], Any, str, bool | None]] = [
    (
        S.SCOPE_REQUIRED,
        403,
        {"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="admin"'},
        None,
        "resource",
        True,
    ),
    (
        S.TOKEN_REJECTED,
        401,
        {"WWW-Authenticate": 'Bearer error="invalid_token"'},
        None,
        "resource",
        True,
    ),
    (S.GRANT_INVALID, 400, JSON, {"error": "invalid_grant"}, "token", False),
    (
        S.INTERACTION_REQUIRED,
        401,
        {"WWW-Authenticate": 'Bearer realm="api"'},
        None,
        "resource",
        False,
    ),
    (
        S.AUTHENTICATION_REQUIRED,
        401,
        {"WWW-Authenticate": 'Bearer error="insufficient_user_authentication", acr_values="mfa"'},
        None,
        "resource",
        True,
    ),
    (
        S.CLAIMS_REQUIRED,
        401,
        {"WWW-Authenticate": f'Bearer error="insufficient_claims", claims="{_CLAIMS}"'},
        None,
        "resource",
        True,
    ),
    (S.DENIED, 400, JSON, {"error": "access_denied"}, "token", False),
    (S.FORBIDDEN, 403, {}, None, "resource", True),
    (S.RATE_LIMITED, 429, {"Retry-After": "7"}, None, "resource", True),
    (S.CLIENT_MISCONFIGURED, 401, JSON, {"error": "invalid_client"}, "token", False),
    (S.REQUEST_INVALID, 400, JSON, {"error": "invalid_scope"}, "token", False),
    (S.PENDING, 400, JSON, {"error": "authorization_pending"}, "token", False),
]


def _parse(case: tuple[Any, ...], grant: str | None) -> OAuthError:
    _, status, headers, body, endpoint, token_sent = case
    raw = json.dumps(body) if body is not None else None
    err = parse_response(
        status, headers, raw, endpoint=endpoint, token_sent=token_sent, grant=grant
    )
    assert err is not None
    return err


@pytest.mark.parametrize("case", RESPONSES, ids=[c[0].value for c in RESPONSES])
@pytest.mark.parametrize("grant", [*USER_GRANTS, *NO_USER_GRANTS])
def test_parsed_policy_and_hint_by_grant(case: tuple[Any, ...], grant: str) -> None:
    situation = case[0]
    unknown = _parse(case, None)
    err = _parse(case, grant)
    # What happened does not depend on the grant; what to do may.
    assert unknown.situation is err.situation is situation
    assert err.grant == grant_type(grant)
    if grant in NO_USER_GRANTS:
        assert err.user_present is False
        assert err.policy is WITHOUT_USER[situation]
        if situation in NO_USER_HINTS:
            assert err.hint != unknown.hint
            lowered = err.hint.lower()
            assert not [w for w in PERSON_WORDS if w in lowered], err.hint
        else:
            assert err.hint == unknown.hint
    else:
        assert err.user_present is True
        assert err.policy is WITH_USER[situation] is unknown.policy
        assert err.hint == unknown.hint


def test_the_issue_case_a_client_credentials_client_gets_a_403() -> None:
    err = _parse(RESPONSES[0], "client_credentials")
    assert isinstance(err, InsufficientScopeError)
    assert err.policy is P.FIX_CONFIG
    assert err.hint == (
        "The access token lacks the scope this request needs, and no user can grant it: "
        'grant the client the scope "admin" (or the matching app role or permission) in '
        "the authorization server's configuration, then request a new token with "
        "scope=admin."
    )
    # The end user cannot help either: the application's configuration must change.
    assert "sign in" not in err.user_message.lower()
    assert (
        err.user_message
        == _parse(
            (S.CLIENT_MISCONFIGURED, 401, JSON, {"error": "invalid_client"}, "token", False), None
        ).user_message
    )


@pytest.mark.parametrize(
    ("situation", "words"),
    [
        (S.TOKEN_REJECTED, ("fetched", "does not accept tokens of this client")),
        (S.GRANT_INVALID, ("credentials or signed assertion", "grant type is allowed")),
        (S.INTERACTION_REQUIRED, ("client's own grant",)),
        (S.AUTHENTICATION_REQUIRED, ('acr "mfa"', "cannot give")),
        (S.CLAIMS_REQUIRED, ("only a user can give",)),
        (S.DENIED, ("a policy, not a person",)),
        (S.FORBIDDEN, ("this client is not allowed",)),
    ],
)
def test_no_user_hints_say_what_to_configure(situation: Situation, words: tuple[str, ...]) -> None:
    case = next(c for c in RESPONSES if c[0] is situation)
    hint = _parse(case, "client_credentials").hint
    for word in words:
        assert word in hint


def test_every_no_user_hint_is_reached_by_a_response() -> None:
    reached = {c[0] for c in RESPONSES} & set(NO_USER_HINTS)
    assert reached == set(NO_USER_HINTS)


def test_no_user_hints_have_sources_and_no_person_words() -> None:
    for row in NO_USER_HINTS.values():
        assert row.specs and all(s.split()[0] in ("RFC", "OIDC", "UMA") for s in row.specs)
        for text in alternatives(row.hint):
            assert not [w for w in PERSON_WORDS if w in text.lower()], text


# -- the same across providers, for a client with no user ------------------------------------


def test_a_dialect_lends_its_scope_to_the_no_user_hint() -> None:
    body = json.dumps({"ok": False, "error": "missing_scope", "needed": "chat:write"})
    err = parse_response(
        200,
        JSON,
        body,
        provider="https://slack.com/api/chat.postMessage",
        grant="client_credentials",
    )
    assert err is not None and err.dialect == "slack"
    assert err.situation is S.SCOPE_REQUIRED and err.policy is P.FIX_CONFIG
    assert 'grant the client the scope "chat:write"' in err.hint
    assert "scope=chat:write" in err.hint


def test_a_refused_token_reads_the_same_from_every_provider_without_a_user() -> None:
    github = parse_response(
        401,
        JSON,
        json.dumps(
            {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}
        ),
        provider="https://api.github.com/user",
        token_sent=True,
        grant="client_credentials",
    )
    plain = _parse(RESPONSES[1], "client_credentials")
    assert github is not None and github.dialect == "github"
    assert github.situation is plain.situation is S.TOKEN_REJECTED
    assert github.hint == plain.hint
    with_user = parse_response(
        401,
        JSON,
        json.dumps(
            {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}
        ),
        provider="https://api.github.com/user",
        token_sent=True,
        grant="refresh_token",
    )
    assert with_user is not None and "GitHub's API refused the token" in with_user.hint
    assert github.hint != with_user.hint


# -- the error carries the grant ------------------------------------------------------------


def test_grant_in_to_dict_only_when_known_and_kept_by_pickle() -> None:
    err = _parse(RESPONSES[0], "client_credentials")
    assert err.to_dict()["grant"] == "client_credentials"
    assert "grant" not in _parse(RESPONSES[0], None).to_dict()
    again = pickle.loads(pickle.dumps(err))
    assert again.grant == "client_credentials" and again.policy is P.FIX_CONFIG
    assert again.hint == err.hint


def test_the_constructor_decides_by_the_grant_too() -> None:
    err = InsufficientScopeError(endpoint="resource", grant="jwt_bearer")
    assert err.grant == JWT_BEARER and err.policy is P.FIX_CONFIG
    assert "no user can grant it" in err.hint
    assert InsufficientScopeError(endpoint="resource").policy is P.STEP_UP


# -- the sources and flows say their grant ----------------------------------------------------


def _answer(status: int, body: dict[str, Any]) -> HTTPResult:
    return HTTPResult(status, [("Content-Type", "application/json")], json.dumps(body).encode())


def _request(url: str = TOKEN_URL) -> TokenRequest:
    return TokenRequest(url, {}, b"grant_type=x")


def test_client_credentials_source_errors_carry_its_grant() -> None:
    source = ClientCredentials(TOKEN_URL, "cid", "secret")
    with pytest.raises(InvalidGrantError) as info:
        source.interpret(_request(), _answer(400, {"error": "invalid_grant"}))
    assert info.value.grant == "client_credentials"
    assert info.value.policy is P.FIX_CONFIG
    assert "acting on its own" in info.value.hint


def test_refresh_token_source_errors_carry_its_grant() -> None:
    source = RefreshTokenSource(TOKEN_URL, "cid", Token("AT", refresh_token="RT"))
    with pytest.raises(InvalidGrantError) as info:
        source.interpret(_request(), _answer(400, {"error": "invalid_grant"}))
    assert info.value.grant == "refresh_token" and info.value.policy is P.REAUTHORIZE


def test_device_flow_errors_carry_its_grant() -> None:
    flow = DeviceFlow("https://as.example/device", TOKEN_URL, "cid")
    with pytest.raises(OAuthError) as info:
        flow.interpret(_request(), _answer(400, {"error": "expired_token"}))
    assert info.value.grant == DEVICE and info.value.policy is P.REAUTHORIZE
    with pytest.raises(OAuthError) as start:
        flow.interpret_start(_request(), _answer(400, {"error": "invalid_scope"}))
    assert start.value.grant == DEVICE


def test_authorization_code_flow_errors_carry_its_grant() -> None:
    flow = AuthorizationCodeFlow(
        "https://as.example/authorize", TOKEN_URL, "cid", "https://app.example/cb"
    )
    with pytest.raises(InvalidGrantError) as info:
        flow.interpret(_answer(400, {"error": "invalid_grant"}))
    assert info.value.grant == "authorization_code"
    assert info.value.policy is P.REAUTHORIZE
    assert getattr(info.value, "flow_failure", None) == "code_reused_or_expired"


# -- the adapters pass the grant of the source they hold -----------------------------------------


def _token_answer(request: TokenRequest) -> HTTPResult:
    return _answer(200, {"access_token": "AT-new", "token_type": "Bearer"})


def _client(source: object, status: int, challenge: str) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers={"WWW-Authenticate": challenge})

    return httpx.Client(transport=httpx.MockTransport(handler), auth=HttpxAuth(source))


@pytest.mark.parametrize(
    ("source", "grant", "policy"),
    [
        (
            RefreshTokenSource(
                TOKEN_URL, "cid", Token("AT", refresh_token="RT"), transport=_token_answer
            ),
            "refresh_token",
            P.STEP_UP,
        ),
        (
            ClientCredentials(TOKEN_URL, "cid", "secret", transport=_token_answer),
            "client_credentials",
            P.FIX_CONFIG,
        ),
    ],
)
def test_the_adapter_passes_the_grant_of_its_source(
    source: object, grant: str, policy: Policy
) -> None:
    with (
        _client(source, 403, 'Bearer error="insufficient_scope", scope="admin"') as client,
        pytest.raises(InsufficientScopeError) as info,
    ):
        client.get(API)
    assert info.value.grant == grant and info.value.policy is policy


class _OwnSource:
    """A user's own token source that says its grant."""

    grant_type = "client_credentials"

    def token(self) -> Token:
        return Token("AT")

    def refresh(self, stale: Token | None) -> Token:
        return Token("AT-2")


def test_a_users_own_source_may_say_its_grant() -> None:
    with (
        _client(_OwnSource(), 403, 'Bearer error="insufficient_scope", scope="admin"') as client,
        pytest.raises(InsufficientScopeError) as info,
    ):
        client.get(API)
    assert info.value.grant == "client_credentials" and info.value.policy is P.FIX_CONFIG


@pytest.mark.parametrize(
    ("source", "policy"),
    [
        (
            RefreshTokenSource(
                TOKEN_URL, "cid", Token("AT", refresh_token="RT"), transport=_token_answer
            ),
            P.REAUTHORIZE,
        ),
        (ClientCredentials(TOKEN_URL, "cid", "secret", transport=_token_answer), P.FIX_CONFIG),
    ],
)
def test_a_token_refused_again_after_a_refresh(source: object, policy: Policy) -> None:
    with (
        _client(source, 401, 'Bearer error="invalid_token"') as client,
        pytest.raises(OAuthError) as info,
    ):
        client.get(API)
    assert info.value.situation is S.TOKEN_REJECTED and info.value.policy is policy


def test_from_httpx_and_from_requests_take_the_grant() -> None:
    request = httpx.Request("GET", API, headers={"Authorization": "Bearer AT"})
    challenge = {"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="admin"'}
    response = httpx.Response(403, headers=challenge, request=request)
    err = from_httpx(response, grant="client_credentials")
    assert err is not None and err.grant == "client_credentials" and err.policy is P.FIX_CONFIG
    assert from_httpx(response) is not None and from_httpx(response).policy is P.STEP_UP  # type: ignore[union-attr]

    raw = requests.Response()
    raw.status_code = 403
    raw.headers.update(challenge)
    raw._content = b""
    raw.url = API
    got = from_requests(raw, grant="token_exchange")
    assert got is not None and got.grant == TOKEN_EXCHANGE and got.policy is P.FIX_CONFIG


# -- the command line ---------------------------------------------------------------------


def _cli(*argv: str) -> tuple[int, str]:
    import io

    from oauth_client_errors import _cli as cli

    out = io.StringIO()
    status = cli.main(list(argv), stdin=io.BytesIO(b""), stdout=out)
    return status, out.getvalue()


def test_cli_explain_takes_the_grant() -> None:
    challenge = 'Bearer error="insufficient_scope", scope="admin"'
    status, out = _cli("explain", challenge, "--status", "403", "--grant", "client_credentials")
    assert status == 0
    assert "Grant:      client_credentials (no user is behind the token)" in out
    assert "Policy:     fix_config" in out
    assert 'grant the client the scope "admin"' in out
    assert "Authorize again" not in out
    status, out = _cli("explain", challenge, "--status", "403")
    assert status == 0 and "Policy:     step_up" in out and "Grant:" not in out


def test_cli_next_request_of_a_client_without_a_user_is_its_token_scope() -> None:
    challenge = 'Bearer error="insufficient_scope", scope="admin"'
    args = ("explain", challenge, "--status", "403", "--scope", "read")
    status, out = _cli(*args, "--grant", "client_credentials")
    assert status == 0 and "Next request: scope=read admin" in out
    status, out = _cli(*args, "--grant", "client_credentials", "--json")
    assert json.loads(out)["next_authorization_params"] == {"scope": "read admin"}


def test_cli_json_carries_the_grant() -> None:
    status, out = _cli("explain", '{"error": "invalid_grant"}', "--grant", "jwt_bearer", "--json")
    data = json.loads(out)
    assert status == 0 and data["grant"] == JWT_BEARER and data["policy"] == "fix_config"


def test_cli_says_a_grant_does_not_apply_to_a_redirect() -> None:
    status, out = _cli(
        "explain", "https://app.example/cb?error=access_denied", "--grant", "client_credentials"
    )
    assert status == 2 and out == ""


def test_next_params_without_a_user_are_the_scope_of_the_next_token_request() -> None:
    err = _parse(RESPONSES[0], "client_credentials")
    assert err.next_authorization_params("read") == {"scope": "read admin"}
    # With a user: the same scope, for the next authorization request.
    assert _parse(RESPONSES[0], "refresh_token").next_authorization_params("read") == {
        "scope": "read admin"
    }
    stronger = _parse(RESPONSES[4], "client_credentials")
    assert stronger.next_authorization_params("read") == {"scope": "read"}
    assert "acr_values" in _parse(RESPONSES[4], "authorization_code").next_authorization_params()
