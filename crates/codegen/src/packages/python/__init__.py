"""The VCC webhook events: a pydantic model per event version, `parse_event` (the raw body to
a typed event, checked as the published schema checks it) and `verify` (the `Vonage-Signature`
token)."""

from ._parse import ParseError, parse_event
from ._verify import DEFAULT_LEEWAY_SECS, SIGNATURE_HEADER, SignatureError, verify
from .events import *  # noqa: F403
from .events import EVENT_TYPES, FAMILIES, VccEvent

__all__ = [
    "DEFAULT_LEEWAY_SECS",
    "EVENT_TYPES",
    "FAMILIES",
    "ParseError",
    "SIGNATURE_HEADER",
    "SignatureError",
    "VccEvent",
    "parse_event",
    "verify",
]
