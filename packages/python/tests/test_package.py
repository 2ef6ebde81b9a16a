"""The package over the catalog's fixture table and over tokens made by the Rust signer.

The cases come from the workspace's test run (`cargo test --test packages`), which writes them
and passes their path in `VCC_EVENTS_CASES`.
"""

from __future__ import annotations

import json
import os
import typing
from pathlib import Path

import pytest

import vcc_events
from vcc_events import (
    ChannelEndedV0,
    ChannelHeldV0,
    ChannelHeldV1,
    ChannelParkedV0,
    ParseError,
    SignatureError,
    parse_event,
    verify,
)


def _cases() -> dict[str, typing.Any]:
    path = os.environ.get("VCC_EVENTS_CASES")
    if not path:
        raise RuntimeError(
            "VCC_EVENTS_CASES is not set: run these tests with `cargo test --test packages`, "
            "which writes the fixture table and the signed tokens"
        )
    return json.loads(Path(path).read_text(encoding="utf-8"))


CASES = _cases()
FIXTURES = CASES["fixtures"]
SIGNATURES = CASES["signatures"]


def _id(case: dict[str, typing.Any]) -> str:
    return f"{case['folder']}/{case['file']}"


def test_every_fixture_of_the_table_is_here() -> None:
    assert len(FIXTURES) > 70
    assert {c["expect"] for c in FIXTURES} == {"valid", "rejects", "cannot-express"}


@pytest.mark.parametrize("case", [c for c in FIXTURES if c["expect"] == "valid"], ids=_id)
def test_a_valid_fixture_is_accepted_with_its_values_intact(case: dict[str, typing.Any]) -> None:
    body = Path(case["path"]).read_bytes()
    event = parse_event(body)
    assert event.type == case["folder"]
    assert event.model_dump(mode="json", by_alias=True, exclude_unset=True) == json.loads(body)


@pytest.mark.parametrize("case", [c for c in FIXTURES if c["expect"] == "rejects"], ids=_id)
def test_an_invalid_fixture_is_refused_where_the_table_says(case: dict[str, typing.Any]) -> None:
    body = Path(case["path"]).read_bytes()
    with pytest.raises(ParseError) as refused:
        parse_event(body)
    if case["rule"] == "syntax":
        # Not JSON: the message says the line and column; there is no value to point at.
        assert (refused.value.pointer, refused.value.rule) == ("", "syntax"), str(refused.value)
    else:
        assert refused.value.pointer == case["pointer"], str(refused.value)
        assert refused.value.rule


@pytest.mark.parametrize("case", [c for c in FIXTURES if c["expect"] == "cannot-express"], ids=_id)
def test_a_rule_json_schema_cannot_express_is_left_to_the_receiver(case: dict[str, typing.Any]) -> None:
    body = Path(case["path"]).read_bytes()
    assert parse_event(body).type == case["folder"]


@pytest.mark.parametrize("case", SIGNATURES, ids=lambda c: c["name"])
def test_a_signature_is_judged_as_the_rust_receiver_judges_it(case: dict[str, typing.Any]) -> None:
    body = case["body"].encode("utf-8")
    if case["expect"] is None:
        verify(body, case["header"], case["secrets"], now=case["now"])
    else:
        with pytest.raises(SignatureError) as refused:
            verify(body, case["header"], case["secrets"], now=case["now"])
        assert refused.value.code == case["expect"]
        for secret in case["secrets"]:
            assert secret not in str(refused.value)


def _seed() -> bytes:
    seed = next(c for c in FIXTURES if c["file"] == "valid-seed-example.json")
    return Path(seed["path"]).read_bytes()


def test_time_keeps_all_its_fractional_digits() -> None:
    event = parse_event(_seed())
    assert event.time == json.loads(_seed())["time"]
    assert len(event.time.split(".")[1]) == 8  # seven digits and the Z


def test_the_union_is_told_apart_by_type_and_each_version_has_its_own_class() -> None:
    event = parse_event(_seed())
    assert isinstance(event, ChannelParkedV0)
    assert ChannelHeldV0 is not ChannelHeldV1
    assert ChannelHeldV0.__name__ != ChannelHeldV1.__name__
    assert typing.get_args(ChannelParkedV0.model_fields["specversion"].annotation) == ("1.0",)


def test_attributes_are_snake_case_read_from_wire_names() -> None:
    event = parse_event(_seed())
    assert isinstance(event, ChannelParkedV0)
    assert event.data.channel.channel_id == json.loads(_seed())["data"]["channel"]["channelId"]


def test_an_open_value_set_keeps_an_unknown_value() -> None:
    case = next(c for c in FIXTURES if c["folder"] == "channel.ended.v0" and c["file"] == "valid-unknown-reason.json")
    event = parse_event(Path(case["path"]).read_bytes())
    assert isinstance(event, ChannelEndedV0)
    assert event.data.reason == json.loads(Path(case["path"]).read_bytes())["data"]["reason"]


def test_descriptions_are_docstrings() -> None:
    assert ChannelParkedV0.__doc__ is not None and "parked" in ChannelParkedV0.__doc__
    assert ChannelParkedV0.model_fields["time"].description


def test_an_unknown_family_and_an_unknown_version_are_told_apart() -> None:
    seed = json.loads(_seed())
    for event_type, rule in [("channel.parked.v9", "unknown-version"), ("channel.nothing.v0", "unknown-family")]:
        with pytest.raises(ParseError) as refused:
            parse_event(json.dumps({**seed, "type": event_type}))
        assert (refused.value.pointer, refused.value.rule) == ("/type", rule)


def test_the_package_lists_every_event_type() -> None:
    assert len(vcc_events.EVENT_TYPES) == len({c["folder"] for c in FIXTURES if not c["folder"].startswith("test.")})
