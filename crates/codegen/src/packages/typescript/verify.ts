/** `verify`: the `Vonage-Signature` token of a delivery, checked as the platform signs it. */

import { createHash, timingSafeEqual } from "node:crypto";
import jwt from "jsonwebtoken";

/** The header that carries the token. */
export const SIGNATURE_HEADER = "vonage-signature";

/** Seconds of clock skew allowed on `exp` and `iat`. */
export const DEFAULT_LEEWAY_SECS = 30;

/** Why a signature is refused; `code` is stable, the message never holds a secret or the token. */
export type SignatureCode =
  | "missing-signature"
  | "malformed-token"
  | "algorithm-not-allowed"
  | "wrong-signature"
  | "missing-claim"
  | "expired"
  | "not-yet-valid"
  | "body-hash-mismatch";

/** A refused signature (answer it with 401). */
export class SignatureError extends Error {
  /** What is wrong. */
  readonly code: SignatureCode;

  constructor(code: SignatureCode, message: string) {
    super(message);
    this.name = "SignatureError";
    this.code = code;
  }
}

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** Seconds of clock skew allowed (default 30). */
  leewaySecs?: number;
  /** The current time in seconds since the Unix epoch (default: the clock). */
  now?: number;
}

function tokenText(header: string): string {
  const text = header.trim();
  return (text.startsWith("Bearer ") ? text.slice(7) : text).trimStart();
}

/**
 * Checks the `Vonage-Signature` header of a delivery: an HS256 JWT (no other algorithm),
 * signed with one of `secrets` (each the secret's text as the platform shows it, used as the
 * HMAC key as it is), with `exp` and `iat` (within the leeway) and `payload_hash`, the hex
 * SHA-256 of the raw body, which must match `body` (compared in constant time).
 *
 * @throws {SignatureError} naming what is wrong.
 */
export function verify(
  body: string | Uint8Array,
  header: string | undefined | null,
  secrets: readonly string[],
  options: VerifyOptions = {},
): void {
  if (header === undefined || header === null) {
    throw new SignatureError("missing-signature", "the Vonage-Signature header is missing");
  }
  const token = tokenText(header);
  const decoded = jwt.decode(token, { complete: true });
  if (decoded === null || typeof decoded.payload === "string") {
    throw new SignatureError("malformed-token", "the Vonage-Signature header is not a JWT");
  }
  if (decoded.header.alg !== "HS256") {
    throw new SignatureError("algorithm-not-allowed", "the token's algorithm is not HS256");
  }
  const leeway = options.leewaySecs ?? DEFAULT_LEEWAY_SECS;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  let claims: jwt.JwtPayload | undefined;
  for (const secret of secrets.map((s) => s.trim()).filter((s) => s !== "")) {
    try {
      const verified = jwt.verify(token, secret, {
        algorithms: ["HS256"],
        clockTolerance: leeway,
        clockTimestamp: now,
        ignoreNotBefore: false,
      });
      if (typeof verified === "string") {
        throw new SignatureError("malformed-token", "the token's claims are not a JSON object");
      }
      claims = verified;
      break;
    } catch (e) {
      if (e instanceof jwt.TokenExpiredError) {
        throw new SignatureError("expired", "the token has expired");
      }
      if (e instanceof jwt.NotBeforeError) {
        throw new SignatureError("not-yet-valid", "the token is not valid yet");
      }
      if (e instanceof jwt.JsonWebTokenError && e.message === "invalid signature") {
        continue;
      }
      if (e instanceof SignatureError) {
        throw e;
      }
      throw new SignatureError("malformed-token", "the Vonage-Signature header is not a valid JWT");
    }
  }
  if (claims === undefined) {
    throw new SignatureError("wrong-signature", "the token is not signed with a known secret");
  }
  if (typeof claims.exp !== "number") {
    throw new SignatureError("missing-claim", "the token's claim `exp` is missing or invalid");
  }
  if (typeof claims.iat !== "number") {
    throw new SignatureError("missing-claim", "the token's claim `iat` is missing or invalid");
  }
  if (claims.iat > now + leeway) {
    throw new SignatureError("not-yet-valid", "the token is not valid yet (issued in the future)");
  }
  const hash = claims["payload_hash"];
  if (typeof hash !== "string" || !/^[0-9A-Fa-f]{64}$/.test(hash)) {
    throw new SignatureError("missing-claim", "the token's claim `payload_hash` is missing or invalid");
  }
  const digest = createHash("sha256").update(body).digest();
  if (!timingSafeEqual(digest, Buffer.from(hash, "hex"))) {
    throw new SignatureError("body-hash-mismatch", "the body does not match the token's payload hash");
  }
}
