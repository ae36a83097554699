"""Fuzz ``parse_www_authenticate`` (RFC 9110 §11.6.1) and the typed challenge views.

    python fuzz/fuzz_www_authenticate.py -max_total_time=600 /tmp/wa fuzz/corpus/www_authenticate

Input: one control byte (bits 0-1 and 7: how the payload is decoded, see ``_common.as_text``;
bit 2: split
the payload on LF into several header lines), then the header value.

Only ``OAuthClientError`` subclasses may escape (``MalformedResponseError`` for the size
caps); anything else is a crash. Every challenge must have the documented shape and each
typed view (scope, algs, acr_values, max_age, claims...) must work on it. The same header
also goes through ``parse_response`` as a 401 from a resource server, and the error must
pass every display, serialisation and pickling invariant (see ``_common.py``).
"""

from __future__ import annotations

import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

with atheris.instrument_imports():
    from _common import as_text, check_challenges, check_error

    from oauth_client_errors import OAuthClientError, parse_response, parse_www_authenticate


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    control = fdp.ConsumeUInt(1)
    payload = fdp.ConsumeBytes(fdp.remaining_bytes())
    if control & 4:
        value: object = [as_text(line, control) for line in payload.split(b"\n")]
    else:
        value = as_text(payload, control)
    try:
        challenges = parse_www_authenticate(value)  # type: ignore[arg-type]
    except OAuthClientError:
        return
    check_challenges(challenges)
    for challenge in challenges:
        repr(challenge)
        _ = (challenge.is_oauth, challenge.realm, challenge.error, challenge.error_description)
        _ = (challenge.error_uri, challenge.scope, challenge.algs, challenge.acr_values)
        _ = (challenge.max_age, challenge.resource_metadata, challenge.claims)
    lines = value if isinstance(value, list) else [value]
    try:
        err = parse_response(
            401, [("WWW-Authenticate", v) for v in lines], None, endpoint="resource"
        )
    except OAuthClientError:
        return
    if err is None:
        raise AssertionError("a 401 must always be an error")
    check_error(err)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
