"""Fuzz the command line: ``explain`` on every kind of input, and ``main`` on stdin.

    python fuzz/fuzz_cli.py -max_total_time=600 /tmp/cli fuzz/corpus/cli

Input: one control byte (bits 0-1 and 7 how the argument is decoded (``_common.as_text``); bit 2 run
``main(["explain", "-"])`` with the payload on stdin, bit 3 add ``--json``), then the
argument: a redirect URL, a JSON or form body, a WWW-Authenticate value or a raw HTTP
response.

``explain`` may refuse input with ``cli.InputError`` (not an OAuth input at all) or an
``OAuthClientError``; nothing else may escape. What it returns must pass every invariant of
``_common.py``, and everything the command prints must be display-safe.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

with atheris.instrument_imports():
    from _common import as_text, check_error, check_text

    from oauth_client_errors import OAuthClientError
    from oauth_client_errors._cli import InputError, explain, render
    from oauth_client_errors._cli import main as cli_main


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    control = fdp.ConsumeUInt(1)
    payload = fdp.ConsumeBytes(fdp.remaining_bytes())
    if control & 4:
        out, err_out = io.StringIO(), io.StringIO()
        argv = ["explain", "-"] + (["--json"] if control & 8 else [])
        with contextlib.redirect_stderr(err_out):
            code = cli_main(argv, stdin=io.BytesIO(payload), stdout=out)
        if code not in (0, 1, 2, 3):
            raise AssertionError(f"exit status {code}")
        for line in (out.getvalue() + err_out.getvalue()).splitlines():
            check_text("printed line", line, 2000)
        return
    arg = as_text(payload, control)
    try:
        err = explain(arg)
    except (InputError, OAuthClientError):
        return
    if err is None:
        return
    check_error(err)
    for line in render(err).split("\n"):
        check_text("rendered line", line, 1000)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
