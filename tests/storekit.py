"""Shared helpers for the token store tests: a real redis-server, worker processes."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from oauth_client_errors import Token

WORKER = str(Path(__file__).with_name("store_worker.py"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def need_redis_server() -> str:
    """The redis-server binary; missing -> fail under CI, skip elsewhere."""
    path = shutil.which("redis-server")
    if path is None:
        message = "redis-server is not on PATH (apt-get install -y redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


class RedisServer:
    """A real redis-server on 127.0.0.1, persistence on (AOF, fsync always)."""

    def __init__(self, directory: Path) -> None:
        self.binary = need_redis_server()
        self.directory = directory
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--daemonize",
                "no",
                "--protected-mode",
                "yes",
                "--logfile",
                "",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()  # SIGTERM: redis flushes the AOF and exits
            self.proc.wait(timeout=10)
            self.proc = None

    def client(self, **kwargs: Any) -> Any:
        return quick_client(self.port, **kwargs)


def quick_client(port: int, **kwargs: Any) -> Any:
    """A redis-py client that gives up at once when the server is down (tests stay fast)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    options: dict[str, Any] = {"socket_timeout": 5, "retry": Retry(NoBackoff(), 0), **kwargs}
    return redis.Redis(host="127.0.0.1", port=port, **options)


@contextmanager
def redis_server(directory: Path) -> Iterator[RedisServer]:
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def source_cfg(server: Any, store: dict[str, Any], grant: str, *, skew: float) -> dict[str, Any]:
    """A worker's settings: its store, its grant (``refresh`` or ``cc``), the server's URLs."""
    return {
        "store": store,
        "grant": grant,
        "token_endpoint": server.token_endpoint,
        "resource_url": server.resource_url,
        "skew": skew,
    }


def seed(store: Any, token: Token) -> None:
    """Put ``token`` in an empty store (as the sign-in would)."""
    with store.lock(5.0) as lease:
        assert store.save(token, expected_version=0, lease=lease) is not None


def spawn(cfg: dict[str, Any]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, WORKER, json.dumps(cfg)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def start_together(procs: list[subprocess.Popen[str]], delay: float = 0.3) -> float:
    """Wait until every load worker is ready, then start them all at the same moment."""
    for proc in procs:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "ready", f"worker did not start: {line!r}"
    start = time.time() + delay
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write(f"go {start}\n")
        proc.stdin.flush()
    return start


def finish(proc: subprocess.Popen[str], timeout: float = 60.0) -> dict[str, Any]:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"worker exited {proc.returncode}: {err[-2000:]}"
    lines = [line for line in out.splitlines() if line.startswith("{")]
    assert lines, f"worker printed nothing: {err[-2000:]}"
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def run_once(cfg: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return finish(spawn({**cfg, "mode": "once", **extra}))


def wait_stopped(pid: int, timeout: float = 20.0) -> None:
    """Wait until process ``pid`` is stopped (SIGSTOP) or gone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                state = fh.read().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return
        if state in ("T", "t", "Z", "X"):
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} did not stop")
