"""Loopback GETs through OAuth2Auth vs the same client with a static Authorization header.

    python benchmarks/bench_adapters.py [--blocks B] [--size N]

Prints one row per adapter: microseconds per request with ``OAuth2Auth`` (``ours_us``) and
with a static ``Authorization`` header set on the same kind of client (``baseline_us``), and
their ratio (goal: at most 1.05x). ``run()`` returns the rows for a report script.

The server is a minimal keep-alive HTTP/1.1 server in a separate process on 127.0.0.1 (so
it does not compete for this process's GIL), answering every request with a fixed 200.
Timings are noisy on a shared machine: the two variants run interleaved in short blocks
(so that a change of load hits both alike), and the median block of each is compared.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import requests

from oauth_client_errors import Token
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.requests import OAuth2Auth as RequestsAuth

SERVER = r"""
import asyncio, sys

RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
            b"Connection: keep-alive\r\n\r\nok")

async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            writer.write(RESPONSE)
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=128)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()

asyncio.run(main())
"""

TOKEN = "static-token-0123456789"


class Static:
    """A token source that never refreshes (the token does not expire)."""

    def __init__(self) -> None:
        self.t = Token(TOKEN)

    def token(self) -> Token:
        return self.t

    def refresh(self, stale: Token | None) -> Token:
        return self.t


def _serve() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    port = int(proc.stdout.readline())
    return proc, f"http://127.0.0.1:{port}/"


def _time(fn: Callable[[], Any], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


async def _atime(fn: Callable[[], Awaitable[Any]], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        await fn()
    return (time.perf_counter() - start) / n


def _row(name: str, ours: list[float], base: list[float]) -> dict[str, Any]:
    o, b = statistics.median(ours), statistics.median(base)
    return {
        "name": name,
        "ours_us": round(o * 1e6, 1),
        "baseline_us": round(b * 1e6, 1),
        "ratio": round(o / b, 3),
    }


def _pair(
    name: str, ours: Callable[[], Any], base: Callable[[], Any], blocks: int, size: int
) -> dict[str, Any]:
    _time(ours, 100)
    _time(base, 100)
    o: list[float] = []
    b: list[float] = []
    for i in range(blocks):
        if i % 2:
            o.append(_time(ours, size))
            b.append(_time(base, size))
        else:
            b.append(_time(base, size))
            o.append(_time(ours, size))
    return _row(name, o, b)


async def _apair(url: str, blocks: int, size: int) -> dict[str, Any]:
    header = {"Authorization": f"Bearer {TOKEN}"}
    async with (
        httpx.AsyncClient(trust_env=False, headers=header) as plain,
        httpx.AsyncClient(trust_env=False, auth=HttpxAuth(Static())) as authed,
    ):

        def ours() -> Awaitable[Any]:
            return authed.get(url)

        def base() -> Awaitable[Any]:
            return plain.get(url)

        await _atime(ours, 100)
        await _atime(base, 100)
        o: list[float] = []
        b: list[float] = []
        for i in range(blocks):
            if i % 2:
                o.append(await _atime(ours, size))
                b.append(await _atime(base, size))
            else:
                b.append(await _atime(base, size))
                o.append(await _atime(ours, size))
    return _row("httpx.AsyncClient", o, b)


def run(blocks: int = 200, size: int = 25) -> list[dict[str, Any]]:
    """Run the benchmark; one row per adapter: name, ours_us, baseline_us, ratio.

    Args:
        blocks: Interleaved blocks per variant.
        size: Requests per block.
    """
    proc, url = _serve()
    header = {"Authorization": f"Bearer {TOKEN}"}
    rows: list[dict[str, Any]] = []
    try:
        with (
            httpx.Client(trust_env=False, headers=header) as plain,
            httpx.Client(trust_env=False, auth=HttpxAuth(Static())) as authed,
        ):
            rows.append(
                _pair(
                    "httpx.Client",
                    lambda: authed.get(url),
                    lambda: plain.get(url),
                    blocks,
                    size,
                )
            )
        rows.append(asyncio.run(_apair(url, blocks, size)))
        with requests.Session() as plain_s, requests.Session() as authed_s:
            plain_s.trust_env = authed_s.trust_env = False
            plain_s.headers["Authorization"] = header["Authorization"]
            authed_s.auth = RequestsAuth(Static())
            rows.append(
                _pair(
                    "requests.Session",
                    lambda: authed_s.get(url),
                    lambda: plain_s.get(url),
                    blocks,
                    size,
                )
            )
    finally:
        proc.terminate()
        proc.wait(5)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blocks", type=int, default=200, help="interleaved blocks")
    parser.add_argument("--size", type=int, default=25, help="requests per block")
    args = parser.parse_args()
    rows = run(args.blocks, args.size)
    print(f"{'adapter':<20} {'OAuth2Auth us':>14} {'static us':>10} {'ratio':>7}")
    for row in rows:
        print(
            f"{row['name']:<20} {row['ours_us']:>14.1f} {row['baseline_us']:>10.1f} "
            f"{row['ratio']:>6.3f}x"
        )


if __name__ == "__main__":
    main()
