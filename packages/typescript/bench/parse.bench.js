// Parse-and-validate time per event: the package's `parse` against `JSON.parse` + ajv (the
// same published schema, compiled once), in the same run. Run `npm run build` first, then
// `node bench/parse.bench.js [path/to/event.json]` (default: the seed example's fixture).
"use strict";

const { readFileSync } = require("node:fs");
const path = require("node:path");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;
const { parse, SCHEMAS } = require("../dist/src/index.js");

const file = process.argv[2] ?? path.join(__dirname, "../../../tests/fixtures/channel.parked.v0/valid-seed-example.json");
const body = readFileSync(file, "utf8");
const type = JSON.parse(body).type;

const ajv = new Ajv2020({ allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(SCHEMAS[type]);

const pipelines = {
  "parse (@vcc-events/catalog)": () => parse(body),
  "JSON.parse + ajv": () => {
    const value = JSON.parse(body);
    if (!validate(value)) throw new Error("invalid");
    return value;
  },
};

const ROUNDS = 7;
const N = 20000;
const results = {};
for (const name of Object.keys(pipelines)) results[name] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, so that both see the same state of a shared host.
  for (const [name, run] of Object.entries(pipelines)) {
    for (let i = 0; i < 2000; i++) run();
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) run();
    results[name].push(Number(process.hrtime.bigint() - start) / N);
  }
}
console.log(`${type}, ${body.length} bytes, node ${process.version}, median of ${ROUNDS} rounds of ${N}:`);
const base = median(results["JSON.parse + ajv"]);
for (const [name, times] of Object.entries(results)) {
  const m = median(times);
  console.log(`  ${name.padEnd(30)} ${(m / 1000).toFixed(2)} µs/event (${(m / base).toFixed(2)}x)`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
