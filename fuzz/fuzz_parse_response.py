"""Fuzz ``parse_response``: fuzzed status, headers, body, endpoint and strict mode.

    python fuzz/fuzz_parse_response.py -max_total_time=600 /tmp/pr fuzz/corpus/parse_response

Input: four control bytes read with FuzzedDataProvider (status high/low byte, endpoint,
flags), then a raw HTTP message: header lines (``Name: value``), a blank line, the body.
Flags: bits 0-1 and 7 how the body is decoded (``_common.as_text``), bit 2 no body at all (None),
bit 3 headers as a mapping instead of (name, value) pairs, bit 4 strict, bit 5 header
values as bytes, bit 6 the status as a string.

Only ``OAuthClientError`` subclasses may escape. A 4xx/5xx status always gives an error;
an error has ``status_code`` equal to the status and passes every display, serialisation
and pickling invariant (see ``_common.py``).
"""

from __future__ import annotations

import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

with atheris.instrument_imports():
    from _common import as_text, check_error

    from oauth_client_errors import Endpoint, OAuthClientError, parse_response

ENDPOINTS = list(Endpoint)


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    status_number = fdp.ConsumeUInt(2) % 1024  # 1000-1023: out of range on purpose
    endpoint = ENDPOINTS[fdp.ConsumeUInt(1) % len(ENDPOINTS)]
    flags = fdp.ConsumeUInt(1)
    message = fdp.ConsumeBytes(fdp.remaining_bytes())
    head, _, raw_body = message.replace(b"\r\n", b"\n").partition(b"\n\n")
    pairs: list[tuple[str, object]] = []
    for line in head.split(b"\n"):
        name, colon, value = line.partition(b":")
        if colon:
            raw_value = value.strip()
            pairs.append(
                (name.decode("latin-1"), raw_value if flags & 32 else raw_value.decode("latin-1"))
            )
    headers: object = dict(pairs) if flags & 8 else pairs
    body = None if flags & 4 else as_text(raw_body, flags)
    status: object = str(status_number) if flags & 64 else status_number
    try:
        err = parse_response(status, headers, body, endpoint=endpoint, strict=bool(flags & 16))  # type: ignore[arg-type]
    except OAuthClientError:
        return
    if err is None:
        if status_number >= 400:
            raise AssertionError(f"HTTP {status_number} gave no error")
        return
    check_error(err)
    if err.status_code != status_number:
        raise AssertionError("status_code differs from the status")
    if err.endpoint is not endpoint:
        raise AssertionError("endpoint differs")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
