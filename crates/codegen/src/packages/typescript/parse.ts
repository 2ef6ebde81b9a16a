/** `parse`: a raw webhook body to a typed event, checked as the published schema checks it. */

import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";

import { EVENT_TYPES, FAMILIES, type EventType, type VccEvent } from "./events";
import { SCHEMAS } from "./schemas";

/**
 * Why a body is not a valid event: where (a JSON pointer into the body, `""` for the whole
 * body) and which rule failed (`syntax`, `empty`, `unknown-family`, `unknown-version`, or the
 * JSON Schema keyword: `required`, `type`, `const`, `pattern`, `format`, `enum`, ...).
 */
export class ParseError extends Error {
  /** The JSON pointer of the value that failed. */
  readonly pointer: string;
  /** The rule that failed. */
  readonly rule: string;

  constructor(pointer: string, rule: string, message: string) {
    super(`${pointer === "" ? "(root)" : pointer}: ${message} [${rule}]`);
    this.name = "ParseError";
    this.pointer = pointer;
    this.rule = rule;
  }
}

const ajv = new Ajv2020({ allErrors: false, allowUnionTypes: true, strict: true });
addFormats(ajv);
const compiled = new Map<EventType, ValidateFunction>();

function validatorOf(type: EventType): ValidateFunction {
  let validate = compiled.get(type);
  if (validate === undefined) {
    validate = ajv.compile(SCHEMAS[type]);
    compiled.set(type, validate);
  }
  return validate;
}

function token(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The pointer and rule of ajv's first error, pointing at the member concerned. */
function fromAjv(error: ErrorObject): ParseError {
  let pointer = error.instancePath;
  if (error.keyword === "required") {
    pointer += `/${token(String(error.params["missingProperty"]))}`;
  } else if (error.propertyName !== undefined) {
    pointer += `/${token(error.propertyName)}`;
  }
  return new ParseError(pointer, error.keyword, error.message ?? "is invalid");
}

function isEventType(type: string): type is EventType {
  return (EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * The event in `body` (the raw HTTP body, as text or bytes), checked against the published
 * schema of its `type`. Member order and unknown members are kept: the event is the parsed
 * JSON itself, and `time` stays the text it was sent as.
 *
 * @throws {ParseError} when the body is not JSON, not an object, of an unknown type, or
 * breaks a rule of its schema.
 */
export function parse(body: string | Uint8Array): VccEvent {
  const text = typeof body === "string" ? body : new TextDecoder("utf-8", { fatal: true }).decode(body);
  if (text.trim() === "") {
    throw new ParseError("", "empty", "the body is empty");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ParseError("", "syntax", `not JSON: ${(e as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ParseError("", "type", "an event is a JSON object");
  }
  const type = (value as Record<string, unknown>)["type"];
  if (type === undefined) {
    throw new ParseError("/type", "required", "must have required property 'type'");
  }
  if (typeof type !== "string") {
    throw new ParseError("/type", "type", "must be string");
  }
  if (!isEventType(type)) {
    const cut = type.lastIndexOf(".");
    const family = cut < 0 ? type : type.slice(0, cut);
    if (FAMILIES[family] !== undefined) {
      throw new ParseError("/type", "unknown-version", `${family} has no version ${type.slice(cut + 1)} (known: ${FAMILIES[family]!.join(", ")})`);
    }
    throw new ParseError("/type", "unknown-family", `no event family ${JSON.stringify(family)}`);
  }
  const validate = validatorOf(type);
  if (!validate(value)) {
    const first = validate.errors?.[0];
    throw first === undefined ? new ParseError("", "schema", "is invalid") : fromAjv(first);
  }
  return value as VccEvent;
}
