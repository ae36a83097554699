"""The examples against real endpoints given as settings: a loopback Authlib server.

Each example is run as a user runs it, in a subprocess, with its endpoints given in the
environment or on the command line (``servers.py`` is the server; the examples never import
it). ``test_examples_installed.py`` runs each one with ``--demo`` from an install.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from servers import serve

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ALL = sorted(p.name for p in EXAMPLES.glob("*.py"))


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


@pytest.mark.parametrize("name", ALL)
def test_examples_import_only_the_public_package(name: str) -> None:
    tree = ast.parse((EXAMPLES / name).read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add(node.module or "")
    ours = {m for m in modules if m.startswith("oauth_client_errors")}
    assert ours, "the example does not use the package"
    assert not any(part.startswith("_") for m in ours for part in m.split(".")), ours
    assert not {"servers", "tests", "conftest"} & {m.split(".")[0] for m in modules}
    assert "sys.path" not in (EXAMPLES / name).read_text()


@pytest.mark.parametrize("name", ALL)
def test_examples_without_settings_say_what_to_give(name: str) -> None:
    result = run(name)
    assert result.returncode == 2
    assert "--demo" in result.stderr


def test_client_credentials_httpx_with_settings() -> None:
    with serve() as live:
        settings = {
            "OAUTH_TOKEN_URL": live.token_url,
            "OAUTH_CLIENT_ID": "svc",
            "OAUTH_CLIENT_SECRET": "svc-secret-0123456789",
            "OAUTH_SCOPE": "profile",
        }
        ok = run("client_credentials_httpx.py", env={**settings, "API_URL": f"{live.url}/api/me"})
        refused = run(
            "client_credentials_httpx.py", env={**settings, "API_URL": f"{live.url}/api/admin"}
        )
    assert ok.returncode == 0, ok.stderr
    first, *rest = ok.stdout.splitlines()
    assert first == f"Mode: real endpoints from the environment - token endpoint {live.token_url}"
    assert rest[0].startswith('  HTTP 200: {"client":"svc"')
    assert refused.returncode == 1
    # A client-credentials client has no user to step up: fix_config, and what to configure.
    assert "InsufficientScopeError: insufficient_scope (policy fix_config)" in refused.stdout
    assert "grant the client the scope" in refused.stdout


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
    assert first.stdout.startswith("Mode: real endpoints from the environment")
    assert "refresh token rotated: True; saved" in first.stdout
    assert second.returncode == 0 and "Refreshed" not in second.stdout
    assert dead.returncode == 1
    assert "sign in again" in dead.stderr and "invalid_grant" in dead.stderr


def _fast(store: object) -> None:
    store.device_interval = 1  # type: ignore[attr-defined]
    store.add_client("device-conf", "device-secret-5555")  # type: ignore[attr-defined]


def test_device_flow_cli_public_client_denied() -> None:
    with serve(configure=_fast) as live:
        live.store.device_plan = ["deny"]
        device_url = f"{live.url}/device_authorization"
        result = run("device_flow_cli.py", device_url, live.token_url, "device")
    assert result.returncode == 1
    assert result.stdout.startswith("Mode: real endpoints from the command line")
    assert result.stderr.startswith("access_denied: ")


def test_device_flow_cli_takes_a_client_secret() -> None:
    with serve(configure=_fast) as live:
        device_url = f"{live.url}/device_authorization"
        live.store.device_plan = ["pending", "approve"]
        with_flag = run(
            "device_flow_cli.py", device_url, live.token_url, "device-conf",
            "--client-secret", "device-secret-5555",
        )  # fmt: skip
        live.store.device_plan = ["approve"]
        from_env = run(
            "device_flow_cli.py", device_url, live.token_url, "device-conf",
            env={"OAUTH_CLIENT_SECRET": "device-secret-5555"},
        )  # fmt: skip
        wrong = run(
            "device_flow_cli.py", device_url, live.token_url, "device-conf",
            "--client-secret", "not-the-secret",
        )  # fmt: skip
    assert with_flag.returncode == 0, with_flag.stderr
    assert "enter the code:" in with_flag.stdout and "Signed in" in with_flag.stdout
    assert from_env.returncode == 0, from_env.stderr
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("invalid_client: ")
    assert "device-secret-5555" not in with_flag.stdout + with_flag.stderr
