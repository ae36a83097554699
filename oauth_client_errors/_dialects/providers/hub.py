"""The JetBrains Hub dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..._types import Endpoint
from ..model import Dialect, DialectCode

__all__ = ["DIALECT"]

A = Endpoint.AUTHORIZATION
T = Endpoint.TOKEN

# The seed document ../shared/seeds/001_*: Hub's error tables with their Solution column.
HUB_ERRORS = "https://www.jetbrains.com/help/hub/OAuth-2.0-Errors.html"

DIALECT = Dialect(
    name="hub",
    title="JetBrains Hub",
    docs=HUB_ERRORS,
    hosts=("hub.jetbrains.com", "youtrack.cloud"),
    paths=("/hub/api/rest/oauth2/",),
    envelopes=("oauth",),
    codes=(
        DialectCode(
            "invalid_request",
            "A parameter is missing, invalid or repeated (e.g. an unknown service_id)",
            HUB_ERRORS,
            endpoints=(A,),
            hint="Hub rejected the authorization request. Check that all parameters are "
            "correct and that the service_id exists in Hub.",
        ),
        DialectCode(
            "unauthorized_client",
            "The service's redirect URI is wrong or not registered",
            HUB_ERRORS,
            endpoints=(A,),
            hint="The redirect URI is wrong or not registered for the service. Register it as "
            "one of the service's redirect URIs in Hub (a service needs at least one).",
        ),
        DialectCode(
            "unsupported_responce_type",
            "Hub does not support this authorization method (Hub's spelling)",
            HUB_ERRORS,
            hint="Hub does not support obtaining an authorization code this way. Change the "
            "authorization method (response_type).",
        ),
        DialectCode(
            "invalid_scope",
            "The scope does not match any registered service",
            HUB_ERRORS,
            hint="The requested scope matches no service registered in Hub. Request the scope "
            "of a registered service (its ID).",
        ),
        DialectCode(
            "invalid_request",
            "Malformed token request (for example, the Authorization header is not Bearer)",
            HUB_ERRORS,
            endpoints=(T,),
            hint="Hub rejected the token request. Check the Authorization header, then the "
            "request's parameters.",
        ),
        DialectCode(
            "invalid_grant",
            "Unknown or foreign refresh token, unknown code, or a scope beyond the grant",
            HUB_ERRORS,
            endpoints=(T,),
            hint="Hub refused the grant: the refresh token is unknown or belongs to another "
            "service, the code is unknown, the service's credentials are invalid, or the "
            "scope exceeds the grant. Authorize again.",
        ),
        DialectCode(
            "unauthorized_client",
            "The service requesting the token is not verified",
            HUB_ERRORS,
            endpoints=(T,),
            hint="The service that requests the token is not verified in Hub. Have a Hub "
            "administrator verify (trust) the service.",
        ),
    ),
)
