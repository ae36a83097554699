"""Our parsers side by side with what users would otherwise call for the same job.

    python benchmarks/bench_parsers.py [--repeat R] [--json]

Sections (one table each):

* ``token-error``: an error body from a token endpoint turned into a typed exception.
  Ours: ``parse_response(status, headers, body)``. Theirs: oauthlib's
  ``parse_token_response`` (raises its typed ``InvalidGrantError``...), Authlib's
  ``OAuth2Session.parse_response_token`` (raises ``OAuthError``), requests-oauth2client's
  ``OAuth2Client.on_token_error`` (raises ``InvalidGrant``...), httpx-auth's
  ``InvalidGrantRequest(response)``, all fed an in-memory response object (no I/O), and a
  bare ``json.loads`` of the body as the floor.
* ``redirect``: an authorization redirect checked and turned into an error (or None).
  Ours: ``parse_redirect(url, expected_state=...)``. Theirs: oauthlib's
  ``parse_authorization_code_response``, Authlib's ``parse_authorization_code_response``
  (success only: it does not read ``error``, it raises ``MissingCodeException``),
  requests-oauth2client's ``AuthorizationRequest.validate_callback``, httpx-auth's
  redirect handling (``parse_qs`` + ``InvalidGrantRequest``), and ``urllib.parse.parse_qs``
  of the query as the floor.
* ``token-error, decided`` and ``redirect, decided``: the same inputs, and then the
  error's ``policy``, ``situation`` and ``params`` read (the typed error is handed back
  once its class is known; the rest is decided on that first read): the whole cost of
  acting on an error, against the same floors. The hint is rendered when read (not here).
* ``www-authenticate``: a 401 challenge read into a typed error, ours
  (``parse_response`` with the header, everything included) vs werkzeug's
  ``WWWAuthenticate.from_header`` (parsing only). The parser alone against werkzeug, on
  many more headers, is ``benchmarks/bench_challenge.py``.
* ``scaling``: time against input size, from 100 B up to each parser's size cap (1 MiB
  for bodies, 64 KiB for redirect URLs and headers), with the growth per 4x size step
  (linear is about 4x, quadratic 16x).

``ratio`` = ours / theirs (below 1: ours is faster). Times are CPU time of this process
(``time.process_time``), the best of ``--repeat`` rounds with every implementation timed
in each round (interleaved), so the load other processes put on the machine skews them
little; they are still noisy on a shared machine. A library that is not installed is
reported and skipped. ``run()`` returns the rows (dicts) for ``benchmarks/report.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import timeit
import urllib.parse
from collections.abc import Callable
from typing import Any

from oauth_client_errors import parse_redirect, parse_response

Call = Callable[[], Any]

TOKEN_ERRORS = {
    "RFC 6749 invalid_grant (JSON)": (
        400,
        "application/json",
        b'{"error":"invalid_grant","error_description":"The refresh token has expired"}',
    ),
    "Entra AADSTS (JSON, extra members)": (
        400,
        "application/json; charset=utf-8",
        json.dumps(
            {
                "error": "invalid_grant",
                "error_description": "AADSTS70008: The provided authorization code or refresh "
                "token has expired due to inactivity.\r\nTrace ID: 0a1b\r\nCorrelation ID: 2c3d"
                "\r\nTimestamp: 2024-05-01 10:00:00Z",
                "error_codes": [70008],
                "timestamp": "2024-05-01 10:00:00Z",
                "trace_id": "0a1b",
                "correlation_id": "2c3d",
                "error_uri": "https://login.microsoftonline.com/error?code=70008",
            }
        ).encode(),
    ),
    "Google invalid_rapt (JSON, error_subtype)": (
        400,
        "application/json; charset=utf-8",
        b'{"error":"invalid_grant","error_description":"reauth related error (invalid_rapt)",'
        b'"error_uri":"https://support.google.com/a/answer/9368756",'
        b'"error_subtype":"invalid_rapt"}',
    ),
    "GitHub device flow (JSON, HTTP 200)": (
        200,
        "application/json",
        b'{"error":"authorization_pending","error_description":"The authorization request is '
        b'still pending.","error_uri":"https://docs.github.com/developers/apps/authorizing-'
        b'oauth-apps#error-codes-for-the-device-flow"}',
    ),
}

REDIRECT_BASE = "https://client.example.com/cb"
REDIRECTS = {
    "error redirect (access_denied)": REDIRECT_BASE
    + "?error=access_denied&error_description=The+user+denied+the+request&state=xyz",
    "error redirect, OIDC + RFC 9207 iss": REDIRECT_BASE
    + "?error=login_required&error_description=User+must+sign+in&state=xyz"
    "&iss=https%3A%2F%2Fas.example",
    "success redirect (code)": REDIRECT_BASE
    + "?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fas.example",
}

CHALLENGES = {
    "Bearer invalid_token": 'Bearer realm="example", error="invalid_token", '
    'error_description="The access token expired"',
    "Bearer insufficient_scope": 'Bearer realm="api", error="insufficient_scope", '
    'scope="photos:read photos:write"',
}


# -- timing -------------------------------------------------------------------------------


def _catching(fn: Call) -> Call:
    """Time a call that raises its typed exception (theirs do; ours returns it)."""

    def call() -> Any:
        try:
            return fn()
        except Exception as exc:  # the typed error is the result being measured
            return exc

    return call


def _number(fn: Call, target: float = 0.02) -> int:
    number = 1
    while True:
        start = time.process_time()
        for _ in range(number):
            fn()
        if time.process_time() - start >= target or number >= 1 << 20:
            return number
        number *= 2


def time_together(calls: dict[str, Call], repeat: int) -> dict[str, float]:
    """Best time per call in microseconds for each callable, timed round-robin."""
    numbers = {name: _number(fn) for name, fn in calls.items()}
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(repeat):
        for name, fn in calls.items():
            timer = timeit.Timer(fn, timer=time.process_time)
            best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name])
    return {name: value * 1e6 for name, value in best.items()}


# -- what the other libraries offer --------------------------------------------------------


def _version(dist: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _requests_response(status: int, content_type: str, body: bytes) -> Any:
    import requests

    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers["Content-Type"] = content_type
    response.encoding = "utf-8"
    response.url = "https://as.example/token"
    return response


def token_error_rivals(status: int, content_type: str, body: bytes) -> dict[str, Call | str]:
    """Callables turning the same response into the library's error; or why not."""
    rivals: dict[str, Call | str] = {}
    text = body.decode()
    rivals["json.loads (floor)"] = lambda: json.loads(body)
    try:
        from oauthlib.oauth2.rfc6749.parameters import parse_token_response

        rivals[f"oauthlib {_version('oauthlib')} parse_token_response"] = _catching(
            lambda: parse_token_response(text)
        )
    except ImportError:
        rivals["oauthlib"] = "not installed"
    try:
        from authlib.integrations.requests_client import OAuth2Session

        session = OAuth2Session(client_id="client")
        response = _requests_response(status, content_type, body)
        rivals[f"Authlib {_version('authlib')} parse_response_token"] = _catching(
            lambda: session.parse_response_token(response)
        )
    except ImportError:
        rivals["Authlib"] = "not installed"
    try:
        from requests_oauth2client import OAuth2Client

        client = OAuth2Client(
            token_endpoint="https://as.example/token", client_id="client", client_secret="s"
        )
        response = _requests_response(status, content_type, body)
        rivals[f"requests-oauth2client {_version('requests-oauth2client')} on_token_error"] = (
            _catching(lambda: client.on_token_error(response))
        )
    except ImportError:
        rivals["requests-oauth2client"] = "not installed"
    try:
        import httpx
        from httpx_auth._errors import InvalidGrantRequest

        hx = httpx.Response(status, content=body, headers={"Content-Type": content_type})
        rivals[f"httpx-auth {_version('httpx-auth')} InvalidGrantRequest"] = lambda: (
            InvalidGrantRequest(hx)
        )
    except ImportError:
        rivals["httpx-auth"] = "not installed"
    return rivals


