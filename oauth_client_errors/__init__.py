"""oauth-client-errors: every way an OAuth server says no, as one typed, explained exception."""
