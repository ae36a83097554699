"""OAuth 2.0 Protected Resource Metadata (RFC 9728): URLs and validation, without I/O.

The adapters (``oauth_client_errors.httpx.fetch_resource_metadata`` and its requests
twin) do the fetching; everything they decide is here:

* where the metadata lives: the ``resource_metadata`` URL of a ``WWW-Authenticate``
  challenge (RFC 9728 §5.1), or the resource identifier with
  ``/.well-known/oauth-protected-resource`` inserted after the host (§3.1);
* whether the document may be used: a JSON object whose ``resource`` is identical to the
  resource identifier it was fetched for, or, for a challenge, to the URL of the request
  that was refused (§3.3) - otherwise it MUST NOT be used.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ._errors import MalformedResponseError, OAuthError
from ._ground.sanitize import display_text
from ._ground.urls import is_loopback, origin_of
from ._tokens import MAX_BODY_BYTES, HTTPResult, interpret_http

__all__ = [
    "WELL_KNOWN_PATH",
    "ResourceMetadata",
    "interpret_metadata_response",
    "metadata_request_for",
    "parse_resource_metadata",
    "well_known_url",
]

#: The well-known URI suffix of RFC 9728 §3.1.
WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource"


@dataclass(frozen=True)
class ResourceMetadata:
    """A protected resource's metadata (RFC 9728 §2), validated (§3.3).

    Attributes:
        resource: The resource identifier (checked against the one asked for).
        authorization_servers: Issuer identifiers of the authorization servers that issue
            tokens for this resource (may be empty: the parameter is optional).
        scopes_supported: Scope values the resource uses (empty if not given).
        bearer_methods_supported: How the resource accepts bearer tokens (``header``,
            ``body``, ``query``), empty if not given.
        url: Where the metadata was fetched from.
        raw: The whole JSON object, every member kept (``resource_name``,
            ``jwks_uri``, ``dpop_signing_alg_values_supported``...). ``signed_metadata``
            is kept but not verified.
    """

    resource: str
    authorization_servers: tuple[str, ...] = ()
    scopes_supported: tuple[str, ...] = ()
    bearer_methods_supported: tuple[str, ...] = ()
    url: str | None = None
    raw: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False)


def _check_url(url: str, what: str, *, loopback_ok: bool = True) -> urllib.parse.SplitResult:
    """``url`` must be absolute https (http only to a loopback address), without a fragment.

    With ``loopback_ok`` off, a loopback host is refused whatever the scheme (a server
    must not make the client fetch from the client's own machine). Messages never quote
    the URL: it may come from a server.
    """
    if not isinstance(url, str) or not url:
        raise ValueError(f"{what} must be a non-empty URL string")
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    loopback = is_loopback(parts.hostname)
    if loopback and not loopback_ok:
        raise ValueError(
            f"{what} must not name a loopback address unless the resource itself is loopback"
        )
    if scheme == "http" and loopback:
        pass
    elif scheme != "https":
        raise ValueError(f"{what} must be an https URL (http only on loopback)")
    if not parts.hostname:
        raise ValueError(f"{what} must be an absolute URL with a host")
    if parts.fragment:
        raise ValueError(f"{what} must not have a fragment (RFC 9728 §1.2)")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{what} must not carry user information")
    return parts


def well_known_url(resource: str) -> str:
    """The metadata URL of a resource identifier (RFC 9728 §3.1).

    ``/.well-known/oauth-protected-resource`` goes between the host and the path and/or
    query, after removing a terminating ``/`` of the path:
    ``https://api.example/v1/`` -> ``https://api.example/.well-known/oauth-protected-resource/v1``.

    Raises:
        ValueError: ``resource`` is not an https URL (http only on loopback) or has a
            fragment.
    """
    parts = _check_url(resource, "the resource identifier")
    path = parts.path
    if path.endswith("/"):
        path = path.rstrip("/")
    return urllib.parse.urlunsplit(
        (parts.scheme, parts.netloc, WELL_KNOWN_PATH + path, parts.query, "")
    )


def _normal(url: str) -> tuple[str, str, int | None, str, str]:
    """A URL as (scheme, host, port, path, query): its origin, then path and query."""
    parts = urllib.parse.urlsplit(url)
    return (*origin_of(url), parts.path, parts.query)


def _matches(resource: str, expected: str, *, prefix_match: bool) -> bool:
    got, want = _normal(resource), _normal(expected)
    if got[:3] != want[:3]:
        return False
    if got[3:] == want[3:] or (got[3] in ("", "/") and want[3] in ("", "/") and got[4] == want[4]):
        return True
    if not prefix_match or got[4]:
        return False
    base = got[3].rstrip("/")
    return want[3] == base or want[3].startswith(base + "/")


def metadata_request_for(err_or_url: OAuthError | str, request_url: str | None) -> tuple[str, str]:
    """Where to fetch the metadata, and the ``resource`` value it must carry.

    Args:
        err_or_url: An error whose challenge carries ``resource_metadata`` (RFC 9728
            §5.1), or the resource identifier.
        request_url: The URL of the request the error answered (the adapters take it from
            ``err.response``).

    Returns:
        (metadata URL, expected ``resource``).

    Raises:
        MalformedResponseError: The challenge's ``resource_metadata`` is not an https URL
            (http only on loopback), names a loopback address while the resource does
            not, or has a fragment or user information.
        ValueError: No metadata URL can be found, or the resource URL given is not
            acceptable.
    """
    if isinstance(err_or_url, str):
        return well_known_url(err_or_url), err_or_url
    if not isinstance(err_or_url, OAuthError):
        raise TypeError("pass an OAuthError or a resource URL")
    url = None
    for challenge in sorted(err_or_url.challenges, key=lambda c: not c.is_oauth):
        if challenge.resource_metadata:
            url = challenge.resource_metadata
            break
    if url is None:
        raise ValueError(
            "the error's WWW-Authenticate challenges carry no resource_metadata; "
            "pass the resource identifier instead"
        )
    if request_url is None:
        raise ValueError(
            "the error has no response to tell which URL was requested; "
            "pass the resource identifier instead"
        )
    resource_loopback = is_loopback(urllib.parse.urlsplit(request_url).hostname)
    try:
        _check_url(url, "resource_metadata", loopback_ok=resource_loopback)
    except ValueError as exc:  # the server sent it: a protocol error, not the caller's
        raise MalformedResponseError(str(exc)) from None
    return url, request_url


def _strings(data: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = data.get(name)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise MalformedResponseError(
            f"protected resource metadata: {name} must be a list of strings"
        )
    return tuple(value)


def parse_resource_metadata(
    data: Mapping[str, Any] | bytes | str,
    expected_resource: str,
    *,
    url: str | None = None,
    prefix_match: bool = False,
) -> ResourceMetadata:
    """Validate a protected resource metadata document (RFC 9728 §2, §3.3).

    Args:
        data: The JSON object (decoded, or as bytes/str).
        expected_resource: The resource identifier the metadata was fetched for, or the
            URL of the refused request when the URL came from a challenge.
        url: Where it was fetched from (kept on the result).
        prefix_match: Also accept a ``resource`` on the same origin whose path is a prefix
            of ``expected_resource``'s (draft-mcguinness-oauth-rfc9728bis).

    Returns:
        The metadata.

    Raises:
        MalformedResponseError: Not a JSON object, no ``resource``, a wrongly typed
            member, or a ``resource`` that does not match (the document must not be used).
    """
    if isinstance(data, (bytes, str)):
        if len(data) > MAX_BODY_BYTES:
            raise MalformedResponseError(
                f"protected resource metadata is larger than {MAX_BODY_BYTES} bytes"
            )
        try:
            data = json.loads(data, parse_constant=str)
        except (ValueError, RecursionError):
            raise MalformedResponseError("protected resource metadata is not JSON") from None
    if not isinstance(data, Mapping):
        raise MalformedResponseError("protected resource metadata is not a JSON object")
    resource = data.get("resource")
    if not isinstance(resource, str) or not resource:
        raise MalformedResponseError("protected resource metadata has no resource (RFC 9728 §2)")
    if not _matches(resource, expected_resource, prefix_match=prefix_match):
        raise MalformedResponseError(  # the document's own value is not quoted
            "protected resource metadata is for another resource and must not be used "
            f"(RFC 9728 §3.3): expected {display_text(expected_resource, 200)}"
        )
    return ResourceMetadata(
        resource=resource,
        authorization_servers=_strings(data, "authorization_servers"),
        scopes_supported=_strings(data, "scopes_supported"),
        bearer_methods_supported=_strings(data, "bearer_methods_supported"),
        url=url,
        raw=MappingProxyType(dict(data)),
    )


def interpret_metadata_response(
    result: HTTPResult,
    expected_resource: str,
    *,
    url: str | None = None,
    prefix_match: bool = False,
) -> ResourceMetadata:
    """Turn the answer of a metadata request into :class:`ResourceMetadata` (RFC 9728 §3.2).

    Raises:
        OAuthError: The server answered with an error.
        MalformedResponseError: Not a 200 with a valid document.
    """
    if result.status != 200:
        err = interpret_http(
            result.status,
            result.headers,
            result.body,
            endpoint="resource",
            provider=url,
            token_sent=False,  # metadata is fetched without the token
        )
        if err is not None:
            raise err
        raise MalformedResponseError(
            f"protected resource metadata request answered HTTP {result.status}, not 200"
        )
    return parse_resource_metadata(
        result.body, expected_resource, url=url, prefix_match=prefix_match
    )
