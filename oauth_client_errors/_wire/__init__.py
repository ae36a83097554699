"""The wire layer: pure readers that turn what a server sent into plain data.

Nothing here decides what an error means. :mod:`.challenge` reads ``WWW-Authenticate``,
:mod:`.headers` the other header fields, :mod:`.bodies` JSON and form bodies,
:mod:`.redirects` authorization redirects and :mod:`.claims` claims requests. Each
reader is linear in its (size-capped) input and raises only
:class:`~oauth_client_errors.MalformedResponseError`.
"""
