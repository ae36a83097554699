"""pytest plugin: the ``oauth_server`` fixture, a loopback authorization server per session.

Registered through the ``pytest11`` entry point, so pytest loads it in every run where the
package is installed; it therefore imports nothing but pytest at import time. The server
(:class:`~oauth_client_errors.testing.OAuthTestServer`) is imported and started only when
a test first asks for ``oauth_server``, once per session, and :meth:`reset` before each test
that uses it, so one test's tokens, counters and queued failures never reach the next.

Disable it with ``-p no:oauth_client_errors``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ._server import OAuthTestServer

__all__ = ["oauth_server", "oauth_server_session"]


@pytest.fixture(scope="session")
def oauth_server_session() -> Iterator[OAuthTestServer]:
    """The session's server, started on first use and stopped when the session ends.

    Tests should ask for ``oauth_server`` instead, which resets it first.
    """
    from ._server import OAuthTestServer

    server = OAuthTestServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def oauth_server(oauth_server_session: OAuthTestServer) -> Iterator[OAuthTestServer]:
    """A running :class:`~oauth_client_errors.testing.OAuthTestServer`, reset for this test.

    Its tokens, codes, counters, queued failures and settings (``rotate_refresh_tokens``,
    ``access_token_lifetime``) start fresh in every test; the port stays for the session.
    """
    oauth_server_session.reset()
    yield oauth_server_session
    oauth_server_session.reset()
