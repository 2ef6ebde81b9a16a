"""`verify`: the `Vonage-Signature` token of a delivery, checked as the platform signs it."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Iterable
from typing import Any

import jwt

SIGNATURE_HEADER = "Vonage-Signature"
"""The header that carries the token."""

DEFAULT_LEEWAY_SECS = 30
"""Seconds of clock skew allowed on `exp` and `iat`."""

_HEX64 = re.compile(r"[0-9A-Fa-f]{64}")


class SignatureError(ValueError):
    """A refused signature (answer it with 401). `code` is stable (`missing-signature`,
    `malformed-token`, `algorithm-not-allowed`, `wrong-signature`, `missing-claim`, `expired`,
    `not-yet-valid`, `body-hash-mismatch`); the message never holds a secret or the token."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _token_text(header: str | bytes) -> str:
    if isinstance(header, bytes):
        try:
            header = header.decode("utf-8")
        except UnicodeDecodeError:
            raise SignatureError("malformed-token", "the Vonage-Signature header is not a JWT") from None
    text = header.strip()
    return text.removeprefix("Bearer ").lstrip()


def verify(
    body: bytes,
    header: str | bytes | None,
    secrets: Iterable[str],
    *,
    leeway_secs: int = DEFAULT_LEEWAY_SECS,
    now: float | None = None,
) -> None:
    """Checks the `Vonage-Signature` header of a delivery: an HS256 JWT (no other algorithm),
    signed with one of `secrets` (each the secret's text as the platform shows it, used as the
    HMAC key as it is), with `exp` and `iat` (within the leeway) and `payload_hash`, the hex
    SHA-256 of the raw `body`, which must match (compared in constant time).

    `now` is the current time in seconds since the Unix epoch (default: the clock). Raises
    `SignatureError` naming what is wrong.
    """
    now = time.time() if now is None else now
    if header is None:
        raise SignatureError("missing-signature", "the Vonage-Signature header is missing")
    token = _token_text(header)
    try:
        head = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        raise SignatureError("malformed-token", "the Vonage-Signature header is not a JWT") from None
    if head.get("alg") != "HS256":
        raise SignatureError("algorithm-not-allowed", "the token's algorithm is not HS256")
    claims: dict[str, Any] | None = None
    for secret in (s.strip() for s in secrets):
        if not secret:
            continue
        try:
            claims = jwt.decode(
                token,
                key=secret,
                algorithms=["HS256"],
                options={
                    "require": ["exp", "iat"],
                    "verify_aud": False,
                    # The times are checked below, against `now`.
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
            break
        except jwt.InvalidSignatureError:
            continue
        except jwt.ExpiredSignatureError:
            raise SignatureError("expired", "the token has expired") from None
        except jwt.ImmatureSignatureError:
            raise SignatureError("not-yet-valid", "the token is not valid yet") from None
        except jwt.MissingRequiredClaimError as e:
            raise SignatureError("missing-claim", f"the token's claim `{e.claim}` is missing or invalid") from None
        except jwt.InvalidTokenError:
            raise SignatureError("malformed-token", "the Vonage-Signature header is not a valid JWT") from None
    if claims is None:
        raise SignatureError("wrong-signature", "the token is not signed with a known secret")
    for claim in ("exp", "iat"):
        value = claims.get(claim)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise SignatureError("missing-claim", f"the token's claim `{claim}` is missing or invalid")
    if claims["exp"] + leeway_secs < now:
        raise SignatureError("expired", "the token has expired")
    nbf = claims.get("nbf")
    if claims["iat"] > now + leeway_secs or (isinstance(nbf, (int, float)) and nbf > now + leeway_secs):
        raise SignatureError("not-yet-valid", "the token is not valid yet (issued in the future)")
    digest = claims.get("payload_hash")
    if not isinstance(digest, str) or _HEX64.fullmatch(digest) is None:
        raise SignatureError("missing-claim", "the token's claim `payload_hash` is missing or invalid")
    if not hmac.compare_digest(hashlib.sha256(body).hexdigest(), digest.lower()):
        raise SignatureError("body-hash-mismatch", "the body does not match the token's payload hash")
