"""URLs: the one origin helper and the one loopback test every layer shares.

RFC 6454 §4 (origins: scheme, host and port; default ports made explicit), RFC 8252 §8.3
and RFC 9700 §2.6 (loopback hosts may use plain http: ``localhost`` and the loopback
addresses 127.0.0.0/8 and ``::1``).
"""

from __future__ import annotations

import ipaddress
import urllib.parse

__all__ = ["DEFAULT_PORTS", "Origin", "is_loopback", "origin_of"]

#: (scheme, host, port): scheme and host lower-cased, the port explicit when known.
Origin = tuple[str, str, int | None]

#: The port a URL without one uses, by scheme.
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> Origin:
    """Return the origin of ``url``: (scheme, host, port), default ports made explicit.

    RFC 6454 §4: two URLs have the same origin when scheme, host and port are equal; a
    different port is a different origin. An invalid port reads as the scheme's default.
    """
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        port = DEFAULT_PORTS.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def is_loopback(host: str | None) -> bool:
    """True for ``localhost`` (and its subdomains) and loopback addresses (127/8, ::1)."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
