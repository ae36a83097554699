"""The ground layer: what every other layer of the core stands on.

Value types live in :mod:`oauth_client_errors._types`; here are the base exceptions
(:mod:`.exceptions`), display sanitising (:mod:`.sanitize`) and secret redaction
(:mod:`.redact`). Nothing here imports another module of this package except ``_types``.
"""
