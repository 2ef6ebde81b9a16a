/** Every fixture of the table, judged as the table says; every signature, as the Rust receiver judges it. */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { ParseError, SignatureError, parse, verify } from "../src/index";
import { FIXTURES, SIGNATURES } from "./cases";

test(`${FIXTURES.length} fixtures`, () => {
  assert.ok(FIXTURES.length > 70);
  assert.deepEqual(new Set(FIXTURES.map((f) => f.expect)), new Set(["valid", "rejects", "cannot-express"]));
});

for (const fixture of FIXTURES) {
  const name = `${fixture.folder}/${fixture.file}`;
  const body = readFileSync(fixture.path);
  switch (fixture.expect) {
    case "valid":
      test(`${name} is accepted with its values intact`, () => {
        const event = parse(body);
        assert.equal(event.type, fixture.folder);
        assert.equal(JSON.stringify(event), JSON.stringify(JSON.parse(body.toString("utf8"))));
      });
      break;
    case "rejects":
      test(`${name} is refused at ${fixture.pointer}`, () => {
        assert.throws(
          () => parse(body),
          (e: unknown) => {
            assert.ok(e instanceof ParseError, String(e));
            if (fixture.rule === "syntax") {
              // Not JSON: the message says where; there is no value to point at.
              assert.deepEqual([e.pointer, e.rule], ["", "syntax"], e.message);
            } else {
              assert.equal(e.pointer, fixture.pointer, e.message);
              assert.ok(e.rule !== "");
            }
            return true;
          },
        );
      });
      break;
    case "cannot-express":
      test(`${name} is accepted: JSON Schema cannot say its rule`, () => {
        assert.equal(parse(body).type, fixture.folder);
      });
      break;
  }
}

for (const signature of SIGNATURES) {
  test(`signature: ${signature.name}`, () => {
    const call = () => verify(signature.body, signature.header, signature.secrets, { now: signature.now });
    if (signature.expect === null) {
      call();
      return;
    }
    assert.throws(call, (e: unknown) => {
      assert.ok(e instanceof SignatureError, String(e));
      assert.equal(e.code, signature.expect);
      for (const secret of signature.secrets) {
        assert.ok(!e.message.includes(secret));
      }
      return true;
    });
  });
}
