"""Fuzz ``parse_redirect`` with and without ``expected_state`` / ``expected_issuer``.

    python fuzz/fuzz_parse_redirect.py -max_total_time=600 /tmp/rd fuzz/corpus/parse_redirect

Input: one control byte (bits 0-1 and 7 how the URL is decoded, see ``_common.as_text``;
bit 2 expect the state ``s-Xy9``; bit 3 expect the issuer ``https://as.example``; bit 4
strict), then the URL.

Only ``OAuthClientError`` subclasses may escape. The security checks must hold: when a
state (or issuer) is expected and the parser returns (an error or None for a success),
the URL's response parameters carried exactly that value. An error is always at the
authorization endpoint with no HTTP status, and passes every display, serialisation and
pickling invariant (see ``_common.py``).
"""

from __future__ import annotations

import os
import sys
import urllib.parse

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

with atheris.instrument_imports():
    from _common import as_text, check_error

    from oauth_client_errors import SKIP_STATE_CHECK, Endpoint, OAuthClientError, parse_redirect

STATE = "s-Xy9"
ISSUER = "https://as.example"


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    control = fdp.ConsumeUInt(1)
    url = as_text(fdp.ConsumeBytes(fdp.remaining_bytes()), control)
    expected_state = STATE if control & 4 else None
    expected_issuer = ISSUER if control & 8 else None
    try:
        err = parse_redirect(
            url,
            expected_state=expected_state if expected_state is not None else SKIP_STATE_CHECK,
            expected_issuer=expected_issuer,
            strict=bool(control & 16),
        )
    except OAuthClientError:
        return
    text = url.decode("utf-8", "replace") if isinstance(url, bytes) else url
    text = text.strip("".join(map(chr, range(0x21))))  # as WHATWG URL parsing does
    if expected_state is not None and not _carries(text, "state", STATE):
        raise AssertionError("state check passed without the expected state")
    if expected_issuer is not None and not _carries(text, "iss", ISSUER):
        raise AssertionError("issuer check passed without the expected issuer")
    if err is None:
        return
    check_error(err)
    if err.endpoint is not Endpoint.AUTHORIZATION or err.status_code is not None:
        raise AssertionError("redirect error not at the authorization endpoint")


def _carries(url: str, name: str, value: str) -> bool:
    """Whether the query or the fragment (or a bare query string) has ``name=value``."""
    _, _, fragment = url.partition("#")
    query = url.partition("#")[0].partition("?")[2] or url.partition("#")[0]
    return any(
        (name, value) in urllib.parse.parse_qsl(part, keep_blank_values=True, errors="replace")
        for part in (query, fragment)
    )


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
