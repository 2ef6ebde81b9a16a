"""What every model shares: strict types, open payloads, checked extension attributes, and
date-times kept as text."""

from __future__ import annotations

import datetime
import re

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

_EXTENSION_NAME = re.compile(r"[a-z0-9]{1,20}")
_DATE_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?Z")


def check_date_time(value: str) -> str:
    """An RFC 3339 UTC date-time as the catalog writes it (the pattern is checked first): a
    real calendar date, hours to 23, minutes to 59, and second 60 only at 23:59 (a leap
    second). The text is returned as it is: never parsed into a `datetime`, never rounded."""
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        raise PydanticCustomError("date_time", "not an RFC 3339 UTC date-time")
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    try:
        datetime.date(year, month, day)
    except ValueError:
        raise PydanticCustomError("date_time", "not a date of the calendar") from None
    if hour > 23 or minute > 59 or second > 60 or (second == 60 and (hour, minute) != (23, 59)):
        raise PydanticCustomError("date_time", "the time of day is out of range")
    return value


def not_null(value: object) -> object:
    """Refuses `null` for a member that may be left out but is never `null`."""
    if value is None:
        raise PydanticCustomError("null", "may be left out but is never null")
    return value


class Payload(BaseModel):
    """A payload object: strict types, unknown members accepted and kept (`model_extra`)."""

    model_config = ConfigDict(
        strict=True, extra="allow", populate_by_name=True, use_attribute_docstrings=True
    )


class Envelope(BaseModel):
    """A CloudEvent: strict types; other top-level members are extension attributes, named
    `^[a-z0-9]{1,20}$`, with a string, integer or boolean value, kept in `model_extra`."""

    model_config = ConfigDict(
        strict=True, extra="allow", populate_by_name=True, use_attribute_docstrings=True
    )

    @model_validator(mode="after")
    def check_extensions(self) -> Envelope:
        """Extension attributes follow the CloudEvents naming and type rules."""
        for name, value in (self.model_extra or {}).items():
            if _EXTENSION_NAME.fullmatch(name) is None:
                raise PydanticCustomError(
                    "extension_name",
                    "an extension attribute is named with 1 to 20 lower-case letters or digits",
                    {"member": name},
                )
            if isinstance(value, float) or not isinstance(value, (str, int, bool)):
                raise PydanticCustomError(
                    "extension_value",
                    "an extension attribute is a string, an integer or a boolean",
                    {"member": name},
                )
        return self
