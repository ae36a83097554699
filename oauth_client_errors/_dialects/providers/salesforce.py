"""The Salesforce dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Situation
from ..model import Dialect, DialectCode
from ..model import retry_hint as _wait

__all__ = ["DIALECT"]

CLIENT_MISCONFIGURED = Situation.CLIENT_MISCONFIGURED
FORBIDDEN = Situation.FORBIDDEN
RATE_LIMITED = Situation.RATE_LIMITED

SF_OAUTH = "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm"
SF_REST = "https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm"

DIALECT = Dialect(
    name="salesforce",
    title="Salesforce",
    docs=SF_OAUTH,
    hosts=("salesforce.com", "force.com", "salesforce-sites.com"),
    envelopes=("salesforce_api", "oauth"),
    codes=(
        DialectCode(
            "invalid_grant",
            "Authentication failed (credentials, IP range, locked user, or JWT certificate)",
            SF_OAUTH,
            description="authentication failure",
            hint="Salesforce could not authenticate the user: a wrong username or password "
            "(plus security token), a login IP or hours restriction, a locked user, or (JWT "
            "flow) a certificate that does not match the connected app. Check these, then "
            "authorize again.",
        ),
        DialectCode(
            "invalid_grant",
            "The user is inactive",
            SF_OAUTH,
            description="inactive user",
            situation=FORBIDDEN,
            hint="The Salesforce user is deactivated. Ask a Salesforce administrator to "
            "reactivate the user, or use an active one.",
        ),
        DialectCode(
            "invalid_grant",
            "The org is inactive",
            SF_OAUTH,
            description="inactive organization",
            situation=FORBIDDEN,
            hint="The Salesforce org is inactive or locked. Tell the user; the org's "
            "administrator must reactivate it.",
        ),
        DialectCode(
            "invalid_grant",
            "The access or refresh token expired",
            SF_OAUTH,
            description="expired access/refresh token",
            hint="The refresh token expired under the connected app's refresh token policy, "
            "or was revoked. Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_grant",
            "The user has not approved the connected app",
            SF_OAUTH,
            description="user hasn't approved this consumer",
            prompt="consent",
            hint="The user has not approved this connected app (or it requires admin "
            "pre-approval). Send the user through authorization to approve it, or have an "
            "administrator pre-authorize it.",
        ),
        DialectCode(
            "invalid_grant",
            "The login IP address is restricted",
            SF_OAUTH,
            description="ip restricted",
            situation=CLIENT_MISCONFIGURED,
            hint="The request comes from an IP address the connected app or the user's "
            "profile does not allow. Adjust the IP relaxation policy or login IP ranges.",
        ),
        DialectCode(
            "invalid_client_id",
            "The client identifier is invalid",
            SF_OAUTH,
            canonical="invalid_client",
            hint="Salesforce does not know this client_id (consumer key). Copy it from the "
            "connected app, and allow a few minutes after creating the app.",
        ),
        DialectCode(
            "invalid_client",
            "The client secret is wrong",
            SF_OAUTH,
            description="invalid client credentials",
            hint="The client secret (consumer secret) is wrong. Copy it from the connected "
            "app's settings.",
        ),
        DialectCode(
            "INVALID_SESSION_ID",
            "The session expired or is invalid",
            SF_REST,
            canonical="invalid_token",
            hint="The Salesforce session (access token) expired or is invalid. Refresh it "
            "and retry once.",
        ),
        DialectCode(
            "REQUEST_LIMIT_EXCEEDED",
            "The org's API request limit is exhausted",
            SF_REST,
            situation=RATE_LIMITED,
            hint=_wait("The org's Salesforce API request limit is exhausted."),
        ),
        DialectCode(
            "API_DISABLED_FOR_ORG",
            "The API is not enabled for the org",
            SF_REST,
            situation=CLIENT_MISCONFIGURED,
            hint="API access is not enabled for this Salesforce org or user. Enable the API "
            "Enabled permission, or use an edition with API access.",
        ),
    ),
)
