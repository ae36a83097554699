"""The GitHub dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode
from ..model import retry_hint as _wait

__all__ = ["DIALECT"]

RATE_LIMITED = Situation.RATE_LIMITED

GH_EXCHANGE = (
    "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/"
    "troubleshooting-oauth-app-access-token-request-errors"
)
GH_AUTHZ = (
    "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/"
    "troubleshooting-authorization-request-errors"
)
GH_DEVICE = (
    "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps"
    "#error-codes-for-the-device-flow"
)
GH_REST = "https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api"
GH_RATE = "https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api"

DIALECT = Dialect(
    name="github",
    title="GitHub",
    docs=GH_EXCHANGE,
    hosts=("github.com", "api.github.com"),
    envelopes=("oauth", "github_api"),
    docs_base="https://docs.github.com",
    codes=(
        DialectCode(
            "bad_verification_code",
            "The authorization code is incorrect, expired or already used",
            GH_EXCHANGE,
            canonical="invalid_grant",
            hint="GitHub refused the authorization code: it is wrong, expired (codes live 10 "
            "minutes) or was already exchanged. Start the web flow again and exchange the new "
            "code once.",
        ),
        DialectCode(
            "incorrect_client_credentials",
            "The client_id or client_secret is incorrect",
            GH_EXCHANGE,
            canonical="invalid_client",
            hint="GitHub rejected the client_id or client_secret. Copy both from the app's "
            "settings (Settings > Developer settings) and check they reach GitHub unchanged.",
        ),
        DialectCode(
            "redirect_uri_mismatch",
            "The redirect_uri does not match the app's callback URL",
            GH_EXCHANGE,
            canonical="invalid_request",
            hint="The redirect_uri does not match the callback URL registered for the GitHub "
            "app. Send exactly that URL (or a path below it), or leave redirect_uri out to use "
            "the default.",
        ),
        DialectCode(
            "unverified_user_email",
            "The user has not verified their primary email address",
            GH_EXCHANGE,
            canonical="access_denied",
            hint="The user has not verified the primary email address of their GitHub "
            "account. Ask them to verify it (GitHub Settings > Emails), then start again.",
        ),
        DialectCode(
            "application_suspended",
            "The OAuth app has been suspended",
            GH_AUTHZ,
            canonical="unauthorized_client",
            hint="GitHub has suspended this OAuth app (abuse, spam or API misuse). Contact "
            "GitHub Support; no authorization will succeed until the app is reinstated.",
        ),
        DialectCode(
            "incorrect_device_code",
            "The device_code is not valid",
            GH_DEVICE,
            canonical="invalid_grant",
            hint="GitHub does not know this device_code. Poll with the device_code from the "
            "last device authorization response, or start the device flow again.",
        ),
        DialectCode(
            "device_flow_disabled",
            "Device flow is not enabled for the app",
            GH_DEVICE,
            canonical="unauthorized_client",
            hint="Device flow is not enabled for this GitHub app. Enable it in the app's "
            'settings ("Enable Device Flow"), then start again.',
        ),
        DialectCode(
            "expired_token",
            "The device code expired (after 15 minutes)",
            GH_DEVICE,
            hint="The device code expired (GitHub device codes live 15 minutes). Start the "
            "device flow again and show the user the new code.",
        ),
        DialectCode(
            "",
            "The access token is wrong, expired or revoked (REST API)",
            GH_REST,
            description="Bad credentials",
            canonical="invalid_token",
            hint="GitHub's API refused the token (revoked, expired, or not a GitHub token). "
            "Get a new token (refresh it if the app uses expiring tokens) and retry once; if "
            "it is refused again, authorize again.",
        ),
        DialectCode(
            "",
            "The primary rate limit is exhausted (REST API)",
            GH_RATE,
            description="API rate limit exceeded",
            situation=RATE_LIMITED,
            hint=_wait(
                "GitHub's API rate limit is exhausted; the x-ratelimit-reset header says when "
                "it resets."
            ),
        ),
    ),
)
