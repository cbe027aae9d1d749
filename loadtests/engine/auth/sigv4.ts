// SigV4 request signing, synchronous with node:crypto, for the HTTP channel's hot path: the canonical request's fixed
// parts are built once per target, the date strings once per second, the signing key once per day and credential.
// Signed headers: host, x-amz-date, and x-amz-security-token when the credentials carry one. The same signature as
// @smithy/signature-v4 for the same request, time and credentials (test/unit/engine-auth-sigv4.test.ts).
import { createHmac, createSecretKey, hash, type KeyObject } from "node:crypto";

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** What the URL looks like with the message ID's place marked by `slot`. */
export interface SigningTarget {
  method: string;
  /** The URL with `slot` where the message ID goes. */
  url: string;
  /** The Host header's value as sent. */
  host: string;
  slot: string;
  region: string;
  service: string;
}

/** AWS's URI encoding: encodeURIComponent plus `!'()*`. */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical URI of a non-S3 service: dot segments resolved, the (already encoded) path encoded once more. */
export function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith("/") ? "/" : ""}${segments.join("/")}${segments.length > 0 && path.endsWith("/") ? "/" : ""}`;
  return escapeUri(normalized).replace(/%2F/g, "/");
}

/** The canonical query string: names and values encoded, sorted by name, a repeated name's values sorted too. */
export function canonicalQuery(search: string): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(search)) {
    const key = escapeUri(name);
    const pairs = byName.get(key) ?? [];
    pairs.push(`${key}=${escapeUri(value)}`);
    byName.set(key, pairs);
  }
  return [...byName.keys()]
    .sort()
    .map((key) => (byName.get(key) ?? []).sort().join("&"))
    .join("&");
}

/** One-shot SHA-256 (no Hash object per call: measured in docs/engine-performance.md, "SigV4 signing"). */
const hex = (data: string) => hash("sha256", data, "hex");

export class SigV4Signer {
  credentials: SigningCredentials | undefined;
  /** The canonical request up to the message ID (with the ID in the URL), and after it. */
  private readonly beforeId: string;
  private readonly afterId: string;
  private readonly hasId: boolean;
  private readonly region: string;
  private readonly service: string;
  private second = -1;
  private longDate = "";
  private shortDate = "";
  private scope = "";
  /** A KeyObject, so each request's HMAC does not import the key again. */
  private key: KeyObject | undefined;
  private keyDate = "";
  private keyCredentials: SigningCredentials | undefined;

  constructor(target: SigningTarget) {
    const url = new URL(target.url);
    const request = `${target.method}\n${canonicalPath(url.pathname)}\n${canonicalQuery(url.search)}\nhost:${target.host.trim()}\n`;
    const at = request.indexOf(target.slot);
    this.hasId = at >= 0;
    this.beforeId = this.hasId ? request.slice(0, at) : request;
    this.afterId = this.hasId ? request.slice(at + target.slot.length) : "";
    this.region = target.region;
    this.service = target.service;
  }

  /** The header lines that sign this request (each ending CRLF), or "" without credentials. */
  lines(id: string, body: string, now: number): string {
    const credentials = this.credentials;
    if (credentials === undefined) return "";
    const second = Math.floor(now / 1000);
    if (second !== this.second) this.turnSecond(second);
    const token = credentials.sessionToken;
    const tokenLine = token === undefined || token === "" ? "" : `x-amz-security-token:${token}\n`;
    const signedHeaders = tokenLine === "" ? "host;x-amz-date" : "host;x-amz-date;x-amz-security-token";
    const canonical = `${this.hasId ? `${this.beforeId}${id}${this.afterId}` : this.beforeId}x-amz-date:${this.longDate}\n${tokenLine}\n${signedHeaders}\n${hex(body)}`;
    const toSign = `AWS4-HMAC-SHA256\n${this.longDate}\n${this.scope}\n${hex(canonical)}`;
    const signature = createHmac("sha256", this.signingKey(credentials)).update(toSign, "utf8").digest("hex");
    return `x-amz-date: ${this.longDate}\r\n${tokenLine === "" ? "" : `x-amz-security-token: ${token}\r\n`}authorization: AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${this.scope}, SignedHeaders=${signedHeaders}, Signature=${signature}\r\n`;
  }

  private turnSecond(second: number): void {
    this.second = second;
    this.longDate = new Date(second * 1000).toISOString().replace(/[-:]|\.\d{3}/g, "");
    this.shortDate = this.longDate.slice(0, 8);
    this.scope = `${this.shortDate}/${this.region}/${this.service}/aws4_request`;
  }

  private signingKey(credentials: SigningCredentials): KeyObject {
    if (this.key !== undefined && this.keyDate === this.shortDate && this.keyCredentials === credentials)
      return this.key;
    let key = createHmac("sha256", `AWS4${credentials.secretAccessKey}`).update(this.shortDate).digest();
    for (const part of [this.region, this.service, "aws4_request"])
      key = createHmac("sha256", key).update(part).digest();
    this.key = createSecretKey(key);
    this.keyDate = this.shortDate;
    this.keyCredentials = credentials;
    return this.key;
  }
}
