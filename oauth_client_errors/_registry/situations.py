"""Hints told by situation: the shared first sentence, and the hint with no user present.

Two tables, each row citing where its behaviour comes from:

* :data:`LEADS`: the first sentence of every provider dialect's hint for a situation, so
  that the same situation reads the same whichever provider reported it; the dialect's
  own advice (its console, its limits, its documentation) follows it.
* :data:`NO_USER_HINTS`: what the developer or operator must do when the situation calls
  for a person (authorize again, grant more, sign in more strongly) but no user is
  behind the token: client credentials, a bearer assertion, token exchange (see
  ``_rules.GRANTS``). These hints replace the registry's and the dialects' hints for such
  a client, whatever the provider.

Hints are ``str.format`` templates with the registry's placeholders (``_registry.model``);
a tuple holds alternatives, the last one needing nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .._types import Situation
from .model import HintTemplate

__all__ = ["LEADS", "NO_USER_HINTS", "SituationHint"]

S = Situation


class SituationHint:
    """A hint template for one situation, with its sources.

    A plain slot class (nothing generated at import).

    Attributes:
        situation: The situation it is for.
        hint: The template (one string, or alternatives; the last needs no value).
        specs: Where the behaviour it describes comes from.
    """

    __slots__ = ("hint", "situation", "specs")

    def __init__(self, situation: Situation, hint: HintTemplate, specs: tuple[str, ...]) -> None:
        self.situation = situation
        self.hint = hint
        self.specs = specs

    def __repr__(self) -> str:
        return f"SituationHint({self.situation!r}, {self.hint!r}, {self.specs!r})"


_LEAD_ROWS: tuple[SituationHint, ...] = (
    SituationHint(
        S.RATE_LIMITED,
        "The provider is rate-limiting this client: wait before sending the request again.",
        ("RFC 6585 §4", "DESIGN §4 rule 1"),
    ),
    SituationHint(
        S.UNAVAILABLE,
        "The provider is failing or unavailable for now: wait before sending the request again.",
        ("RFC 6749 §4.1.2.1", "RFC 9110 §15.6", "DESIGN §4 rule 1"),
    ),
    SituationHint(
        S.NONCE_REQUIRED,
        "The server asks for a fresh DPoP nonce: send the request again with it.",
        ("RFC 9449 §8", "DESIGN §4 rule 1"),
    ),
    SituationHint(
        S.PENDING,
        "The user has not finished authorizing yet: keep polling.",
        ("RFC 8628 §3.5", "DESIGN §4 rule 1"),
    ),
    SituationHint(
        S.SLOW_DOWN,
        "The client is polling too fast: keep polling, more slowly.",
        ("RFC 8628 §3.5", "DESIGN §4 rule 1"),
    ),
    SituationHint(
        S.TOKEN_REJECTED,
        "The access token was refused: get a new one and send the request again once.",
        ("RFC 6750 §3.1", "DESIGN §4 rule 2"),
    ),
    SituationHint(
        S.GRANT_INVALID,
        "The grant is no longer valid: the user must authorize again.",
        ("RFC 6749 §5.2", "DESIGN §4 rule 3"),
    ),
    SituationHint(
        S.INTERACTION_REQUIRED,
        "The user must sign in or consent interactively.",
        ("OIDC Core §3.1.2.6", "DESIGN §4 rule 3"),
    ),
    SituationHint(
        S.SCOPE_REQUIRED,
        "The token lacks a permission this request needs: the user must grant it.",
        ("RFC 6750 §3.1", "DESIGN §4 rule 4"),
    ),
    SituationHint(
        S.AUTHENTICATION_REQUIRED,
        "A stronger sign-in is required: the user must authenticate again.",
        ("RFC 9470 §3", "DESIGN §4 rule 4"),
    ),
    SituationHint(
        S.CLAIMS_REQUIRED,
        "The server asks for more claims or a fresh sign-in: the user must authorize again.",
        ("OIDC Core §5.5", "DESIGN §4 rule 4"),
    ),
    SituationHint(
        S.CLIENT_MISCONFIGURED,
        "The client's configuration is wrong: a developer must fix it.",
        ("RFC 6749 §5.2", "DESIGN §4 rule 5"),
    ),
    SituationHint(
        S.REQUEST_INVALID,
        "The request is malformed or not allowed: a developer must fix it.",
        ("RFC 6749 §5.2", "DESIGN §4 rule 5"),
    ),
    SituationHint(
        S.DENIED,
        "Access was refused, by the user or by the provider's policy.",
        ("RFC 6749 §4.1.2.1", "DESIGN §4 rule 6"),
    ),
    SituationHint(
        S.FORBIDDEN,
        "A policy of the provider refuses this: sending it again will not help.",
        ("RFC 9110 §15.5.4", "DESIGN §4 rule 6"),
    ),
    SituationHint(
        S.UNKNOWN,
        "The response alone does not tell the cause: do not retry blindly.",
        ("DESIGN §4 rule 7",),
    ),
)

#: The first sentence of a provider dialect's hint, by situation.
LEADS: Mapping[Situation, str] = MappingProxyType(
    {row.situation: row.hint for row in _LEAD_ROWS if isinstance(row.hint, str)}
)
assert set(LEADS) == set(Situation), "every situation has one lead sentence"

_NO_USER_ROWS: tuple[SituationHint, ...] = (
    SituationHint(
        S.TOKEN_REJECTED,
        "The resource server refused the client's access token. A new token is fetched "
        "with the client's own grant and the request sent again once; if new tokens are "
        "refused too, the resource does not accept tokens of this client: check the "
        "audience or resource the token is requested for, the issuer the resource trusts, "
        "and the client's access at the authorization server.",
        ("RFC 6750 §3.1", "RFC 6749 §4.4.3", "RFC 8707 §2", "RFC 9068 §4"),
    ),
    SituationHint(
        S.GRANT_INVALID,
        "The authorization server refused the grant of a client acting on its own (no "
        "user is involved, so its configuration must change). Check the client's "
        "credentials or signed "
        "assertion (issuer, subject, audience, expiry, key), the subject token of a token "
        "exchange, and that this grant type is allowed for the client.",
        ("RFC 6749 §5.2", "RFC 7523 §3.1", "RFC 8693 §2.2.2"),
    ),
    SituationHint(
        S.INTERACTION_REQUIRED,
        "The {endpoint} endpoint asks for a user to sign in, but this client acts on its "
        "own with no user. Send an access token from the client's own grant in the "
        "Authorization header; if this API accepts only users' tokens, call it with a "
        "user's grant (authorization code) instead.",
        ("RFC 6750 §3.1", "RFC 6749 §4.4"),
    ),
    SituationHint(
        S.SCOPE_REQUIRED,
        (
            "The access token lacks the scope this request needs, and no user can grant it: "
            'grant the client the scope "{scope}" (or the matching app role or permission) '
            "in the authorization server's configuration, then request a new token with "
            "scope={scope}.",
            "The access token lacks the scope this request needs, and no user can grant it: "
            "grant the client the scope the API documents for this request (or the matching "
            "app role or permission) in the authorization server's configuration, then "
            "request a new token with that scope.",
        ),
        ("RFC 6750 §3.1", "RFC 6749 §3.3", "RFC 6749 §4.4.2"),
    ),
    SituationHint(
        S.AUTHENTICATION_REQUIRED,
        (
            'The resource asks for a stronger authentication of a user (acr "{acr_values}"), '
            "which a client acting on its own cannot give. Call it with a user's token from "
            "an interactive grant, or ask the resource's operator to accept this client's "
            "tokens for this request.",
            "The resource asks for a stronger or more recent authentication of a user, which "
            "a client acting on its own cannot give. Call it with a user's token from an "
            "interactive grant, or ask the resource's operator to accept this client's "
            "tokens for this request.",
        ),
        ("RFC 9470 §3",),
    ),
    SituationHint(
        S.CLAIMS_REQUIRED,
        "The server asks for claims or a fresh authentication that only a user can give "
        "(a claims or continuous-access challenge), and this client acts on its own. Call "
        "it with a user's token from an interactive grant, or ask the resource's operator "
        "to accept this client's tokens for this request.",
        ("OIDC Core §5.5", "RFC 9470 §3", "UMA 2.0 Grant §3.3.6"),
    ),
    SituationHint(
        S.DENIED,
        "The authorization server refused to issue a token to this client: a policy, not "
        "a person, said no. Check that the client is allowed this grant, scope and resource "
        "in the authorization server's configuration.",
        ("RFC 6749 §5.2", "RFC 6749 §4.4"),
    ),
    SituationHint(
        S.FORBIDDEN,
        "The resource server refused access: the client's token is valid, but this client "
        "is not allowed to do this. Give the client's identity the permission (app role, "
        "scope or access policy) in the resource's or the authorization server's "
        "configuration.",
        ("RFC 9110 §15.5.4", "RFC 6749 §4.4"),
    ),
)

#: The hint for a client with no user behind its token, by situation (only the
#: situations whose usual hint asks a person to act).
NO_USER_HINTS: Mapping[Situation, SituationHint] = MappingProxyType(
    {row.situation: row for row in _NO_USER_ROWS}
)
