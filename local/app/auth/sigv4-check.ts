// The gateway's `sigv4` mode: a request's SigV4 signature recomputed with @smithy/signature-v4 (the reference
// implementation, not the engine's own signer) from the headers it says it signed, against the local credentials.

import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "./sha256.ts";

export interface SigV4Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Signatures older or newer than this are refused, as AWS does. */
const maxSkewMs = 15 * 60_000;

const authorizationPattern =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/** undefined when the request is signed right; else why not (the 403's message). */
export async function checkSigV4(
  req: IncomingMessage,
  body: string,
  keys: SigV4Keys,
  region: string,
  nowMs: number,
): Promise<string | undefined> {
  const header = req.headers.authorization;
  if (header === undefined) return "Missing Authentication Token";
  const match = authorizationPattern.exec(header);
  if (match === null) return "Authorization header is not a SigV4 signature";
  const [, accessKeyId, , scopeRegion, service, signedList = "", signature = ""] = match;
  if (accessKeyId !== keys.accessKeyId) return "The security token included in the request is invalid.";
  if (scopeRegion !== region) return `Credential should be scoped to a valid region, not '${scopeRegion}'.`;
  const amzDate = req.headers["x-amz-date"];
  const signingDate = typeof amzDate === "string" ? parseAmzDate(amzDate) : undefined;
  if (signingDate === undefined) return "Missing or malformed x-amz-date";
  if (Math.abs(nowMs - signingDate.getTime()) > maxSkewMs) return "Signature expired";
  const signed = signedList.split(";");
  if (!signed.includes("host") || !signed.includes("x-amz-date")) return "host and x-amz-date must be signed";
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = req.headers[name];
    if (value === undefined) return `signed header ${name} is missing`;
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const url = new URL(req.url ?? "/", "http://local");
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const had = query[name];
    query[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  const signer = new SignatureV4({
    credentials: keys,
    region,
    service: service ?? "execute-api",
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const reference = await signer.sign(
    { method: req.method ?? "POST", protocol: "http:", hostname: "", path: url.pathname, query, headers, body },
    { signingDate },
  );
  const expected = /Signature=([0-9a-f]{64})$/.exec(String(reference.headers.authorization))?.[1] ?? "";
  const ok = expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  return ok
    ? undefined
    : "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.";
}

function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (m === null) return undefined;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}
