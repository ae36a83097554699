"""The Spotify dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode
from ..model import retry_hint as _wait

__all__ = ["DIALECT"]

RATE_LIMITED = Situation.RATE_LIMITED

SPOTIFY_API = "https://developer.spotify.com/documentation/web-api/concepts/api-calls"
SPOTIFY_AUTH = "https://developer.spotify.com/documentation/web-api/tutorials/code-flow"
SPOTIFY_SCOPES = "https://developer.spotify.com/documentation/web-api/concepts/scopes"

DIALECT = Dialect(
    name="spotify",
    title="Spotify",
    docs=SPOTIFY_API,
    hosts=("spotify.com",),
    envelopes=("spotify_api", "oauth"),
    codes=(
        DialectCode(
            "401",
            "The access token expired",
            SPOTIFY_API,
            description="The access token expired",
            canonical="invalid_token",
            hint="The Spotify access token expired (they last one hour). Refresh it and retry.",
        ),
        DialectCode(
            "401",
            "The access token is invalid",
            SPOTIFY_API,
            description="Invalid access token",
            canonical="invalid_token",
            hint="Spotify refused the access token. Refresh it and retry once; if it is "
            "refused again, authorize again.",
        ),
        DialectCode(
            "401",
            "No token was provided",
            SPOTIFY_API,
            description="No token provided",
            canonical="invalid_request",
            hint="Spotify received no access token. Send it in the Authorization header as "
            "Bearer <token>.",
        ),
        DialectCode(
            "403",
            "The token lacks a scope the endpoint needs",
            SPOTIFY_SCOPES,
            description="Insufficient client scope",
            canonical="insufficient_scope",
            hint="The token lacks a scope this Spotify endpoint needs (see the endpoint's "
            "Authorization scopes). Authorize again asking for it.",
        ),
        DialectCode(
            "429",
            "The rate limit is exhausted",
            SPOTIFY_API,
            situation=RATE_LIMITED,
            hint=_wait("Spotify is rate-limiting this app."),
        ),
        DialectCode(
            "invalid_grant",
            "The authorization code is invalid",
            SPOTIFY_AUTH,
            description="Invalid authorization code",
            hint="Spotify refused the authorization code (expired, already used, or for "
            "another redirect_uri). Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_grant",
            "The refresh token was revoked",
            SPOTIFY_AUTH,
            description="Refresh token revoked",
            hint="The user revoked the app's access (or the refresh token was replaced). Send "
            "the user through authorization again.",
        ),
        DialectCode(
            "invalid_client",
            "The client secret is wrong",
            SPOTIFY_AUTH,
            description="Invalid client secret",
            hint="The client secret is wrong. Copy it from the app's settings in the Spotify "
            "developer dashboard.",
        ),
    ),
)
