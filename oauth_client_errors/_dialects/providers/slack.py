"""The Slack dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode
from ..model import retry_hint as _wait

__all__ = ["DIALECT"]

FORBIDDEN = Situation.FORBIDDEN
GRANT_INVALID = Situation.GRANT_INVALID
RATE_LIMITED = Situation.RATE_LIMITED

SLACK_WEB = "https://api.slack.com/web#evaluating_responses"
SLACK_AUTH_TEST = "https://api.slack.com/methods/auth.test#errors"
SLACK_OAUTH = "https://api.slack.com/methods/oauth.v2.access#errors"
SLACK_ROTATION = "https://api.slack.com/authentication/rotation"
SLACK_RATE = "https://api.slack.com/docs/rate-limits"
SLACK_SCOPES = "https://api.slack.com/scopes"

DIALECT = Dialect(
    name="slack",
    title="Slack",
    docs=SLACK_WEB,
    hosts=("slack.com",),
    envelopes=("slack",),
    scope_separator=",",
    details=("needed", "provided", "warning"),
    codes=(
        DialectCode(
            "invalid_auth",
            "The token is invalid, or the request came from a disallowed IP address",
            SLACK_AUTH_TEST,
            canonical="invalid_token",
            hint="Slack could not validate the token: it is invalid, belongs to another "
            "workspace, or the request came from an IP address outside the app's allowed "
            "ranges. Refresh it if the app rotates tokens; otherwise reinstall the app.",
        ),
        DialectCode(
            "not_authed",
            "No token was provided",
            SLACK_AUTH_TEST,
            canonical="invalid_request",
            hint="Slack received no token. Send it in the Authorization header (Bearer) or, "
            "for form posts, as the token argument.",
        ),
        DialectCode(
            "token_revoked",
            "The token was revoked (the app was uninstalled or access revoked)",
            SLACK_AUTH_TEST,
            canonical="invalid_token",
            situation=GRANT_INVALID,
            hint="The token was revoked: the app was uninstalled or the user removed its "
            "access. Install or authorize the app again.",
        ),
        DialectCode(
            "token_expired",
            "The token expired (token rotation)",
            SLACK_ROTATION,
            canonical="invalid_token",
            hint="The token expired (token rotation is on). Exchange the refresh token at "
            "oauth.v2.access with grant_type=refresh_token, then retry.",
        ),
        DialectCode(
            "account_inactive",
            "The token belongs to a deleted user or workspace",
            SLACK_AUTH_TEST,
            canonical="invalid_token",
            situation=FORBIDDEN,
            hint="The token belongs to a deleted user or workspace. Stop using it; the app "
            "must be installed again by an active user.",
        ),
        DialectCode(
            "missing_scope",
            "The token lacks a scope the method needs (see needed)",
            SLACK_SCOPES,
            canonical="insufficient_scope",
            hint=(
                'The token lacks the scope "{scope}" this Slack method needs. Add it to the '
                "app's scopes and have the user install or authorize the app again.",
                "The token lacks a scope this Slack method needs. Add it to the app's scopes "
                "and have the user install or authorize the app again.",
            ),
        ),
        DialectCode(
            "ratelimited",
            "The method's rate limit is exhausted",
            SLACK_RATE,
            situation=RATE_LIMITED,
            hint=_wait("Slack is rate-limiting this method (Retry-After)."),
        ),
        DialectCode(
            "invalid_code",
            "The authorization code is invalid or expired",
            SLACK_OAUTH,
            canonical="invalid_grant",
            hint="Slack refused the authorization code (invalid, expired or already used). "
            "Send the user through the install flow again.",
        ),
        DialectCode(
            "code_already_used",
            "The authorization code was already exchanged",
            SLACK_OAUTH,
            canonical="invalid_grant",
            hint="The authorization code was already exchanged. Exchange each code once; send "
            "the user through the install flow again.",
        ),
        DialectCode(
            "invalid_refresh_token",
            "The refresh token is invalid",
            SLACK_OAUTH,
            canonical="invalid_grant",
            hint="Slack refused the refresh token (invalid, or already rotated). Use the "
            "latest refresh token Slack returned, or install the app again.",
        ),
        DialectCode(
            "bad_client_secret",
            "The client_secret is wrong",
            SLACK_OAUTH,
            canonical="invalid_client",
            hint="The client_secret does not match the app. Copy it from the app's Basic "
            "Information page.",
        ),
        DialectCode(
            "invalid_client_id",
            "The client_id is wrong",
            SLACK_OAUTH,
            canonical="invalid_client",
            hint="Slack does not know this client_id. Copy it from the app's Basic "
            "Information page.",
        ),
        DialectCode(
            "bad_redirect_uri",
            "The redirect_uri does not match the one used to authorize",
            SLACK_OAUTH,
            canonical="invalid_request",
            hint="The redirect_uri does not match the one in the authorization request or the "
            "app's configured redirect URLs. Send the same value in both.",
        ),
        DialectCode(
            "invalid_grant_type",
            "The grant_type is not supported",
            SLACK_OAUTH,
            canonical="unsupported_grant_type",
        ),
    ),
)
