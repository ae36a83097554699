"""The policy rules: what to do follows from what happened (DESIGN §4, rules 1-7).

A registered code, a dialect's vendor code and an HTTP status are each first told as a
:class:`~oauth_client_errors.Situation` (the registry and the dialect tables say which);
the policy then follows from the situation by the table :data:`POLICY`, the same for
every provider. :func:`place` puts a response whose code nobody maps where its status,
endpoint and challenge point (rule 7). Standard library only, plain data in and out.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._types import Endpoint, Policy, Situation

__all__ = [
    "GRANTS",
    "NO_USER_POLICY",
    "POLICY",
    "RULES",
    "grant_type",
    "place",
    "policy_for",
    "user_present",
]

S = Situation

#: The rules, in order: (rule number, situations, policy, the design text it implements).
RULES: tuple[tuple[int, frozenset[Situation], Policy, str], ...] = (
    # Rule 1. "Transient: 429, 503, other 5xx, temporarily_unavailable, use_dpop_nonce ->
    # retry (honouring Retry-After). Device flow: authorization_pending -> poll,
    # slow_down -> slow_down." RFC 6749 §4.1.2.1, RFC 6585 §4, RFC 9449 §8, RFC 8628 §3.5.
    (
        1,
        frozenset({S.RATE_LIMITED, S.UNAVAILABLE, S.NONCE_REQUIRED}),
        Policy.RETRY,
        "transient: wait and send the request again",
    ),
    (1, frozenset({S.PENDING}), Policy.POLL, "the user has not finished: keep polling"),
    (1, frozenset({S.SLOW_DOWN}), Policy.SLOW_DOWN, "polling too fast: add 5 seconds"),
    # Rule 2. "Only the access token is dead (expired, revoked, malformed at a resource)
    # and a token was sent -> refresh; a token that was refused again right after a
    # refresh -> reauthorize." RFC 6750 §3.1 (invalid_token).
    (2, frozenset({S.TOKEN_REJECTED}), Policy.REFRESH, "only the access token is dead"),
    # Rule 3. "The grant is dead: an authorization code expired, used or not matching; a
    # refresh token expired, revoked or rotated away; a device code expired ->
    # reauthorize, whatever code the provider spells it with." RFC 6749 §5.2
    # (invalid_grant), RFC 8628 §3.5 (expired_token); OIDC Core §3.1.2.6 (the user must
    # sign in or consent interactively).
    (
        3,
        frozenset({S.GRANT_INVALID, S.INTERACTION_REQUIRED}),
        Policy.REAUTHORIZE,
        "the grant is dead, or the user must sign in again",
    ),
    # Rule 4. "The user must give more: scope, acr_values, max_age, MFA, a claims or
    # continuous-access challenge -> step_up, with what is needed in
    # next_authorization_params()." RFC 6750 §3.1 (insufficient_scope), RFC 9470 §3,
    # OIDC Core §5.5 (claims).
    (
        4,
        frozenset({S.SCOPE_REQUIRED, S.AUTHENTICATION_REQUIRED, S.CLAIMS_REQUIRED}),
        Policy.STEP_UP,
        "the user must give more",
    ),
    # Rule 5. "The client or request is wrong: bad client credentials, redirect URI
    # mismatch, unsupported grant or response type, unknown client, no credentials sent
    # where they were required -> fix_config." RFC 6749 §5.2 (invalid_client,
    # unauthorized_client, unsupported_grant_type, invalid_request).
    (
        5,
        frozenset({S.CLIENT_MISCONFIGURED, S.REQUEST_INVALID}),
        Policy.FIX_CONFIG,
        "the client or its request is wrong",
    ),
    # Rule 6. "A person said no (access_denied, consent declined, an administrator's
    # policy) -> fail." RFC 6749 §4.1.2.1 (access_denied).
    (6, frozenset({S.DENIED, S.FORBIDDEN}), Policy.FAIL, "a person or a policy said no"),
    # Rule 7. "An unregistered or vendor-nested code is placed by rules 1-6 from the HTTP
    # status, the endpoint and the challenge; fail only where nothing points elsewhere."
    (7, frozenset({S.UNKNOWN}), Policy.FAIL, "nothing points anywhere"),
)

#: The policy for each situation (rules 1-7 as one table).
POLICY: Mapping[Situation, Policy] = MappingProxyType(
    {situation: policy for _, situations, policy, _ in RULES for situation in situations}
)
assert set(POLICY) == set(Situation), "every situation has exactly one rule"


# -- the grant: is a user behind the token? ---------------------------------------------------

_DEVICE = "urn:ietf:params:oauth:grant-type:device_code"
_CIBA = "urn:openid:params:grant-type:ciba"
_JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
_SAML2_BEARER = "urn:ietf:params:oauth:grant-type:saml2-bearer"
_TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"  # noqa: S105 - a grant type

#: The grant types (``grant_type`` values, RFC 6749 and the IANA "OAuth Parameters"
#: registry) and whether a user can be sent through authorization for the token they give.
#:
#: * True: a person authorized it and can do so again: the authorization code (RFC 6749
#:   §4.1), the implicit flow (§4.2), the password grant (§4.3), a refresh of a user's
#:   grant (§6), the device flow (RFC 8628 §3.4) and CIBA (CIBA Core §10.1).
#: * False: the client acts on its own, and nobody is there to authorize: client
#:   credentials (RFC 6749 §4.4, "the client is acting on its own behalf"), a JWT or SAML
#:   bearer assertion (RFC 7523 §2.1, RFC 7522 §2.1: the client presents an assertion; no
#:   interaction takes place even when it names a user) and token exchange (RFC 8693
#:   §2.1: the client presents a subject token it got elsewhere).
GRANTS: Mapping[str, bool] = MappingProxyType(
    {
        "authorization_code": True,
        "implicit": True,
        "password": True,
        "refresh_token": True,
        _DEVICE: True,
        _CIBA: True,
        "client_credentials": False,
        _JWT_BEARER: False,
        _SAML2_BEARER: False,
        _TOKEN_EXCHANGE: False,
    }
)
# Short names people type (the CLI's ``--grant``), for the URN grant types.
_GRANT_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "device_code": _DEVICE,
        "device": _DEVICE,
        "ciba": _CIBA,
        "jwt_bearer": _JWT_BEARER,
        "jwt-bearer": _JWT_BEARER,
        "saml2_bearer": _SAML2_BEARER,
        "saml2-bearer": _SAML2_BEARER,
        "token_exchange": _TOKEN_EXCHANGE,
        "token-exchange": _TOKEN_EXCHANGE,
    }
)
_MAX_GRANT = 200


def grant_type(grant: str | None) -> str | None:
    """Return ``grant`` as a ``grant_type`` value, or None for None and empty text.

    A short name (``device_code``, ``jwt_bearer``, ``token_exchange``, ``ciba``) becomes
    its URN, a registered value is lower-cased; any other text is kept (stripped, capped
    at 200 characters).
    """
    if grant is None:
        return None
    key = str(grant).strip()[:_MAX_GRANT]
    if not key:
        return None
    lowered = key.lower()
    if lowered in _GRANT_ALIASES:
        return _GRANT_ALIASES[lowered]
    return lowered if lowered in GRANTS else key


def user_present(grant: str | None) -> bool | None:
    """Whether a user can be sent through authorization for a token of ``grant``.

    Returns:
        True for a user's grant, False for a client acting on its own (see
        :data:`GRANTS`), None when the grant is not known.
    """
    normalised = grant_type(grant)
    return GRANTS.get(normalised) if normalised is not None else None


#: Rules 3 and 4 refined by the evidence of the grant. The rules' text says "a person must
#: act": rule 3 ("the grant is dead ... -> reauthorize": the user authorizes again), rule 4
#: ("the user must give more ... -> step_up"), and rule 2's "a token that was refused again
#: right after a refresh -> reauthorize". When the grant says that no user is behind the
#: token (client credentials, a bearer assertion, token exchange), nobody can carry those
#: policies out: a program that sent a person through authorization would have no person
#: to send. What has to change then is the configuration (the client's scopes or app
#: roles at the authorization server, its credentials or assertion, the audience the
#: resource accepts), which is rule 5's outcome: ``fix_config``. An unknown grant (None)
#: keeps the rules as written. The hints say what to change (``_registry``'s no-user hints).
NO_USER_POLICY: Mapping[Policy, Policy] = MappingProxyType(
    {Policy.REAUTHORIZE: Policy.FIX_CONFIG, Policy.STEP_UP: Policy.FIX_CONFIG}
)


def policy_for(
    situation: Situation,
    *,
    token_sent: bool | None = None,
    after_refresh: bool = False,
    user_present: bool | None = None,
) -> Policy:
    """Return the policy for ``situation``.

    Args:
        situation: What happened.
        token_sent: Whether the request carried an access token (None: not known).
        after_refresh: The token was refused right after a refresh (rule 2: then
            ``reauthorize``).
        user_present: Whether a user is behind the token (see :func:`user_present`;
            None: not known). False turns the policies a person must carry out into
            ``fix_config`` (:data:`NO_USER_POLICY`).
    """
    policy = POLICY[situation]
    if situation is S.TOKEN_REJECTED:
        if after_refresh:
            policy = Policy.REAUTHORIZE
        elif token_sent is False:
            # Rule 5: "no credentials sent where they were required".
            policy = Policy.FIX_CONFIG
    if user_present is False:
        return NO_USER_POLICY.get(policy, policy)
    return policy


_SERVER_ERRORS = range(500, 600)


def place(
    status: int | None,
    endpoint: Endpoint,
    *,
    coded: bool = False,
    bare_challenge: bool = False,
    token_sent: bool | None = None,
) -> Situation:
    """Rule 7: the situation a response tells by its status, endpoint and challenge alone.

    Used for a response with no code, a numeric code (draft-16 §5.2) or a code nobody
    maps (an unregistered or vendor-nested one).

    * 429 -> ``rate_limited``; 5xx -> ``unavailable`` (rule 1).
    * 401 at a resource -> ``token_rejected`` (rule 2), except for a challenge that names
      no error with no code anywhere and no token known to be sent (RFC 6750 §3.1: "If
      the request lacks any authentication information, the resource server SHOULD NOT
      include an error code"): ``interaction_required``, the user must authorize first.
    * 401 anywhere else -> ``client_misconfigured`` (RFC 6749 §5.2: "client
      authentication failed", HTTP 401).
    * 403 at a resource -> ``forbidden`` (a valid credential, not allowed).
    * 400 with no code at all -> ``request_invalid`` (RFC 6749 §5.2: HTTP 400 "unless
      specified otherwise"); with a code nobody maps, 400 says nothing more.
    * anything else -> ``unknown``.

    Args:
        status: The HTTP status (None for a redirect).
        endpoint: Where the response came from.
        coded: The response carried an error code (registered or not).
        bare_challenge: A ``WWW-Authenticate`` challenge came with it, and none names an
            error.
        token_sent: Whether the request carried an access token (None: not known).
    """
    if status == 429:
        return S.RATE_LIMITED
    if status in _SERVER_ERRORS:
        return S.UNAVAILABLE
    if status == 401:
        if endpoint is Endpoint.RESOURCE:
            if bare_challenge and not coded and not token_sent:
                return S.INTERACTION_REQUIRED
            return S.TOKEN_REJECTED
        return S.CLIENT_MISCONFIGURED
    if status == 403 and endpoint is Endpoint.RESOURCE:
        return S.FORBIDDEN
    if status == 400 and not coded:
        return S.REQUEST_INVALID
    return S.UNKNOWN
