"""A testing kit for applications that use oauth-client-errors.

Real provider errors on demand, a loopback authorization server, and helpers for respx,
``httpx.MockTransport``, mounted ``requests`` adapters and the ``responses`` library::

    from oauth_client_errors.testing import OAuthTestServer, respond_with, sample

    s = sample("github", "bad_verification_code")   # status, headers, body, source
    s.parse()                                          # what a client makes of it

The pytest plugin (``oauth_client_errors.testing.plugin``, registered through the
``pytest11`` entry point) gives the ``oauth_server`` fixture. Nothing here is imported by
``import oauth_client_errors``; names load on first use (PEP 562).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._ground.lazy import lazy_names

if TYPE_CHECKING:
    from ._responses import respond_with, respond_with_requests
    from ._samples import SampleResponse, sample, samples
    from ._server import OAuthTestServer

__all__ = [
    "OAuthTestServer",
    "SampleResponse",
    "respond_with",
    "respond_with_requests",
    "sample",
    "samples",
]

_LAZY = {
    "OAuthTestServer": "._server",
    "SampleResponse": "._samples",
    "sample": "._samples",
    "samples": "._samples",
    "respond_with": "._responses",
    "respond_with_requests": "._responses",
}


__getattr__ = lazy_names(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted(__all__)