def redirect_rivals(url: str) -> dict[str, Call | str]:
    rivals: dict[str, Call | str] = {}
    query = urllib.parse.urlsplit(url).query
    rivals["urllib.parse.parse_qs (floor)"] = lambda: urllib.parse.parse_qs(query)
    try:
        from oauthlib.oauth2.rfc6749.parameters import parse_authorization_code_response

        rivals[f"oauthlib {_version('oauthlib')} parse_authorization_code_response"] = _catching(
            lambda: parse_authorization_code_response(url, state="xyz")
        )
    except ImportError:
        rivals["oauthlib"] = "not installed"
    try:
        from authlib.oauth2.rfc6749.parameters import (
            parse_authorization_code_response as authlib_parse,
        )

        name = f"Authlib {_version('authlib')} parse_authorization_code_response"
        if "error=" in query:
            rivals[name] = "does not read error (raises MissingCodeException): skipped"
        else:
            rivals[name] = _catching(lambda: authlib_parse(url, state="xyz"))
    except ImportError:
        rivals["Authlib"] = "not installed"
    try:
        from requests_oauth2client import AuthorizationRequest

        request = AuthorizationRequest(
            "https://as.example/authorize",
            client_id="client",
            redirect_uri=REDIRECT_BASE,
            scope="openid",
            state="xyz",
        )
        name = f"requests-oauth2client {_version('requests-oauth2client')} validate_callback"
        rivals[name] = _catching(lambda: request.validate_callback(url))
    except ImportError:
        rivals["requests-oauth2client"] = "not installed"
    try:
        from httpx_auth._errors import InvalidGrantRequest

        name = f"httpx-auth {_version('httpx-auth')} parse_qs + InvalidGrantRequest"
        if "error=" in query:
            rivals[name] = lambda: InvalidGrantRequest(urllib.parse.parse_qs(query))
        else:
            rivals[name] = "its success path is inside its local HTTP server: skipped"
    except ImportError:
        rivals["httpx-auth"] = "not installed"
    return rivals


