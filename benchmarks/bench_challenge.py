"""Parse WWW-Authenticate headers: ours vs werkzeug (and any other installed parser).

    python benchmarks/bench_challenge.py [--repeat R] [--json]

Three sections, one table each:

* ``compare``: realistic single-challenge headers, microseconds per call for
  ``parse_www_authenticate`` and for ``werkzeug.datastructures.WWWAuthenticate.from_header``
  (werkzeug 3.x; ``werkzeug.http.parse_www_authenticate_header`` is gone), and for httpx's
  private ``DigestAuth._parse_challenge`` on Digest headers. werkzeug reads only ONE
  challenge per header (it splits the scheme off at the first space and treats the rest as
  its parameters), so it is only compared on single-challenge headers; ``agree`` says
  whether both parsers returned the same scheme, parameters and token68.
  ``ratio`` = ours / theirs (below 1: ours is faster); the project's target is at most
  :data:`TARGET` against werkzeug on every case. ``ours (scanner only)`` is the same parser
  with its regex fast path off (``_parse_www_authenticate_scanner``, what every input the
  fast path does not take goes through); its ``ratio`` is against ours.
* ``multi``: headers with several challenges / several lines, ours only (nothing else
  installed parses them), with and without the fast path.
* ``scaling``: time against input size (1, 4, 16 and 63 KiB, the cap being 64 KiB), for a
  realistic multi-challenge header, a single challenge with 100 parameters of growing
  length (also werkzeug) and two hostile shapes; ``us_per_kib`` stays flat (or falls, when
  a fixed number of items dominates) when the growth is linear.

requests-oauth2client, httpx-auth and Authlib are checked for a WWW-Authenticate parser and
reported as skipped when they have none (true of the versions current when this was
written: they only emit the header or test ``startswith("DPoP")``).

Times are CPU time of this process (``time.process_time``), best of ``--repeat`` timeit
runs with ours and theirs interleaved, so other processes on a busy machine skew them
little. ``run()`` returns the rows (dicts) for a report script.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import re
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from oauth_client_errors._wire.challenge import (
    MAX_HEADER_BYTES,
    _parse_www_authenticate_scanner,
    parse_www_authenticate,
)

Parser = Callable[[str], Any]

#: The project's target (issue 2): ours / werkzeug on each single-challenge header.
TARGET = 0.33
SCANNER = "ours (scanner only)"

MS_CLAIMS = "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19"

SINGLE = {
    "bearer-realm": 'Bearer realm="example"',
    "bearer-invalid-token": 'Bearer realm="example", error="invalid_token", '
    'error_description="The access token expired"',
    "bearer-insufficient-scope": 'Bearer realm="example", error="insufficient_scope", '
    'scope="photos:read photos:write"',
    "rfc9470-step-up": 'Bearer error="insufficient_user_authentication", '
    'error_description="A different authentication level is required", acr_values="myACR"',
    "rfc9728-resource-metadata": 'Bearer resource_metadata="https://resource.example.com'
    '/.well-known/oauth-protected-resource"',
    "dpop-use-nonce": 'DPoP error="use_dpop_nonce", '
    'error_description="Resource server requires nonce in DPoP proof"',
    "dpop-algs": 'DPoP algs="ES256 PS256"',
    "entra-claims": 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/'
    'common/oauth2/authorize", error="insufficient_claims", claims="' + MS_CLAIMS + '"',
    "escaped-description": 'Bearer error="invalid_token", '
    'error_description="The token \\"abc\\" expired at \\"12:00\\""',
    "basic-realm": 'Basic realm="simple"',
    "negotiate-token68": "Negotiate YIIBzgYGKwYBBQUCoIIBwjCCAb6gMDAuBgkqhkiC9xIBAgI=",
    "digest": 'Digest realm="http-auth@example.org", qop="auth, auth-int", '
    'algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
}

MULTI: dict[str, str | list[str]] = {
    "rfc9110-example": 'Basic realm="simple", Newauth realm="apps", type=1, '
    'title="Login to \\"apps\\""',
    "basic-then-bearer-error": 'Basic realm="legacy", Bearer realm="api", '
    'error="invalid_token", error_description="expired"',
    "bearer-and-dpop": 'Bearer realm="api", DPoP algs="ES256 PS256", error="use_dpop_nonce"',
    "three-lines": [
        "Negotiate YIIBzgYGKwYBBQUCoIIBwjCCAb6gMDAu=",
        'Basic realm="legacy"',
        'DPoP algs="ES256", error="invalid_dpop_proof", error_description="bad proof"',
    ],
}


# -- other parsers --------------------------------------------------------------------------


def werkzeug_parser() -> Parser | None:
    try:
        from werkzeug.datastructures import WWWAuthenticate
    except ImportError:
        return None
    return WWWAuthenticate.from_header


def httpx_digest_parser() -> Parser | None:
    try:
        import httpx
    except ImportError:
        return None
    auth = httpx.DigestAuth("user", "pass")
    parse = getattr(auth, "_parse_challenge", None)
    if parse is None:
        return None

    def parse_digest(header: str) -> Any:
        # request and response are only used to build an error on a malformed header.
        return parse(None, None, header)

    return parse_digest


# Other client libraries, by import name and distribution name.
OTHER_PACKAGES = {
    "requests_oauth2client": "requests-oauth2client",
    "httpx_auth": "httpx-auth",
    "authlib": "authlib",
}
# A function that parses the header would be called something like this.
PARSER_DEF = re.compile(
    r"^\s*def (\w*www_authenticate\w*|parse\w*challenge\w*)\(", re.MULTILINE | re.IGNORECASE
)


def find_other_parsers() -> list[dict[str, Any]]:
    """Rows saying, for each other package, whether it has a parser we could time.

    The check reads the package's source (nothing is imported): a function named like
    ``*www_authenticate*`` or ``parse*challenge*`` would be a candidate.
    """
    rows = []
    for package, dist in OTHER_PACKAGES.items():
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            note = "not installed, skipped"
        else:
            found = sorted(
                {
                    f"{path.stem}.{name}"
                    for location in spec.submodule_search_locations
                    for path in Path(location).rglob("*.py")
                    for name in PARSER_DEF.findall(path.read_text("utf-8", "replace"))
                }
            )
            version = importlib.metadata.version(dist)
            note = (
                f"{dist} {version}: candidates {', '.join(found)} (check by hand; not timed)"
                if found
                else f"{dist} {version}: no WWW-Authenticate parser, skipped"
            )
        rows.append({"section": "compare", "case": "-", "impl": package, "note": note})
    return rows


# -- timing ---------------------------------------------------------------------------------


def autorange(func: Callable[..., Any], target: float = 0.02) -> int:
    """Number of calls that take at least ``target`` seconds of CPU time."""
    number = 1
    while True:
        if timeit.Timer(func, timer=time.process_time).timeit(number) >= target:
            return number
        number *= 2


def best_us(funcs: Sequence[Callable[..., Any]], repeat: int) -> list[float]:
    """Best microseconds per call for each function, timed interleaved."""
    numbers = [autorange(f) for f in funcs]
    best = [float("inf")] * len(funcs)
    for _ in range(repeat):
        for index, (func, number) in enumerate(zip(funcs, numbers, strict=True)):
            seconds = timeit.Timer(func, timer=time.process_time).timeit(number)
            best[index] = min(best[index], seconds / number * 1e6)
    return best


def _agree_werkzeug(header: str, theirs: Any) -> bool:
    (ours,) = parse_www_authenticate(header)
    if theirs is None or ours.scheme.lower() != theirs.type:
        return False
    their_params = {k.lower(): v for k, v in (theirs.parameters or {}).items()}
    return dict(ours.params) == their_params and ours.token68 == theirs.token


def compare(repeat: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    werkzeug = werkzeug_parser()
    digest = httpx_digest_parser()
    for case, header in SINGLE.items():
        ours = parse_www_authenticate
        others: list[tuple[str, Parser]] = []
        if werkzeug is not None:
            others.append(("werkzeug", werkzeug))
        if digest is not None and case == "digest":
            others.append(("httpx DigestAuth (private)", digest))
        impls: list[Parser] = [ours, _parse_www_authenticate_scanner]
        impls += [parse for _, parse in others]
        funcs = [(lambda parse=parse, header=header: parse(header)) for parse in impls]
        times = best_us(funcs, repeat)
        rows.append({"section": "compare", "case": case, "impl": "ours", "us_per_call": times[0]})
        rows.append(
            {
                "section": "compare",
                "case": case,
                "impl": SCANNER,
                "us_per_call": times[1],
                "ratio": times[1] / times[0],
            }
        )
        for (name, parse), took in zip(others, times[2:], strict=True):
            row: dict[str, Any] = {
                "section": "compare",
                "case": case,
                "impl": name,
                "us_per_call": took,
                "ratio": times[0] / took,
            }
            if name == "werkzeug":
                row["agree"] = _agree_werkzeug(header, parse(header))
            rows.append(row)
    if werkzeug is None:
        rows.append(
            {"section": "compare", "case": "-", "impl": "werkzeug", "note": "not installed"}
        )
    rows.extend(find_other_parsers())
    return rows


def multi(repeat: int) -> list[dict[str, Any]]:
    rows = []
    for case, value in MULTI.items():
        took, scanner_took = best_us(
            [
                lambda value=value: parse_www_authenticate(value),
                lambda value=value: _parse_www_authenticate_scanner(value),
            ],
            repeat,
        )
        count = len(parse_www_authenticate(value))
        rows.append(
            {
                "section": "multi",
                "case": case,
                "impl": "ours",
                "us_per_call": took,
                "note": f"{count} challenges",
            }
        )
        rows.append(
            {
                "section": "multi",
                "case": case,
                "impl": SCANNER,
                "us_per_call": scanner_took,
                "ratio": scanner_took / took,
            }
        )
    return rows


DESCRIPTION = (
    "The access token was issued for another audience, has expired or was revoked; "
    'the \\"acr\\" of the session is too weak for this resource. '
)


PIECE = 1010


def realistic_header(size: int) -> str:
    """Realistic challenges of PIECE characters each (long descriptions), up to ``size``.

    63 KiB of them stays under MAX_CHALLENGES.
    """
    templates = [
        'Bearer realm="api", error="invalid_token", error_description="{d}"',
        'DPoP algs="ES256 PS256", error="use_dpop_nonce", error_description="{d}"',
        'Bearer error="insufficient_scope", scope="files:read files:write", '
        'resource_metadata="https://resource.example.com/.well-known/'
        'oauth-protected-resource", error_description="{d}"',
    ]
    out: list[str] = []
    length = 0
    while True:
        template = templates[len(out) % len(templates)]
        room = PIECE - len(template) + len("{d}")
        text = DESCRIPTION * (room // len(DESCRIPTION))
        piece = template.format(d=text + "." * (room - len(text)))
        if length + len(piece) + 2 > size:
            return ", ".join(out)
        out.append(piece)
        length += len(piece) + 2


def many_params_header(size: int) -> str:
    """One Bearer challenge whose 100 parameters fill ``size`` characters."""
    count = 100
    value_len = max(1, (size - 7) // count - len('p000="", '))
    return "Bearer " + ", ".join(f'p{i:03d}="{"v" * value_len}"' for i in range(count))


def scaling(repeat: int) -> list[dict[str, Any]]:
    shapes: dict[str, Callable[[int], str]] = {
        "realistic challenges": realistic_header,
        "one challenge, 100 params": many_params_header,
        "unterminated quoted-string of backslashes": lambda size: (
            'Basic realm="' + "\\" * (size - 13)
        ),
        "run of commas": lambda size: "Basic " + "," * (size - 6),
    }
    werkzeug = werkzeug_parser()
    rows = []
    for shape, build in shapes.items():
        for kib in (1, 4, 16, 63):
            header = build(kib * 1024)
            assert len(header) <= MAX_HEADER_BYTES
            impls: list[tuple[str, Parser]] = [("ours", parse_www_authenticate)]
            if werkzeug is not None and shape == "one challenge, 100 params":
                impls.append(("werkzeug", werkzeug))
            funcs = [(lambda parse=parse, header=header: parse(header)) for _, parse in impls]
            times = best_us(funcs, repeat)
            for (name, _), took in zip(impls, times, strict=True):
                rows.append(
                    {
                        "section": "scaling",
                        "case": f"{shape} @ {kib} KiB",
                        "impl": name,
                        "us_per_call": took,
                        "us_per_kib": took / (len(header) / 1024),
                        "ratio": times[0] / took if name != "ours" else None,
                    }
                )
    return rows


def run(repeat: int = 5) -> list[dict[str, Any]]:
    """Run every section; return one dict per (case, implementation)."""
    return compare(repeat) + multi(repeat) + scaling(repeat)


# -- output ---------------------------------------------------------------------------------


def print_table(rows: list[dict[str, Any]]) -> None:
    sections: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        sections.setdefault(row["section"], []).append(row)
    for section, items in sections.items():
        print(f"\n== {section} ==")
        print(f"{'case':50} {'impl':28} {'us/call':>9} {'us/KiB':>8} {'ratio':>6}  note")
        for row in items:
            us = row.get("us_per_call")
            per_kib = row.get("us_per_kib")
            ratio = row.get("ratio")
            note = row.get("note", "")
            if "agree" in row:
                note = (note + " " if note else "") + (
                    "same result" if row["agree"] else "DIFFERENT result"
                )
            print(
                f"{row['case'][:50]:50} {row['impl'][:28]:28} "
                f"{'' if us is None else f'{us:9.2f}':>9} "
                f"{'' if per_kib is None else f'{per_kib:8.2f}':>8} "
                f"{'' if ratio is None else f'{ratio:6.2f}':>6}  {note}"
            )
    compared = [r for r in rows if r["section"] == "compare" and r["impl"] == "werkzeug"]
    if compared and all("ratio" in r for r in compared):
        worst = max(r["ratio"] for r in compared)
        geo = 1.0
        for r in compared:
            geo *= r["ratio"]
        geo **= 1 / len(compared)
        over = [f"{r['case']} {r['ratio']:.2f}" for r in compared if r["ratio"] > TARGET]
        print(
            f"\nours / werkzeug on single-challenge headers: geometric mean {geo:.2f}, "
            f"worst {worst:.2f} (below 1: ours is faster); target {TARGET}: "
            f"{len(compared) - len(over)} of {len(compared)} cases met"
            + (f", over: {', '.join(over)}" if over else "")
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=5, help="timeit repeats (best is kept)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    rows = run(args.repeat)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
    else:
        print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
