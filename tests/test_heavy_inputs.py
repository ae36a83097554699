"""Heavy inputs (issue 12 item 10): linear percent-decoding, a capped dialect screen.

* A form body (or a redirect) made of nothing but ``%`` used to go through
  ``urllib.parse.parse_qsl``, whose decoder builds one object per ``%``: up to 1.5 s for
  1 MiB, and growing faster than the input. The form decoder now finds runs of escapes
  with one scan and decodes each run in one call.
* The dialect screen (is this an Entra body? which row matches?) looks at the head of a
  description only, as rows match on its first 512 characters: a 1 MiB description costs
  no more than a short one.

The timing tests compare times between sizes with loose bounds (a quadratic or a
full-scan implementation exceeds them many times over); ``test_bounds_can_fail`` shows
the same measurement catching such an implementation.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oauth_client_errors import SKIP_STATE_CHECK, Endpoint, parse_redirect, parse_response
from oauth_client_errors._dialects import recognise
from oauth_client_errors._wire.bodies import MAX_BODY_BYTES, form_pairs, percent_decode
from oauth_client_errors._wire.redirects import MAX_URL_LENGTH

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
CB = "https://app.example/cb"


def best_time(fn: Callable[[], Any], repeats: int = 5, min_total: float = 0.02) -> float:
    """Best CPU time of one call, over ``repeats`` batches of enough calls.

    CPU time of this process: other jobs on a shared machine slow it down far less than
    they slow wall time.
    """
    number = 1
    while True:
        started = time.process_time()
        for _ in range(number):
            fn()
        if time.process_time() - started >= min_total / 5 or number >= 1 << 16:
            break
        number *= 2
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        for _ in range(number):
            fn()
        best = min(best, (time.process_time() - started) / number)
    return best


def ratio(
    make: Callable[[int], Callable[[], Any]], small: int, large: int, floor: float = 0.0002
) -> float:
    """Time at ``large`` over time at ``small``, with a ``floor`` under the small time.

    The floor (0.2 ms) keeps timer noise on tiny figures from counting as growth.
    """
    return best_time(make(large)) / max(best_time(make(small)), floor)


# -- the form decoder: the same result as urllib, in linear time ------------------------------

_FORM_TEXT = st.lists(
    st.sampled_from([*"%&=+aZ09fF4E2C8", "é", "\u202e", "\ud800", "%E2%80%AE", "%c3", "%zz"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_FORM_TEXT)
def test_form_pairs_read_as_urllib_does(text: str) -> None:
    expected = urllib.parse.parse_qsl(text, keep_blank_values=True, errors="replace")
    assert form_pairs(text) == expected


@pytest.mark.parametrize(
    ("raw", "decoded"),
    [
        ("a%20b+c", "a b c"),
        ("%E2%80%AE", "\u202e"),
        ("%e2%80", "\ufffd"),  # a truncated UTF-8 sequence
        ("%%41%", "%A%"),
        ("%zz%4", "%zz%4"),
        ("100%", "100%"),
    ],
)
def test_percent_decode(raw: str, decoded: str) -> None:
    assert percent_decode(raw) == decoded
    assert urllib.parse.unquote_plus(raw) == decoded


# Sizes: 64 KiB to the cap (1 MiB) for bodies; 16 KiB to the cap (64 KiB) for redirects.
_BODY_SMALL, _BODY_LARGE = 256 * 1024, MAX_BODY_BYTES - 64
_URL_SMALL, _URL_LARGE = 16 * 1024, MAX_URL_LENGTH - 128


@pytest.mark.parametrize(
    "body",
    [
        lambda n: b"error=invalid_grant&error_description=" + b"%" * n,
        lambda n: b"error=invalid_grant&d=" + b"%E2%80%AE" * (n // 9),
        lambda n: b"error=invalid_grant&d=" + b"%41a" * (n // 4),
    ],
    ids=["percent soup", "one long escape run", "escape, letter, escape"],
)
def test_form_body_decodes_in_linear_time(body: Callable[[int], bytes]) -> None:
    def make(n: int) -> Callable[[], Any]:
        data = body(n)
        return lambda: parse_response(400, FORM, data)

    assert make(_BODY_LARGE)() is not None
    # 4x the input: about 4x the time; a quadratic decoder takes about 16x.
    assert ratio(make, _BODY_SMALL, _BODY_LARGE) < 10


def test_percent_soup_body_at_the_cap_is_quick() -> None:
    """1 MiB of ``%``: far below the 1.5 s it took (one scan, nothing decoded)."""
    data = b"error=invalid_grant&error_description=" + b"%" * (MAX_BODY_BYTES - 64)
    assert best_time(lambda: parse_response(400, FORM, data), repeats=3) < 0.25


def test_percent_soup_redirect_decodes_in_linear_time() -> None:
    def make(n: int) -> Callable[[], Any]:
        url = f"{CB}?error=access_denied&error_description={'%' * n}"
        return lambda: parse_redirect(url, expected_state=SKIP_STATE_CHECK)

    assert make(_URL_LARGE)() is not None
    assert ratio(make, _URL_SMALL, _URL_LARGE) < 10


# -- the dialect screen reads the head of a description only -----------------------------------


@pytest.mark.parametrize(
    "shape",
    [
        {"error": "invalid_grant"},  # plain RFC 6749: is it Entra (AADSTS)?
        {"error": "invalid_grant", "extra": 1},  # not plain: no cached verdict
        {"error": "invalid_grant", "trace_id": "t", "correlation_id": "c"},  # Entra
        {"error": "invalid_grant", "error_codes": [70008]},  # Entra
    ],
    ids=["plain", "extended", "entra trace", "entra codes"],
)
def test_dialect_screen_does_not_scan_a_whole_description(shape: dict[str, Any]) -> None:
    def make(n: int) -> Callable[[], Any]:
        payload = {**shape, "error_description": "a" * n}
        return lambda: recognise(payload, 400, Endpoint.TOKEN)

    # 256x the description, about the same time (a scan of it is far slower). No floor:
    # both figures are of microseconds, each measured over many calls.
    assert ratio(make, 4 * 1024, MAX_BODY_BYTES, floor=0) < 5


def test_dialect_screen_still_finds_an_aadsts_number_in_a_long_description() -> None:
    body = (
        b'{"error":"invalid_grant","error_description":"AADSTS70008: expired. '
        + b"x" * (MAX_BODY_BYTES - 200)
        + b'"}'
    )
    err = parse_response(400, {"Content-Type": "application/json"}, body)
    assert err is not None
    assert err.dialect == "microsoft"
    assert err.vendor_code == "AADSTS70008"


def test_bounds_can_fail() -> None:
    """The measurement catches a quadratic function and a full scan."""

    def quadratic(n: int) -> Callable[[], Any]:
        m = n // 32
        return lambda: sum(1 for i in range(m) for _ in range(i))

    assert ratio(quadratic, _URL_SMALL, 4 * _URL_SMALL) > 10

    def scan(n: int) -> Callable[[], Any]:
        payload = {"error": "invalid_grant", "error_description": "a" * n}
        return lambda: recognise(payload, 400, Endpoint.TOKEN) or "AAD" in str(payload)

    assert ratio(scan, 4 * 1024, MAX_BODY_BYTES, floor=0) > 5
