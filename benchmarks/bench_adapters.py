"""Loopback GETs through OAuth2Auth vs the same client with a static Authorization header.

    python benchmarks/bench_adapters.py [N]

Prints the time per request and the ratio (goal: at most 1.05x). No asserts.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from typing import Any

import httpx
import requests
from werkzeug.serving import make_server

from oauth_client_errors._tokens import Token
from oauth_client_errors.httpx import OAuth2Auth as HttpxAuth
from oauth_client_errors.requests import OAuth2Auth as RequestsAuth


def app(environ: Any, start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]


class Static:
    """A token source that never refreshes."""

    def __init__(self) -> None:
        self.t = Token("static-token", expires_at=time.time() + 86400)

    def token(self) -> Token:
        return self.t

    def refresh(self, stale: Token | None) -> Token:
        return self.t


def bench(fn: Any, n: int) -> float:
    for _ in range(50):
        fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_port}/"
    header = {"Authorization": "Bearer static-token"}
    try:
        with (
            httpx.Client(trust_env=False) as plain,
            httpx.Client(trust_env=False, auth=HttpxAuth(Static())) as authed,
        ):
            base = bench(lambda: plain.get(url, headers=header), n)
            ours = bench(lambda: authed.get(url), n)
        print(
            f"httpx:    static {base * 1e6:8.1f} us  OAuth2Auth {ours * 1e6:8.1f} us  "
            f"ratio {ours / base:.3f}x"
        )
        with requests.Session() as plain_s, requests.Session() as authed_s:
            plain_s.trust_env = authed_s.trust_env = False
            authed_s.auth = RequestsAuth(Static())
            base = bench(lambda: plain_s.get(url, headers=header), n)
            ours = bench(lambda: authed_s.get(url), n)
        print(
            f"requests: static {base * 1e6:8.1f} us  OAuth2Auth {ours * 1e6:8.1f} us  "
            f"ratio {ours / base:.3f}x"
        )
    finally:
        httpd.shutdown()


if __name__ == "__main__":
    main()
