"""The Dropbox dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode
from ..model import retry_hint as _wait

__all__ = ["DIALECT"]

CLIENT_MISCONFIGURED = Situation.CLIENT_MISCONFIGURED
RATE_LIMITED = Situation.RATE_LIMITED

DBX_ERRORS = "https://www.dropbox.com/developers/documentation/http/documentation#error-handling"
DBX_OAUTH = "https://www.dropbox.com/developers/documentation/http/documentation#oauth2-token"

DIALECT = Dialect(
    name="dropbox",
    title="Dropbox",
    docs=DBX_ERRORS,
    hosts=("dropbox.com", "dropboxapi.com"),
    envelopes=("dropbox_api", "oauth"),
    codes=(
        DialectCode(
            "expired_access_token",
            "The access token has expired",
            DBX_ERRORS,
            canonical="invalid_token",
            hint="The Dropbox access token expired (short-lived tokens last four hours). "
            "Refresh it with the refresh token and retry.",
        ),
        DialectCode(
            "invalid_access_token",
            "The access token is invalid or revoked",
            DBX_ERRORS,
            canonical="invalid_token",
            hint="Dropbox refused the access token (revoked, or not a Dropbox token). Refresh "
            "it and retry once; if it is refused again, authorize again.",
        ),
        DialectCode(
            "missing_scope",
            "The access token lacks a scope (see required_scope)",
            DBX_ERRORS,
            canonical="insufficient_scope",
            hint=(
                'The token lacks the Dropbox scope "{scope}". Enable it on the app\'s '
                "Permissions tab and authorize again asking for it.",
                "The token lacks a Dropbox scope this call needs. Enable it on the app's "
                "Permissions tab and authorize again asking for it.",
            ),
        ),
        DialectCode(
            "user_suspended",
            "The user's account is suspended",
            DBX_ERRORS,
            canonical="access_denied",
            hint="The user's Dropbox account is suspended. Tell the user.",
        ),
        DialectCode(
            "route_access_denied",
            "The app may not call this endpoint",
            DBX_ERRORS,
            canonical="access_denied",
            situation=CLIENT_MISCONFIGURED,
            hint="This app (its access type or team settings) may not call this Dropbox "
            "endpoint. Check the app's permission type in the App Console.",
        ),
        DialectCode(
            "too_many_requests",
            "The rate limit is exhausted",
            DBX_ERRORS,
            situation=RATE_LIMITED,
            hint=_wait("Dropbox is rate-limiting this app."),
        ),
        DialectCode(
            "too_many_write_operations",
            "Too many concurrent writes to the namespace",
            DBX_ERRORS,
            situation=RATE_LIMITED,
            hint=_wait("Dropbox refused concurrent writes to the same namespace."),
        ),
        DialectCode(
            "invalid_grant",
            "The authorization code does not exist or has expired",
            DBX_OAUTH,
            description="code doesn't exist or has expired",
            hint="Dropbox refused the authorization code (expired, already used, or for "
            "another redirect_uri). Send the user through authorization again.",
        ),
    ),
)
