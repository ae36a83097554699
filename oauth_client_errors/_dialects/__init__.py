"""Provider dialects: how real servers bend OAuth, told back in the registry's terms.

:mod:`.model` holds the data model (:class:`Dialect`, :class:`DialectCode`),
:mod:`.envelopes` the readers of the body shapes providers use, :mod:`.recognise` the
recognition, and ``providers/`` one data module per built-in provider, each row citing
the page where the provider published it. Users add their own with
:func:`register_dialect`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._ground.lazy import lazy_names
from .envelopes import ENVELOPES, VENDOR_TRIGGERS, Reading

if TYPE_CHECKING:
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

# The model and the recognition (with the providers' tables behind it) load on first use
# (PEP 562): reading a response needs only the envelopes' members; deciding what an error
# means needs the rest.
_LAZY = {
    "DIALECT_HINT_FIELDS": ".model",
    "PROMPTS": ".model",
    "Dialect": ".model",
    "DialectCode": ".model",
    "DialectHint": ".recognition",
    "DialectMatch": ".recognition",
    "all_dialects": ".recognition",
    "describe_details": ".recognition",
    "dialect_for": ".recognition",
    "lookup_dialect": ".recognition",
    "recognise": ".recognition",
    "register_dialect": ".recognition",
    "required_scope": ".recognition",
    "resolve_uri": ".recognition",
    "row_for": ".recognition",
    "split_scope": ".recognition",
}


__getattr__ = lazy_names(__name__, _LAZY, globals())


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
