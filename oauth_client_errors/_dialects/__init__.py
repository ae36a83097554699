"""Provider dialects: how real servers bend OAuth, told back in the registry's terms.

:mod:`.model` holds the data model (:class:`Dialect`, :class:`DialectCode`),
:mod:`.envelopes` the readers of the body shapes providers use, :mod:`.recognise` the
recognition, and ``providers/`` one data module per built-in provider, each row citing
the page where the provider published it. Users add their own with
:func:`register_dialect`.
"""

from __future__ import annotations

from .envelopes import ENVELOPES, VENDOR_TRIGGERS, Reading
from .model import DIALECT_HINT_FIELDS, PROMPTS, Dialect, DialectCode
from .recognition import (
    DialectHint,
    DialectMatch,
    all_dialects,
    describe_details,
    dialect_for,
    lookup_dialect,
    recognise,
    register_dialect,
    required_scope,
    resolve_uri,
    row_for,
    split_scope,
)

__all__ = [
    "DIALECT_HINT_FIELDS",
    "ENVELOPES",
    "PROMPTS",
    "VENDOR_TRIGGERS",
    "Dialect",
    "DialectCode",
    "DialectHint",
    "DialectMatch",
    "Reading",
    "all_dialects",
    "describe_details",
    "dialect_for",
    "lookup_dialect",
    "recognise",
    "register_dialect",
    "required_scope",
    "resolve_uri",
    "row_for",
    "split_scope",
]
