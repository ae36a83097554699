"""The testing kit used as a user would: a sample project run with pytester.

``kit_project/`` holds a tiny application (``myapp.py``) and its tests (``myapp_tests.py``),
which use the ``oauth_server`` fixture (found through the ``pytest11`` entry point, as in a
user's project), respx, ``httpx.MockTransport``, a mounted requests adapter and the
``responses`` library, each asserting the typed exception and policy the application sees.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PROJECT = Path(__file__).parent / "kit_project"
INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\n"


def _project(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        myapp=(PROJECT / "myapp.py").read_text(encoding="utf-8"),
        test_myapp=(PROJECT / "myapp_tests.py").read_text(encoding="utf-8"),
    )


def test_the_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    found = [
        ep
        for ep in importlib.metadata.entry_points(group="pytest11")
        if ep.value == "oauth_client_errors.testing.plugin"
    ]
    assert [ep.name for ep in found] == ["oauth_client_errors"]


def test_sample_project_passes(pytester: pytest.Pytester) -> None:
    _project(pytester)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=15)
    result.stdout.fnmatch_lines(["*test_state_is_fresh_b PASSED*"])


def test_a_wrong_expectation_in_the_project_fails(pytester: pytest.Pytester) -> None:
    # The project's assertions are live: expecting the wrong policy makes its test fail.
    pytester.makeini(INI)
    pytester.makepyfile(
        myapp=(PROJECT / "myapp.py").read_text(encoding="utf-8"),
        test_wrong="""
from myapp import refresh_worker

def test_google_revoked_is_not_a_retry(oauth_server):
    oauth_server.fail_next_token("google", "invalid_grant")
    outcome = refresh_worker(oauth_server.token_endpoint, oauth_server.client_id,
                             oauth_server.client_secret, oauth_server.issue_token())
    assert outcome.action == "try_later"
""",
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*'sign_in_again' == 'try_later'*"])


def test_an_unused_plugin_starts_nothing(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        test_plain="""
import sys, threading

def test_nothing_loaded():
    assert "oauth_client_errors.testing.plugin" in sys.modules
    for name in ("oauth_client_errors.testing._server", "oauth_client_errors.testing._samples",
                 "http.server"):
        assert name not in sys.modules, name
    assert not [t for t in threading.enumerate() if t.name == "OAuthTestServer"]
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_the_plugin_can_be_disabled(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(test_uses="def test_x(oauth_server):\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:oauth_client_errors")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'oauth_server' not found*"])


def test_one_server_per_session(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        test_same="""
seen = []

def test_a(oauth_server):
    seen.append(oauth_server.issuer)
    oauth_server.issue_token()

def test_b(oauth_server):
    seen.append(oauth_server.issuer)
    assert seen[0] == seen[1]
"""
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
