"""The Zoom dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode

__all__ = ["DIALECT"]

GRANT_INVALID = Situation.GRANT_INVALID

ZOOM_OAUTH = "https://developers.zoom.us/docs/integrations/oauth/"
ZOOM_ERRORS = "https://developers.zoom.us/docs/api/rest/error-definitions/"

DIALECT = Dialect(
    name="zoom",
    title="Zoom",
    docs=ZOOM_ERRORS,
    hosts=("zoom.us",),
    envelopes=("zoom_oauth", "code_message", "oauth"),
    codes=(
        DialectCode(
            "invalid_request",
            "The authorization code is invalid",
            ZOOM_OAUTH,
            description="Invalid authorization code",
            situation=GRANT_INVALID,
            hint="Zoom refused the authorization code (expired, already used, or for another "
            "redirect_uri). Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_request",
            "The refresh token is invalid (Zoom refresh tokens are single-use)",
            ZOOM_OAUTH,
            description="Invalid Token",
            situation=GRANT_INVALID,
            hint="Zoom refused the refresh token: each one is single-use, so keep the new "
            "refresh token from every refresh. Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_client",
            "The client_id or client_secret is wrong",
            ZOOM_OAUTH,
            description="Invalid client_id or client_secret",
            hint="Zoom rejected the client_id or client_secret. Copy both from the app's "
            "credentials page in the Zoom App Marketplace.",
        ),
        DialectCode(
            "124",
            "The access token is expired",
            ZOOM_ERRORS,
            description="Access token is expired",
            canonical="invalid_token",
            hint="The Zoom access token expired (they last one hour). Refresh it and retry.",
        ),
        DialectCode(
            "124",
            "The access token is invalid",
            ZOOM_ERRORS,
            description="Invalid access token",
            canonical="invalid_token",
            hint="Zoom refused the access token. Refresh it and retry once; if it is refused "
            "again, authorize again.",
        ),
        DialectCode(
            "4711",
            "The token lacks a scope the endpoint needs",
            ZOOM_ERRORS,
            canonical="insufficient_scope",
            hint="The token lacks a Zoom scope this endpoint needs (the message lists it). "
            "Add the scope to the app and authorize again.",
        ),
    ),
)
