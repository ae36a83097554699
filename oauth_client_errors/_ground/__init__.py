"""The ground layer: what every other layer of the core stands on.

Value types live in :mod:`oauth_client_errors._types`; here are the base exceptions
(:mod:`.exceptions`), display sanitising (:mod:`.sanitize`), secret redaction
(:mod:`.redact`) and the one origin helper and loopback test (:mod:`.urls`). Nothing here
imports another module of this package except ``_types``.
"""
