"""The Discord dialect: its error codes, each citing where the provider published it."""

from __future__ import annotations

from ..model import Dialect, DialectCode

__all__ = ["DIALECT"]


DISCORD_CODES = "https://discord.com/developers/docs/topics/opcodes-and-status-codes#json"
DISCORD_OAUTH = "https://discord.com/developers/docs/topics/oauth2"

DIALECT = Dialect(
    name="discord",
    title="Discord",
    docs=DISCORD_CODES,
    hosts=("discord.com", "discordapp.com"),
    envelopes=("code_message", "oauth"),
    codes=(
        DialectCode(
            "0",
            "The request is unauthorized (401)",
            DISCORD_CODES,
            description="401: Unauthorized",
            canonical="invalid_token",
            hint="Discord refused the token. Refresh the OAuth2 token (or check the bot "
            "token and its Bot/Bearer prefix) and retry once.",
        ),
        DialectCode(
            "50025",
            "Invalid OAuth2 access token",
            DISCORD_CODES,
            canonical="invalid_token",
            hint="Discord refused the OAuth2 access token. Refresh it and retry once; if it "
            "is refused again, authorize again.",
        ),
        DialectCode(
            "50014",
            "Invalid authentication token provided",
            DISCORD_CODES,
            canonical="invalid_token",
        ),
        DialectCode(
            "40001",
            "Unauthorized: provide a valid token",
            DISCORD_CODES,
            canonical="invalid_token",
        ),
        DialectCode(
            "invalid_grant",
            "The authorization code is invalid",
            DISCORD_OAUTH,
            description='Invalid "code" in request',
            hint="Discord refused the authorization code (expired, already used, or for "
            "another redirect_uri). Send the user through authorization again.",
        ),
        DialectCode(
            "invalid_grant",
            "The refresh token is invalid",
            DISCORD_OAUTH,
            description='Invalid "refresh_token" in request',
            hint="Discord refused the refresh token (revoked, or already used). Send the user "
            "through authorization again.",
        ),
    ),
)
