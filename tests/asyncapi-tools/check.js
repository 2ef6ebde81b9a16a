// Reads packages/asyncapi/asyncapi.json as partners' tools do: @asyncapi/parser must report no
// diagnostic at all; @asyncapi/modelina must give a named TypeScript interface and a named
// Python class per event version with the envelope's members required; and the documented
// example of every version must type-check (`tsc --strict`) against modelina's interfaces.
// Writes what it generated to out/ and prints one line per check; exits 1 on the first failure.
"use strict";

const { readFileSync, writeFileSync, mkdirSync, rmSync } = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { Parser } = require("@asyncapi/parser");
const { TypeScriptGenerator, PythonGenerator, typeScriptDefaultPropertyKeyConstraints } = require("@asyncapi/modelina");

const root = path.join(__dirname, "../..");
const documentPath = path.join(root, "packages/asyncapi/asyncapi.json");
const out = path.join(__dirname, "out");

function fail(message) {
  console.error(`FAIL ${message}`);
  process.exit(1);
}

function pascal(type) {
  return type.split(".").map((p) => p[0].toUpperCase() + p.slice(1)).join("");
}

async function main() {
  const text = readFileSync(documentPath, "utf8");
  const doc = JSON.parse(text);
  const types = Object.keys(doc.components.messages);
  const { document, diagnostics } = await new Parser().parse(text);
  // Severities: 0 error, 1 warning, 2 information, 3 hint.
  const show = (d) => `${d.severity} ${d.code} ${d.path.join("/")}: ${d.message}`;
  const serious = diagnostics.filter((d) => d.severity <= 1);
  if (serious.length > 0 || document === undefined) {
    fail(`parser errors or warnings:\n${serious.map(show).join("\n")}`);
  }
  console.log(`ok parser: ${types.length} messages, 0 errors, 0 warnings (${diagnostics.map(show).join("; ") || "no other diagnostic"})`);

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Interfaces (JSON is assigned to them) and the wire names kept: modelina renames `type`, a
  // TypeScript keyword but a valid property name, unless told not to.
  const ts = await new TypeScriptGenerator({
    modelType: "interface",
    enumType: "union",
    useJavascriptReservedKeywords: false,
    constraints: { propertyKey: typeScriptDefaultPropertyKeyConstraints({ NO_RESERVED_KEYWORDS: (value) => value }) },
  }).generate(document);
  const tsNames = new Set(ts.map((m) => m.modelName));
  const py = await new PythonGenerator().generate(document);
  const pyNames = new Set(py.map((m) => m.modelName));
  const required = doc.components.schemas[pascal(types[0])].required;
  for (const type of types) {
    const name = pascal(type);
    const model = ts.find((m) => m.modelName === name);
    if (model === undefined) fail(`modelina (TypeScript) has no model ${name}: ${[...tsNames].join(", ")}`);
    for (const member of required) {
      if (!new RegExp(`\\b${member}: `).test(model.result)) fail(`${name}.${member} is not required in:\n${model.result}`);
    }
    if (!pyNames.has(name)) fail(`modelina (Python) has no model ${name}: ${[...pyNames].join(", ")}`);
  }
  const anonymous = [...tsNames, ...pyNames].filter((n) => /Anonymous|Colon|Slash/.test(n));
  if (anonymous.length > 0) fail(`unnamed models: ${anonymous.join(", ")}`);
  console.log(`ok modelina: ${ts.length} TypeScript and ${py.length} Python models, every version named, envelope members required`);

  // The documented examples, typed with modelina's interfaces.
  let source = ts.map((m) => m.result.replace(/^(interface|type) /m, "export $1 ")).join("\n\n");
  source += "\n\n";
  for (const type of types) {
    const example = doc.components.messages[type].examples[0].payload;
    source += `export const example_${pascal(type)}: ${pascal(type)} = ${JSON.stringify(example, null, 2)};\n\n`;
  }
  writeFileSync(path.join(out, "models.ts"), source);
  const tsconfig = { compilerOptions: { strict: true, noEmit: true, target: "ES2022", types: [] }, files: ["models.ts"] };
  writeFileSync(path.join(out, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", out], { stdio: "pipe" });
  } catch (e) {
    fail(`the documented examples do not type-check against modelina's interfaces:\n${e.stdout}`);
  }
  console.log(`ok tsc --strict: ${types.length} documented examples type-check against modelina's interfaces`);
}

main().catch((e) => fail(e.stack));
