/** The cases the workspace's test run writes (`cargo test --test packages`): the fixture table and signed tokens. */

import { readFileSync } from "node:fs";

/** One fixture and what the table says of it. */
export interface Fixture {
  folder: string;
  file: string;
  path: string;
  expect: "valid" | "rejects" | "cannot-express";
  pointer?: string;
  rule?: string;
}

/** One signature made by the Rust signer, and the code it must be refused with (`null`: accepted). */
export interface Signature {
  name: string;
  body: string;
  header: string | null;
  secrets: string[];
  /** When the tokens were made, in seconds since the Unix epoch: the time they are judged at. */
  now: number;
  expect: string | null;
}

const path = process.env["VCC_EVENTS_CASES"];
if (path === undefined || path === "") {
  throw new Error(
    "VCC_EVENTS_CASES is not set: run these tests with `cargo test --test packages`, which writes the fixture table and the signed tokens",
  );
}

const cases = JSON.parse(readFileSync(path, "utf8")) as { fixtures: Fixture[]; signatures: Signature[] };

/** Every fixture of the table. */
export const FIXTURES: readonly Fixture[] = cases.fixtures;
/** Every signature case. */
export const SIGNATURES: readonly Signature[] = cases.signatures;
