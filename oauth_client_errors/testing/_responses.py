"""Samples as ``httpx.Response`` and ``requests.Response`` objects, for mocked transports.

httpx and requests are imported inside the functions only: this module loads without them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._samples import SampleResponse, sample

if TYPE_CHECKING:
    import httpx
    import requests

    from oauth_client_errors import Endpoint

__all__ = ["respond_with", "respond_with_requests"]


def _chosen(
    provider: str | SampleResponse,
    code: str | None,
    endpoint: Endpoint | str | None,
    description: str | None,
) -> SampleResponse:
    if isinstance(provider, SampleResponse):
        return provider
    if code is None:
        raise TypeError("respond_with needs a provider and a code, or a SampleResponse")
    return sample(provider, code, endpoint=endpoint, description=description)


def _merged(base: Mapping[str, str], extra: Mapping[str, str] | None) -> dict[str, str]:
    headers = dict(base)
    for name, value in (extra or {}).items():
        for existing in [k for k in headers if k.lower() == name.lower()]:
            del headers[existing]
        headers[name] = value
    return headers


def respond_with(
    provider: str | SampleResponse,
    code: str | None = None,
    *,
    endpoint: Endpoint | str | None = None,
    description: str | None = None,
    headers: Mapping[str, str] | None = None,
    request: httpx.Request | None = None,
) -> httpx.Response:
    """Return an ``httpx.Response`` carrying ``provider``'s error ``code``.

    For a respx route (``respx.post(url).mock(return_value=respond_with("google",
    "invalid_grant"))``) or an ``httpx.MockTransport`` handler (``lambda request:
    respond_with("rfc", "invalid_token", request=request)``).

    Args:
        provider: ``"rfc"``, a dialect name, or a :class:`SampleResponse` (then ``code`` is
            left out).
        code: The error code (see :func:`~oauth_client_errors.testing.sample`).
        endpoint: Where the response should come from (None: where it is documented).
        description: Picks one of several rows for the same code by its description.
        headers: Headers to add or replace (``Retry-After``...).
        request: The request being answered (a MockTransport handler's argument).

    Returns:
        The response; an authorization redirect's is the 302 with its ``Location``.
    """
    import httpx

    chosen = _chosen(provider, code, endpoint, description)
    return httpx.Response(
        chosen.status,
        headers=_merged(chosen.headers, headers),
        content=chosen.body,
        request=request,
    )


def respond_with_requests(
    provider: str | SampleResponse,
    code: str | None = None,
    *,
    endpoint: Endpoint | str | None = None,
    description: str | None = None,
    headers: Mapping[str, str] | None = None,
    request: requests.PreparedRequest | None = None,
    url: str | None = None,
) -> requests.Response:
    """Return a ``requests.Response`` carrying ``provider``'s error ``code``.

    For a transport adapter mounted on a ``requests.Session`` (return it from ``send``), or
    the ``responses`` library (``responses.add(responses.Response(...))`` needs its parts:
    ``status``, ``headers`` and ``body`` of :func:`~oauth_client_errors.testing.sample`).

    Args:
        provider: ``"rfc"``, a dialect name, or a :class:`SampleResponse`.
        code: The error code.
        endpoint: Where the response should come from (None: where it is documented).
        description: Picks one of several rows for the same code by its description.
        headers: Headers to add or replace.
        request: The prepared request being answered (sets ``response.request`` and
            ``response.url``).
        url: The response URL when there is no ``request``.

    Returns:
        A complete ``requests.Response`` (``.json()``, ``.text``, ``.raise_for_status()``
        work).
    """
    import io

    import requests
    from requests.structures import CaseInsensitiveDict

    chosen = _chosen(provider, code, endpoint, description)
    response = requests.Response()
    response.status_code = chosen.status
    response.headers = CaseInsensitiveDict(_merged(chosen.headers, headers))
    response.raw = io.BytesIO(chosen.body)
    response._content = chosen.body
    response.encoding = "utf-8"
    response.reason = _REASONS.get(chosen.status, "")
    if request is not None:
        response.request = request
        response.url = request.url or ""
    elif url is not None:
        response.url = url
    return response


_REASONS = {
    200: "OK",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
