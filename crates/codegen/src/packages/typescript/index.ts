/**
 * The VCC webhook events: a type per event version, `parse` (the raw body to a typed event,
 * checked against the published schema) and `verify` (the `Vonage-Signature` token).
 */

export * from "./events";
export { ParseError, parse } from "./parse";
export { SCHEMAS } from "./schemas";
export {
  DEFAULT_LEEWAY_SECS,
  SIGNATURE_HEADER,
  SignatureError,
  verify,
  type SignatureCode,
  type VerifyOptions,
} from "./verify";
