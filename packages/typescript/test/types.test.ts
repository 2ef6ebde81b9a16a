/** The types: checked by `tsc --strict` (the `@ts-expect-error` lines must be errors) and at run time. */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  EVENT_TYPES,
  ParseError,
  parse,
  type ChannelEndedV0Reason,
  type ChannelHeldV0,
  type ChannelHeldV1,
  type ChannelParkedV0,
  type ChannelParkedV0Role,
  type EventType,
  type VccEvent,
} from "../src/index";
import { FIXTURES } from "./cases";

const seedFixture = FIXTURES.find((f) => f.file === "valid-seed-example.json");
assert.ok(seedFixture !== undefined);
const seed = readFileSync(seedFixture.path, "utf8");

/** What a partner writes: the union narrowed on `type`. */
function channelOf(event: VccEvent): string | undefined {
  switch (event.type) {
    case "channel.parked.v0":
      return event.data.channel.channelId;
    case "agent.presencechanged.v0":
      return undefined;
    default:
      return "channel" in event.data ? event.data.channel.channelId : undefined;
  }
}

test("the union narrows on type", () => {
  const event = parse(seed);
  assert.equal(channelOf(event), JSON.parse(seed).data.channel.channelId);
});

test("two versions of a family have their own names in one module", () => {
  const held: Array<ChannelHeldV0 | ChannelHeldV1> = [];
  assert.equal(held.length, 0);
  const types: EventType[] = ["channel.held.v0", "channel.held.v1"];
  assert.ok(types.every((t) => EVENT_TYPES.includes(t)));
});

test("the envelope's fixed values are literal types", () => {
  const event = parse(seed) as ChannelParkedV0;
  const version: "1.0" = event.specversion;
  const source: "/channel" = event.source;
  assert.deepEqual([version, source], ["1.0", "/channel"]);
  // @ts-expect-error: specversion is the literal "1.0"
  const wrong: ChannelParkedV0["specversion"] = "2.0";
  assert.equal(wrong, "2.0");
});

test("a closed value set is its values, an open one its values or any string", () => {
  const role: ChannelParkedV0Role = "agent";
  // @ts-expect-error: role is a closed set
  const notARole: ChannelParkedV0Role = "supervisor";
  const known: ChannelEndedV0Reason = "released";
  const other: ChannelEndedV0Reason = "a reason documented later";
  assert.deepEqual([role, notARole, known, other].length, 4);
});

test("time stays the text that was sent", () => {
  const event = parse(seed);
  assert.equal(event.time, JSON.parse(seed).time);
  assert.equal(event.time.split(".")[1]?.length, 8);
});

test("an unknown family and an unknown version are told apart", () => {
  const body = JSON.parse(seed) as Record<string, unknown>;
  for (const [type, rule] of [
    ["channel.parked.v9", "unknown-version"],
    ["channel.nothing.v0", "unknown-family"],
  ] as const) {
    assert.throws(
      () => parse(JSON.stringify({ ...body, type })),
      (e: unknown) => e instanceof ParseError && e.pointer === "/type" && e.rule === rule,
    );
  }
});
