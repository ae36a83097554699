#!/usr/bin/env python3
"""Compile the end-user message catalogues (``.po`` -> ``.mo``) with Babel.

Run from anywhere after editing a ``.po`` file, and commit the ``.mo`` files it writes::

    python scripts/compile_messages.py          # write every .mo
    python scripts/compile_messages.py --check  # exit 1 if a committed .mo is stale

Babel is needed here only (the ``test`` extra); at run time the package reads the ``.mo``
files with the standard library's :mod:`gettext`.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

LOCALES_DIR = (
    Path(__file__).resolve().parent.parent / "oauth_client_errors" / "_messages" / "locales"
)
DOMAIN = "oauth_client_errors"


def catalogues(root: Path = LOCALES_DIR) -> list[tuple[str, Path]]:
    """Return (locale, .po path) for every catalogue source, sorted by locale."""
    return sorted((po.parent.parent.name, po) for po in root.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_po(po: Path, locale: str) -> bytes:
    """Return the ``.mo`` bytes for one ``.po`` file.

    Raises:
        ValueError: the catalogue has a fuzzy or untranslated entry, or Babel's checks
            (placeholders, plural forms) find an error.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=locale, domain=DOMAIN, abort_invalid=True)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"{po}: untranslated or fuzzy: {message.id!r}")
    for message, errors in catalog.check():
        problems.extend(f"{po}: {message.id!r}: {error}" for error in errors)
    if problems:
        raise ValueError("\n".join(problems))
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Compile every catalogue; with ``--check``, only report stale ``.mo`` files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if stale")
    args = parser.parse_args(argv)
    stale = 0
    for locale, po in catalogues():
        data = compile_po(po, locale)
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.read_bytes() == data:
            continue
        if args.check:
            print(f"stale: {mo}", file=sys.stderr)
            stale += 1
        else:
            mo.write_bytes(data)
            print(f"wrote {mo}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
