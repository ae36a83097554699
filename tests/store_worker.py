"""One worker process for the token store tests (run as a script with a JSON config).

Modes: ``load`` runs threads and asyncio tasks that each fetch a token and call the
resource for ``duration`` seconds (a 401 leads to one ``refresh(stale)`` and one retry);
``once`` calls ``token()`` once. ``fault`` patches the fault-injection hook to kill
(SIGKILL) or pause (SIGSTOP) this process at a named stage of the refresh.
Prints one JSON line with the outcome.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from oauth_client_errors import (
    ClientCredentials,
    FileTokenStore,
    OAuthError,
    RedisTokenStore,
    RefreshTokenSource,
    Token,
)
from oauth_client_errors._stores import _base


def digest(token: Token) -> str:
    return hashlib.sha256(token.access_token.encode()).hexdigest()[:16]


def make_store(cfg: dict[str, Any]) -> Any:
    if cfg["kind"] == "module":  # a store class from a file (the SQL example of the docs)
        spec = importlib.util.spec_from_file_location("store_module", cfg["file"])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        store_class = getattr(module, cfg["class"])
        return store_class(*cfg["args"], lock_timeout=cfg.get("lock_timeout", 30.0))
    if cfg["kind"] == "file":
        return FileTokenStore(cfg["path"], lock_timeout=cfg.get("lock_timeout", 30.0))
    import redis

    client = redis.Redis(host="127.0.0.1", port=cfg["port"], socket_timeout=5)
    key = bytes.fromhex(cfg["enc"]) if cfg.get("enc") else None
    return RedisTokenStore(
        client,
        cfg["key"],
        encryption_key=key,
        lease=cfg.get("lease", 1.0),
        lock_timeout=cfg.get("lock_timeout", 30.0),
    )


def make_source(cfg: dict[str, Any], store: Any) -> Any:
    if cfg["grant"] == "cc":
        return ClientCredentials(
            cfg["token_endpoint"], "store-client", "store-secret-123", store=store, skew=cfg["skew"]
        )
    return RefreshTokenSource(
        cfg["token_endpoint"],
        "store-client",
        client_secret="store-secret-123",
        store=store,
        skew=cfg["skew"],
    )


def call(url: str, token: Token) -> int:
    req = urllib.request.Request(url, headers={"Authorization": token.authorization})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        return int(exc.code)


#: A request is retried after a refresh this many times (on a loaded machine a request can
#: take longer than the skew, and reach the server after the token it carries expired).
ATTEMPTS = 3


SEEN: dict[str, float] = {}  # access token digest -> when this process first used it


def first_use(token: Token) -> None:
    key = digest(token)
    if key not in SEEN:
        SEEN.setdefault(key, time.time())


def request(source: Any, url: str) -> None:
    token = source.token()
    first_use(token)
    for _ in range(ATTEMPTS):
        status = call(url, token)
        if status != 401:
            break
        token = source.refresh(token)
    if status != 200:
        raise RuntimeError(f"resource answered {status} after {ATTEMPTS} attempts")


async def arequest(source: Any, url: str) -> None:
    token = await source.atoken()
    first_use(token)
    for _ in range(ATTEMPTS):
        status = await asyncio.to_thread(call, url, token)
        if status != 401:
            break
        token = await source.arefresh(token)
    if status != 200:
        raise RuntimeError(f"resource answered {status} after {ATTEMPTS} attempts")


def run_load(cfg: dict[str, Any], source: Any) -> dict[str, Any]:
    outcome: dict[str, Any] = {"ok": 0, "failed": 0, "errors": [], "seen": {}}
    guard = threading.Lock()
    end = cfg["start_at"] + cfg["duration"]

    def record(exc: BaseException | None) -> None:
        with guard:
            if exc is None:
                outcome["ok"] += 1
            else:
                outcome["failed"] += 1
                outcome["errors"].append(f"{type(exc).__name__}: {exc}"[:300])

    def thread_main() -> None:
        while time.time() < end:
            try:
                request(source, cfg["resource_url"])
                record(None)
            except Exception as exc:
                record(exc)
            time.sleep(cfg["interval"])

    async def task_main() -> None:
        while time.time() < end:
            try:
                await arequest(source, cfg["resource_url"])
                record(None)
            except Exception as exc:
                record(exc)
            await asyncio.sleep(cfg["interval"])

    async def tasks() -> None:
        await asyncio.gather(*(task_main() for _ in range(cfg["tasks"])))

    time.sleep(max(0.0, cfg["start_at"] - time.time()))
    threads = [threading.Thread(target=thread_main) for _ in range(cfg["threads"])]
    for t in threads:
        t.start()
    if cfg["tasks"]:
        asyncio.run(tasks())
    for t in threads:
        t.join()
    outcome["seen"] = dict(SEEN)
    return outcome


def install_fault(fault: dict[str, Any]) -> None:
    sig = signal.SIGKILL if fault["action"] == "kill" else signal.SIGSTOP

    def hook(stage: str) -> None:
        if stage == fault["stage"]:
            sys.stdout.flush()
            os.kill(os.getpid(), sig)

    _base._fault = hook  # type: ignore[assignment]


def main() -> None:
    cfg = json.loads(sys.argv[1])
    store = make_store(cfg["store"])
    source = make_source(cfg, store)
    if cfg.get("fault"):
        install_fault(cfg["fault"])
    if cfg["mode"] == "load":
        print("ready", flush=True)  # the test starts every worker at once: "go <start time>"
        cfg["start_at"] = float(sys.stdin.readline().split()[1])
        result = run_load(cfg, source)
    else:
        try:
            token = source.token()
            result = {"access": digest(token)}
        except OAuthError as exc:
            result = {"error": type(exc).__name__, "hint": exc.hint, "policy": exc.policy.value}
        except Exception as exc:
            result = {"error": type(exc).__name__, "message": str(exc)}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
