"""The examples run as written: each one against a loopback server, in a subprocess.

Without settings each example starts the local test server itself (``servers.py``); two
are also run the documented way, with settings pointing at a server this test started.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from servers import serve

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(
    name: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OAUTH_", "API_URL"))}
    base.pop("TOKEN_FILE", None)
    base["NO_PROXY"] = "127.0.0.1"
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_examples_use_public_imports_only(name: str) -> None:
    text = (EXAMPLES / name).read_text()
    assert not re.search(r"oauth_client_errors\._", text), "private module imported"
    assert "from oauth_client_errors import" in text


def test_client_credentials_httpx_as_written() -> None:
    result = run("client_credentials_httpx.py")
    assert result.returncode == 0, result.stderr
    assert '200 {"client":"svc"' in result.stdout


def test_client_credentials_httpx_with_settings() -> None:
    with serve() as live:
        ok = run(
            "client_credentials_httpx.py",
            env={
                "OAUTH_TOKEN_URL": live.token_url,
                "OAUTH_CLIENT_ID": "svc",
                "OAUTH_CLIENT_SECRET": "svc-secret-0123456789",
                "OAUTH_SCOPE": "profile",
                "API_URL": f"{live.url}/api/me",
            },
        )
        refused = run(
            "client_credentials_httpx.py",
            env={
                "OAUTH_TOKEN_URL": live.token_url,
                "OAUTH_CLIENT_ID": "svc",
                "OAUTH_CLIENT_SECRET": "svc-secret-0123456789",
                "OAUTH_SCOPE": "profile",
                "API_URL": f"{live.url}/api/admin",
            },
        )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("200 ")
    assert refused.returncode == 1
    assert "insufficient_scope (policy step_up)" in refused.stderr


def test_refresh_token_requests_as_written() -> None:
    result = run("refresh_token_requests.py")
    assert result.returncode == 0, result.stderr
    assert '200 {"client":"app","user":"alice"}' in result.stdout
    assert "refresh token rotated: True; saved" in result.stdout


def test_refresh_token_requests_with_settings_persists(tmp_path: Path) -> None:
    with serve() as live:
        record = live.store.issue("app", "profile")
        path = tmp_path / "token.json"
        path.write_text(
            f'{{"access_token": "{record.access_token}", '
            f'"refresh_token": "{record.refresh_token}", "expires_at": {time.time() + 3600}}}'
        )
        live.store.revoke_access(record.access_token)
        env = {
            "OAUTH_TOKEN_URL": live.token_url,
            "OAUTH_CLIENT_ID": "app",
            "OAUTH_CLIENT_SECRET": "app-secret-9876543210",
            "TOKEN_FILE": str(path),
            "API_URL": f"{live.url}/api/me",
        }
        first = run("refresh_token_requests.py", env=env)
        saved = path.read_text()
        assert record.refresh_token is not None
        assert record.refresh_token not in saved  # rotated, and the new one saved
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        second = run("refresh_token_requests.py", env=env)  # the saved token works
        live.store.revoke_refresh(json.loads(saved)["refresh_token"])
        live.store.revoke_access(json.loads(saved)["access_token"])
        dead = run("refresh_token_requests.py", env=env)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0 and "refreshed" not in second.stdout
    assert dead.returncode == 1
    assert "sign in again" in dead.stderr and "invalid_grant" in dead.stderr


def test_device_flow_cli_as_written() -> None:
    result = run("device_flow_cli.py")
    assert result.returncode == 0, result.stderr
    assert "enter the code:" in result.stdout
    assert "Signed in" in result.stdout


def test_device_flow_cli_denied_with_arguments() -> None:
    def fast(store: object) -> None:
        store.device_interval = 1  # type: ignore[attr-defined]

    with serve(configure=fast) as live:
        live.store.device_plan = ["deny"]
        result = run(
            "device_flow_cli.py", f"{live.url}/device_authorization", live.token_url, "device"
        )
    assert result.returncode == 1
    assert result.stderr.startswith("access_denied: ")


def test_web_callback_demo() -> None:
    result = run("web_callback.py", "--demo")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "-> 400: <h1>Sign-in did not complete</h1>" in out
    assert '<a href="https://as.example/docs/consent">More</a>' in out
    assert "-> 400: <p>Sign-in failed:" in out  # forged state: nothing trusted
    assert "-> 200: Got an authorization code (yes)" in out
