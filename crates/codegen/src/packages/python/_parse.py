"""`parse_event`: a raw webhook body to a typed event, checked as the published schema checks it."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from .events import EVENT_TYPES, FAMILIES, VccEvent

_ADAPTER: TypeAdapter[VccEvent] = TypeAdapter(VccEvent)


class ParseError(ValueError):
    """Why a body is not a valid event: where (`pointer`, a JSON pointer into the body, `""`
    for the whole body) and which rule failed (`rule`: `syntax`, `empty`, `unknown-family`,
    `unknown-version`, or the JSON Schema keyword: `required`, `type`, `const`, `enum`,
    `pattern`, `format`, `propertyNames`)."""

    def __init__(self, pointer: str, rule: str, message: str) -> None:
        super().__init__(f"{pointer or '(root)'}: {message} [{rule}]")
        self.pointer = pointer
        self.rule = rule
        self.message = message


def _token(part: object) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


_RULES = {
    "missing": "required",
    "string_pattern_mismatch": "pattern",
    "date_time": "format",
    "null": "type",
    "extension_value": "type",
    "extension_name": "propertyNames",
}


def _is_member_tag(part: object) -> bool:
    """A location part naming a member of an open value set's union, not a wire name."""
    return isinstance(part, str) and (part.startswith("literal[") or part == "str")


def _first(errors: list[Any]) -> Any:
    """The first error; for a value of an open set (known values or any string), the error of
    its `str` member, which says what the value is not."""
    first = errors[0]
    tags = [i for i, part in enumerate(first["loc"]) if _is_member_tag(part)]
    if not tags:
        return first
    prefix = tuple(first["loc"][: tags[0]])
    for error in errors:
        loc = tuple(error["loc"])
        if loc[: len(prefix)] == prefix and loc[len(prefix) : len(prefix) + 1] == ("str",):
            return error
    return first


def _from_pydantic(error: Any) -> ParseError:
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    loc = [part for part in error["loc"] if not _is_member_tag(part)]
    if loc and loc[0] in EVENT_TYPES:
        loc = loc[1:]
    pointer = "".join(f"/{_token(part)}" for part in loc)
    if kind == "json_invalid":
        return ParseError("", "syntax", f"not JSON: {ctx.get('error', error['msg'])}")
    if kind == "union_tag_invalid":
        event_type = str(ctx.get("tag", ""))
        family, _, version = event_type.rpartition(".")
        if family in FAMILIES:
            known = ", ".join(FAMILIES[family])
            return ParseError("/type", "unknown-version", f"{family} has no version {version} (known: {known})")
        return ParseError("/type", "unknown-family", f"no event family {event_type!r}")
    if kind == "union_tag_not_found":
        return ParseError("/type", "required", "the member `type` is missing")
    if kind in ("extension_name", "extension_value"):
        pointer += f"/{_token(ctx.get('member', ''))}"
    if kind == "literal_error":
        rule = "const" if "," not in str(ctx.get("expected", "")) else "enum"
    elif kind.endswith("_type"):
        rule = "type"
    else:
        rule = _RULES.get(kind, kind)
    return ParseError(pointer, rule, error["msg"])


def parse_event(body: bytes | str) -> VccEvent:
    """The event in `body` (the raw HTTP body), checked as its published schema checks it.

    `time` and the other date-times stay the text they were sent as (all nine fractional
    digits); unknown payload members and extension attributes are kept in `model_extra`.
    Raises `ParseError` naming the JSON pointer and the rule.
    """
    if not body.strip():
        raise ParseError("", "empty", "the body is empty")
    try:
        return _ADAPTER.validate_json(body)
    except ValidationError as e:
        raise _from_pydantic(_first(e.errors())) from None
