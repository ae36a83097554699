"""Token stores across processes: refreshes per expiry, reuse, latency, propagation, recovery.

    python benchmarks/bench_stores.py [--processes 1,2,4,8,16] [--duration 4] [--output PATH]

Runs the strict loopback authorization server of the tests (rotating refresh tokens,
family revoked on reuse) and, for the file store and a Redis store on a real
``redis-server`` started here (127.0.0.1, a free port, a temporary directory), measures:

* **refreshes per expiry** across 1-16 worker processes (4 threads and 2 asyncio tasks
  each): refresh requests sent / token generations replaced (1.00 means each expiry
  caused exactly one refresh), plus generations replaced against the ideal count, early
  refreshes and **reuse events** (refresh tokens sent twice, must be 0);
* **time from expiry until every worker has the new token**: for each new token, from its
  issue until the last worker first used it (workers make a request every ``interval``
  seconds, so this includes up to one interval of idling);
* **token() on the fast path** per store (a valid token held; no store access) and the
  **refresh path** (``refresh(stale)`` with one loopback token request) per store;
* **recovery after kill -9** of the lock holder (file: the kernel frees the lock; Redis:
  one lease), and **after a Redis restart** (persistence on).

Writes ``benchmarks/STORES.md`` (or ``--output``). Timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from store_server import CLIENT_ID, CLIENT_SECRET, StoreAuthServer  # noqa: E402
from storekit import RedisServer, finish, seed, spawn, start_together  # noqa: E402

from oauth_client_errors import (  # noqa: E402
    FileTokenStore,
    MemoryTokenStore,
    RedisTokenStore,
    RefreshTokenSource,
    Token,
)

LIFETIME = 1.5
SKEW = 0.5
INTERVAL = 0.2
LEASE = 2.0


def store_cfg(kind: str, tmp: Path, redis: RedisServer, tag: str) -> dict[str, Any]:
    if kind == "file":
        return {"kind": "file", "path": str(tmp / f"{tag}.json")}
    return {"kind": "redis", "port": redis.port, "key": f"bench:{tag}", "lease": LEASE}


def open_store(cfg: dict[str, Any], redis: RedisServer) -> Any:
    if cfg["kind"] == "file":
        return FileTokenStore(cfg["path"])
    return RedisTokenStore(redis.client(), cfg["key"], lease=cfg["lease"])


def expired(server: StoreAuthServer) -> Token:
    fresh = Token.from_response(server.sign_in())
    return Token(fresh.access_token, refresh_token=fresh.refresh_token, expires_at=time.time() - 1)


# -- many processes ----------------------------------------------------------------------------


def fleet(
    kind: str, processes: int, duration: float, tmp: Path, redis: RedisServer
) -> dict[str, Any]:
    with StoreAuthServer(lifetime=LIFETIME) as server:
        cfg_store = store_cfg(kind, tmp, redis, f"fleet-{kind}-{processes}")
        seed(open_store(cfg_store, redis), Token.from_response(server.sign_in()))
        cfg = {
            "store": cfg_store,
            "grant": "refresh",
            "token_endpoint": server.token_endpoint,
            "resource_url": server.resource_url,
            "skew": SKEW,
            "mode": "load",
            "threads": 4,
            "tasks": 2,
            "duration": duration,
            "interval": INTERVAL,
        }
        procs = [spawn(cfg) for _ in range(processes)]
        start = start_together(procs)
        results = [finish(p, timeout=120) for p in procs]
        state = server.state
        failed = sum(r["failed"] for r in results)
        ok = sum(r["ok"] for r in results)
        spreads = []
        for issue in state.issues[1:]:  # each refreshed token: issue -> last worker using it
            seen = [r["seen"][issue.digest] for r in results if issue.digest in r["seen"]]
            if len(seen) == processes:
                spreads.append(max(seen) - issue.at)
        ideal = max(1, int(duration / (LIFETIME - SKEW)))
        refresh_requests = state.token_requests
        return {
            "store": kind,
            "processes": processes,
            "workers": processes * 6,
            "requests": ok,
            "failed": failed,
            "refresh_requests": refresh_requests,
            "generations": state.refreshes,
            "ideal_generations": ideal,
            "per_expiry": refresh_requests / state.refreshes if state.refreshes else float("nan"),
            "early": len(server.early_issues(SKEW)),
            "reuse": state.reuse_events,
            "spread_ms_median": 1000 * statistics.median(spreads) if spreads else float("nan"),
            "spread_ms_max": 1000 * max(spreads) if spreads else float("nan"),
            "elapsed": time.time() - start,
        }


# -- latency in one process --------------------------------------------------------------------


def latency(kind: str, tmp: Path, redis: RedisServer, rounds: int = 40) -> dict[str, Any]:
    with StoreAuthServer(lifetime=3600) as server:
        store: Any
        if kind == "none":
            store = None
        elif kind == "memory":
            store = MemoryTokenStore()
        else:
            store = open_store(store_cfg(kind, tmp, redis, f"lat-{kind}"), redis)
        token = Token.from_response(server.sign_in())
        source = RefreshTokenSource(
            server.token_endpoint, CLIENT_ID, token, client_secret=CLIENT_SECRET, store=store
        )
        source.token()
        n = 20000
        began = time.perf_counter()
        for _ in range(n):
            source.token()
        fast_us = (time.perf_counter() - began) / n * 1e6
        times = []
        current = source.token()
        for _ in range(rounds):
            began = time.perf_counter()
            current = source.refresh(current)
            times.append(time.perf_counter() - began)
        assert server.state.reuse_events == 0
        return {
            "store": kind,
            "fast_us": fast_us,
            "refresh_ms_median": 1000 * statistics.median(times),
            "refresh_ms_p90": 1000 * sorted(times)[int(len(times) * 0.9) - 1],
        }


# -- recovery ----------------------------------------------------------------------------------


def after_kill(kind: str, tmp: Path, redis: RedisServer) -> dict[str, Any]:
    with StoreAuthServer(lifetime=60) as server:
        cfg_store = store_cfg(kind, tmp, redis, f"kill-{kind}")
        store = open_store(cfg_store, redis)
        seed(store, expired(server))
        cfg = {
            "store": cfg_store,
            "grant": "refresh",
            "token_endpoint": server.token_endpoint,
            "resource_url": server.resource_url,
            "skew": SKEW,
            "mode": "once",
            "fault": {"stage": "before_send", "action": "kill"},
        }
        victim = spawn(cfg)
        victim.communicate(timeout=60)
        assert victim.returncode == -signal.SIGKILL
        killed = time.perf_counter()
        source = RefreshTokenSource(
            server.token_endpoint, CLIENT_ID, client_secret=CLIENT_SECRET, store=store
        )
        source.token()
        return {
            "case": f"kill -9 of the lock holder ({kind})",
            "recovery_s": time.perf_counter() - killed,
            "bound": "immediate (kernel)" if kind == "file" else f"one lease ({LEASE:g} s)",
            "refreshes": server.state.refreshes,
            "reuse": server.state.reuse_events,
        }


def after_restart(tmp: Path) -> dict[str, Any]:
    with StoreAuthServer(lifetime=60) as server:
        redis = RedisServer(tmp / "restart")
        (tmp / "restart").mkdir()
        redis.start()
        try:
            store = RedisTokenStore(redis.client(), "bench:restart", lease=LEASE)
            seed(store, expired(server))
            source = RefreshTokenSource(
                server.token_endpoint, CLIENT_ID, client_secret=CLIENT_SECRET, store=store
            )
            first = source.token()
            redis.stop()
            stopped = time.perf_counter()
            redis.start()
            started = time.perf_counter()
            fresh = RefreshTokenSource(
                server.token_endpoint, CLIENT_ID, client_secret=CLIENT_SECRET, store=store
            )
            assert fresh.token().access_token == first.access_token  # persisted
            fresh.refresh(first)  # and the rotated refresh token works after the restart
            done = time.perf_counter()
        finally:
            redis.stop()
        return {
            "case": "Redis restart (AOF on)",
            "recovery_s": done - started,
            "bound": f"restart itself took {started - stopped:.2f} s",
            "refreshes": server.state.refreshes,
            "reuse": server.state.reuse_events,
        }


# -- report ------------------------------------------------------------------------------------


def markdown(
    fleets: list[dict[str, Any]],
    lat: list[dict[str, Any]],
    rec: list[dict[str, Any]],
    args: argparse.Namespace,
    seconds: float,
) -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    lines = [
        "# Token stores across processes",
        "",
        "Generated by `benchmarks/bench_stores.py`; reproduce with:",
        "",
        "```sh",
        "pip install -e '.[test]'   # and Debian's redis-server on PATH",
        "python benchmarks/bench_stores.py"
        f" --processes {args.processes} --duration {args.duration:g}",
        "```",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()},"
        f" {platform.system()}; run {now:%Y-%m-%d %H:%M} UTC, {seconds:.0f} s. The machine is"
        " shared with other jobs: latencies are indicative.",
        "",
        f"Access tokens live {LIFETIME:g} s; workers refresh {SKEW:g} s before expiry; each "
        f"process runs 4 threads and 2 asyncio tasks, each making a request every "
        f"{INTERVAL:g} s for {args.duration:g} s. The authorization server rotates refresh "
        "tokens and revokes the family on reuse.",
        "",
        "## Refreshes per expiry and reuse",
        "",
        "`per expiry` = refresh requests sent / token generations replaced (must be 1.00); "
        "`reuse` = refresh tokens sent twice (must be 0); `early` = refreshes while the newest "
        "token was not yet due; `spread` = from a new token's issue until the last process "
        f"used it (includes up to one request interval, {INTERVAL * 1000:.0f} ms, of idling).",
        "",
        "| store | processes | workers | requests | failed | refresh requests | generations "
        "(ideal) | per expiry | early | reuse | spread median ms | spread max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in fleets:
        lines.append(
            f"| {f['store']} | {f['processes']} | {f['workers']} | {f['requests']} | "
            f"{f['failed']} | {f['refresh_requests']} | {f['generations']} "
            f"({f['ideal_generations']}) | {f['per_expiry']:.2f} | {f['early']} | {f['reuse']} | "
            f"{f['spread_ms_median']:.0f} | {f['spread_ms_max']:.0f} |"
        )
    lines += [
        "",
        "## Latency in one process",
        "",
        "`token()` on the fast path (a valid token held: no store access, no lock) and "
        "`refresh(stale)` with one loopback token request, median and 90th percentile. The "
        "file and Redis stores make every save durable before the new token is used (fsync of "
        "the file and its directory; Redis here runs with `appendfsync always`): that fsync is "
        "most of their refresh time.",
        "",
        "| store | token() µs | refresh median ms | refresh p90 ms |",
        "|---|---:|---:|---:|",
    ]
    for row in lat:
        lines.append(
            f"| {row['store']} | {row['fast_us']:.2f} | {row['refresh_ms_median']:.2f} | "
            f"{row['refresh_ms_p90']:.2f} |"
        )
    lines += [
        "",
        "## Recovery",
        "",
        "| case | until a worker has a token, s | bound | refreshes | reuse |",
        "|---|---:|---|---:|---:|",
    ]
    for row in rec:
        lines.append(
            f"| {row['case']} | {row['recovery_s']:.2f} | {row['bound']} | {row['refreshes']} | "
            f"{row['reuse']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", default="1,2,4,8,16")
    parser.add_argument("--duration", type=float, default=4.0)
    parser.add_argument("--output", default=str(HERE / "STORES.md"))
    args = parser.parse_args()
    began = time.time()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        (tmp / "redis").mkdir()
        redis = RedisServer(tmp / "redis")
        redis.start()
        try:
            fleets = []
            for kind in ("file", "redis"):
                for n in (int(x) for x in args.processes.split(",")):
                    row = fleet(kind, n, args.duration, tmp, redis)
                    print(row, flush=True)
                    fleets.append(row)
            lat = [latency(kind, tmp, redis) for kind in ("none", "memory", "file", "redis")]
            for row in lat:
                print(row, flush=True)
            rec = [after_kill("file", tmp, redis), after_kill("redis", tmp, redis)]
        finally:
            redis.stop()
        rec.append(after_restart(tmp))
        for row in rec:
            print(row, flush=True)
    text = markdown(fleets, lat, rec, args, time.time() - began)
    if args.output == "-":
        print(text)
    else:
        Path(args.output).write_text(text)
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
