// HS256 JSON Web Tokens with node:crypto: what the local token endpoint issues and the gateway's `jwt` mode checks.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface JwtClaims {
  iss: string;
  sub: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  scope?: string;
}

const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

export function signJwt(claims: JwtClaims, secret: Buffer): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The claims of a valid, unexpired token from this issuer, or why it is refused. */
export function checkJwt(
  token: string,
  secret: Buffer,
  issuer: string,
  nowMs: number,
): { claims: JwtClaims } | { problem: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { problem: "not a JWT" };
  const [head = "", payload = "", signature = ""] = parts;
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: unknown }).alg;
  } catch {
    return { problem: "not a JWT" };
  }
  // Only the algorithm this issuer uses: never "none", never one the token picks.
  if (alg !== "HS256") return { problem: `algorithm ${String(alg)} is not accepted` };
  const expected = createHmac("sha256", secret).update(`${head}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: "bad signature" };
  let claims: JwtClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as JwtClaims;
  } catch {
    return { problem: "not a JWT" };
  }
  if (claims.iss !== issuer) return { problem: "wrong issuer" };
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= nowMs) return { problem: "token expired" };
  return { claims };
}
