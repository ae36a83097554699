"""examples/web_login.py: its app against the Authlib server, and its --demo as written."""

from __future__ import annotations

import html
import importlib.util
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from servers import REDIRECT_URI, serve

from oauth_client_errors import AccessDeniedError, AuthorizationCodeFlow

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "web_login.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("web_login_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_app_signs_in_and_explains_a_denial(caplog: pytest.LogCaptureFixture) -> None:
    example = load()
    with serve() as live:
        flow = AuthorizationCodeFlow.from_issuer(
            live.url, "web", REDIRECT_URI, client_secret="web-secret-0123456789"
        )
        browser = example.create_app(flow).test_client()
        for plan, expected in (("approve", 302), ("deny", 400)):
            live.store.authorization_plan = [plan]
            login = browser.get("/login")
            assert login.status_code == 302
            answer = httpx.get(login.headers["Location"])
            callback = urllib.parse.urlsplit(answer.headers["location"])
            back = browser.get(f"{callback.path}?{callback.query}")
            assert back.status_code == expected, back.text
            if plan == "approve":
                assert "Signed in" in browser.get("/").text
            else:
                assert "Sign-in failed" in back.text
                shown = AccessDeniedError(endpoint="authorization").user_message
                assert html.escape(shown) in back.text  # the end user's words
                assert "access_denied" not in back.text  # no protocol words for the user
                assert "RFC 6749 §4.1.2.1" in caplog.text  # the hint, for the developer
    # A callback for which this browser started no sign-in.
    assert browser.get("/callback?code=x&state=y").status_code == 400


def test_the_demo_runs_as_written() -> None:
    pytest.importorskip("oauth_client_errors.testing", reason="the testing kit is not merged yet")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OAUTH_")}
    env["NO_PROXY"] = "127.0.0.1"
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Signed in" in result.stdout
    assert "StateMismatchError" in result.stderr and "AccessDeniedError" in result.stderr