def challenge_rivals(header: str) -> dict[str, Call | str]:
    try:
        from werkzeug.datastructures import WWWAuthenticate
    except ImportError:
        return {"werkzeug": "not installed"}
    return {
        f"werkzeug {_version('werkzeug')} WWWAuthenticate.from_header": lambda: (
            WWWAuthenticate.from_header(header)
        )
    }


# -- the sections -------------------------------------------------------------------------


def _compare(section: str, case: str, ours: Call, rivals: dict[str, Call | str], repeat: int):
    calls: dict[str, Call] = {"ours": ours}
    rows: list[dict[str, Any]] = []
    for name, rival in rivals.items():
        if isinstance(rival, str):
            rows.append({"section": section, "case": case, "impl": name, "note": rival})
        else:
            calls[name] = rival
    times = time_together(calls, repeat)
    out = [{"section": section, "case": case, "impl": "ours", "us_per_call": times["ours"]}]
    for name in calls:
        if name != "ours":
            out.append(
                {
                    "section": section,
                    "case": case,
                    "impl": name,
                    "us_per_call": times[name],
                    "ours_us": times["ours"],
                    "ratio": times["ours"] / times[name],
                }
            )
    return out + rows


def token_errors(repeat: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for case, (status, content_type, body) in TOKEN_ERRORS.items():
        headers = {"Content-Type": content_type}

        def ours(status: int = status, headers: Any = headers, body: bytes = body) -> Any:
            return parse_response(status, headers, body, endpoint="token")

        assert ours() is not None
        rows += _compare(
            "token-error", case, ours, token_error_rivals(status, content_type, body), repeat
        )
    return rows


def redirects(repeat: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for case, url in REDIRECTS.items():

        def ours(url: str = url) -> Any:
            return parse_redirect(url, expected_state="xyz")

        ours()
        rows += _compare("redirect", case, ours, redirect_rivals(url), repeat)
    return rows


def _decided(err: Any) -> Any:
    """Read what a program acts on: the policy, the situation, the screened parameters."""
    return err.policy, err.situation, err.params


def decided(repeat: int) -> list[dict[str, Any]]:
    """The same inputs, with the error's policy, situation and params read.

    ``parse_response`` and ``parse_redirect`` hand back the typed error once the class is
    known; what a program reads next (policy, situation, screened params) is decided on
    that first read. These rows time the whole of it, against the same floors. (The hint
    is rendered when it is read, as before: it is not in these rows.)
    """
    rows: list[dict[str, Any]] = []
    for case, (status, content_type, body) in TOKEN_ERRORS.items():
        headers = {"Content-Type": content_type}

        def ours(status: int = status, headers: Any = headers, body: bytes = body) -> Any:
            return _decided(parse_response(status, headers, body, endpoint="token"))

        floor = {"json.loads (floor)": lambda body=body: json.loads(body)}
        rows += _compare("token-error, decided", case, ours, floor, repeat)
    for case, url in REDIRECTS.items():
        if "error=" not in url:
            continue

        def ours_redirect(url: str = url) -> Any:
            return _decided(parse_redirect(url, expected_state="xyz"))

        query = urllib.parse.urlsplit(url).query
        floor = {"urllib.parse.parse_qs (floor)": lambda query=query: urllib.parse.parse_qs(query)}
        rows += _compare("redirect, decided", case, ours_redirect, floor, repeat)
    return rows


def challenges(repeat: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for case, header in CHALLENGES.items():
        pairs = [("WWW-Authenticate", header)]

        def ours(pairs: Any = pairs) -> Any:
            return parse_response(401, pairs, None, endpoint="resource")

        assert ours() is not None
        rows += _compare("www-authenticate", case, ours, challenge_rivals(header), repeat)
    return rows


#: Input sizes for ``scaling``: from 100 bytes, x4 per step, up to each parser's size cap.
SIZES = (100, 400, 1600, 6400, 25_600, 102_400, 409_600)


def _caps() -> dict[str, int]:
    from oauth_client_errors._wire.bodies import MAX_BODY_BYTES
    from oauth_client_errors._wire.challenge import MAX_HEADER_BYTES
    from oauth_client_errors._wire.redirects import MAX_URL_LENGTH

    return {"body": MAX_BODY_BYTES, "url": MAX_URL_LENGTH, "header": MAX_HEADER_BYTES}


def _scaling_inputs() -> dict[str, tuple[str, Callable[[int], Call], Callable[[int], Call] | None]]:
    """Case -> (the cap that applies, a maker of a call on an input of about n bytes, and
    for a JSON body the maker of ``json.loads`` on the same bytes, the floor)."""

    def json_description(n: int) -> Call:
        body = json.dumps({"error": "invalid_grant", "error_description": "x" * (n - 50)}).encode()
        return lambda: parse_response(400, {"Content-Type": "application/json"}, body)

    def json_description_floor(n: int) -> Call:
        body = json.dumps({"error": "invalid_grant", "error_description": "x" * (n - 50)}).encode()
        return lambda: json.loads(body)

    def members_body(n: int) -> bytes:
        members = {f"ext_{i:05d}": "value" for i in range(max(1, (n - 30) // 22))}
        return json.dumps({"error": "invalid_request", **members}).encode()

    def json_members(n: int) -> Call:
        body = members_body(n)
        return lambda: parse_response(400, {"Content-Type": "application/json"}, body)

    def json_members_floor(n: int) -> Call:
        body = members_body(n)
        return lambda: json.loads(body)

    def form_description(n: int) -> Call:
        body = ("error=invalid_grant&error_description=" + "a+b%2C" * ((n - 38) // 6)).encode()
        kind = {"Content-Type": "application/x-www-form-urlencoded"}
        return lambda: parse_response(400, kind, body)

    def form_percent(n: int) -> Call:
        body = b"error=invalid_grant&error_description=" + b"%" * (n - 38)
        kind = {"Content-Type": "application/x-www-form-urlencoded"}
        return lambda: parse_response(400, kind, body)

    def redirect_description(n: int) -> Call:
        url = f"{REDIRECT_BASE}?state=xyz&error=access_denied&error_description=" + (
            "a+b%2C" * ((n - 80) // 6)
        )
        return lambda: parse_redirect(url, expected_state="xyz")

    def redirect_percent(n: int) -> Call:
        url = f"{REDIRECT_BASE}?state=xyz&error=access_denied&error_description=" + "%" * (n - 80)
        return lambda: parse_redirect(url, expected_state="xyz")

    def redirect_parameters(n: int) -> Call:
        value = "v" * max(1, n // 900 - 8)
        count = max(1, min(900, (n - 60) // (len(value) + 8)))
        extra = "".join(f"&p{i:04d}={value}" for i in range(count))
        url = f"{REDIRECT_BASE}?state=xyz&error=access_denied{extra}"
        return lambda: parse_redirect(url, expected_state="xyz")

    def challenge_header(n: int) -> Call:
        one = 'Bearer realm="api", error="invalid_token", error_description="expired"'
        header = ", ".join([one] * max(1, min(60, n // (len(one) + 2))))
        header += ', Basic realm="' + "r" * max(0, n - len(header) - 20) + '"'
        pairs = [("WWW-Authenticate", header)]
        return lambda: parse_response(401, pairs, None, endpoint="resource")

    return {
        "parse_response: JSON, long error_description": (
            "body",
            json_description,
            json_description_floor,
        ),
        "parse_response: JSON, many members": ("body", json_members, json_members_floor),
        "parse_response: form body, long description": ("body", form_description, None),
        "parse_response: form body of %": ("body", form_percent, None),
        "parse_redirect: long error_description": ("url", redirect_description, None),
        "parse_redirect: description of %": ("url", redirect_percent, None),
        "parse_redirect: many parameters": ("url", redirect_parameters, None),
        "parse_response: 401, WWW-Authenticate challenges": ("header", challenge_header, None),
    }


def _label(size: int) -> str:
    if size >= 1024 * 1024 - 1024:
        return f"{size / (1024 * 1024):.2f} MiB"
    return f"{size / 1024:.1f} KiB" if size >= 1024 else f"{size} B"


def scaling(repeat: int) -> list[dict[str, Any]]:
    """Time against input size, from 100 B to the parser's cap (just under it).

    ``growth`` is the time ratio between a size and the one before, brought to a 4x size
    step (``(t2 / t1) ** (log 4 / log(s2 / s1))``): about 4 is linear, 16 quadratic.

    For a JSON body, ``json.loads`` of the same bytes is timed in the same rounds: its own
    ``floor_growth`` shows what memory and caches do to a linear decoder at that size (at
    1 MiB of small members, CPython's decoder itself grows about x7 per 4x), and
    ``relative_growth`` = ``growth / floor_growth * 4`` is our growth with that taken out
    (4: exactly as linear as ``json.loads``).
    """
    import math

    def per_step(n: int, us: float, previous: tuple[int, float] | None) -> float | None:
        if previous is None:
            return None
        return float((us / previous[1]) ** (math.log(4) / math.log(n / previous[0])))

    rows: list[dict[str, Any]] = []
    caps = _caps()
    for case, (cap_name, make, make_floor) in _scaling_inputs().items():
        cap = caps[cap_name]
        sizes = [n for n in SIZES if n < cap - 1024] + [cap - 1024]
        calls = {str(n): make(n) for n in sizes}
        for call in calls.values():
            assert call() is not None
        if make_floor is not None:
            calls.update({f"floor {n}": make_floor(n) for n in sizes})
        times = time_together(calls, repeat)
        previous: tuple[int, float] | None = None
        previous_floor: tuple[int, float] | None = None
        for n in sizes:
            us = times[str(n)]
            growth = per_step(n, us, previous)
            row = {
                "section": "scaling",
                "case": case,
                "impl": "ours",
                "size": n,
                "size_label": _label(n),
                "cap": cap,
                "us_per_call": us,
                "growth": growth,
            }
            if make_floor is not None:
                floor_us = times[f"floor {n}"]
                floor_growth = per_step(n, floor_us, previous_floor)
                row["floor_us"] = floor_us
                row["floor_growth"] = floor_growth
                if growth is not None and floor_growth:
                    row["relative_growth"] = growth / floor_growth * 4
                previous_floor = (n, floor_us)
            rows.append(row)
            previous = (n, us)
    return rows


def run(repeat: int = 5) -> list[dict[str, Any]]:
    """Every section; one dict per (section, case, implementation)."""
    return (
        token_errors(repeat)
        + redirects(repeat)
        + decided(repeat)
        + challenges(repeat)
        + scaling(repeat)
    )


def _print(rows: list[dict[str, Any]]) -> None:
    for section in dict.fromkeys(r["section"] for r in rows):
        print(f"\n== {section}")
        for row in (r for r in rows if r["section"] == section):
            label = row["case"] + (f" @ {row['size_label']}" if "size_label" in row else "")
            if "us_per_call" not in row:
                print(f"  {label:<48} {row['impl']:<62} {row.get('note', '')}")
                continue
            extra = ""
            if row.get("ratio") is not None:
                extra = f"ratio ours/theirs {row['ratio']:.2f}"
            elif row.get("growth") is not None:
                extra = f"x{row['growth']:.1f} per 4x size"
            print(f"  {label:<48} {row['impl']:<62} {row['us_per_call']:9.2f} us  {extra}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Our parsers vs the usual alternatives.")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (best one counts)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = run(args.repeat)
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        print()
    else:
        _print(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
