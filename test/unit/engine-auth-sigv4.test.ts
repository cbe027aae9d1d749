// The engine's synchronous SigV4 signer gives the signature @smithy/signature-v4 gives for the same request, time and
// credentials: with and without a session token, the ID in the path or the query, odd characters in the URL.
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { SigV4Signer } from "../../loadtests/engine/auth/sigv4.ts";
import { NodeSha256 } from "../../local/app/auth/sha256.ts";

const slot = "slot-for-the-id";
const id = "20261130T160000Z-abcdef12-spike-42";
const keys = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const withToken = { ...keys, sessionToken: "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==" };

async function reference(
  method: string,
  url: URL,
  host: string,
  body: string,
  at: Date,
  credentials: typeof withToken | typeof keys,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials,
    region: "eu-central-1",
    service: "execute-api",
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const had = query[name];
    query[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  const request = {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query,
    headers: { host },
    body,
  };
  const signed = await signer.sign(request, { signingDate: at });
  return signed.headers;
}

/** Our lines parsed into lower-case header names. */
function parse(lines: string): Record<string, string> {
  return Object.fromEntries(
    lines
      .split("\r\n")
      .filter((l) => l !== "")
      .map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 2)]),
  );
}

describe("SigV4Signer", () => {
  const at = new Date("2026-11-30T16:42:07.345Z");
  it.each([
    ["POST", `https://abc123.execute-api.eu-central-1.amazonaws.com/prod/orders`, keys],
    ["POST", `https://abc123.execute-api.eu-central-1.amazonaws.com/prod/orders`, withToken],
    ["PUT", `https://api.example.test/prod/orders/${slot}?b=2&a=x%20y&a=1`, withToken],
    ["POST", `http://127.0.0.1:8080/v1/it's (odd)/../orders?id=${slot}&z=*`, keys],
  ])("%s %s signs as @smithy/signature-v4 does", async (method, template, credentials) => {
    const body = `{"id":"${id}","sentAt":1795000000123,"note":"ü"}`;
    const parsed = new URL(template);
    const signer = new SigV4Signer({
      method,
      url: parsed.href,
      host: parsed.host,
      slot,
      region: "eu-central-1",
      service: "execute-api",
    });
    signer.credentials = credentials;
    const ours = parse(signer.lines(template.includes(slot) ? id : "", body, at.getTime()));
    const expected = await reference(
      method,
      new URL(parsed.href.replace(slot, id)),
      parsed.host,
      body,
      at,
      credentials,
    );
    expect(ours.authorization).toBe(expected.authorization);
    expect(ours["x-amz-date"]).toBe(expected["x-amz-date"]);
    expect(ours["x-amz-security-token"]).toBe(expected["x-amz-security-token"]);
  });

  it("sends nothing without credentials (the request goes out unsigned, the target refuses it)", () => {
    const signer = new SigV4Signer({
      method: "POST",
      url: "https://a.test/orders",
      host: "a.test",
      slot,
      region: "eu-west-1",
      service: "execute-api",
    });
    expect(signer.lines("", "{}", Date.now())).toBe("");
  });

  it("a new day or new credentials change the signing key", () => {
    const signer = new SigV4Signer({
      method: "POST",
      url: "https://a.test/orders",
      host: "a.test",
      slot,
      region: "eu-west-1",
      service: "execute-api",
    });
    signer.credentials = keys;
    const day1 = parse(signer.lines("", "{}", Date.UTC(2026, 10, 30, 23, 59, 59))).authorization;
    const day2 = parse(signer.lines("", "{}", Date.UTC(2026, 11, 1, 0, 0, 0))).authorization;
    signer.credentials = { ...keys, secretAccessKey: "other" };
    const other = parse(signer.lines("", "{}", Date.UTC(2026, 11, 1, 0, 0, 0))).authorization;
    expect(day1).toContain("/20261130/eu-west-1/execute-api/aws4_request");
    expect(day2).toContain("/20261201/eu-west-1/execute-api/aws4_request");
    expect(other).not.toBe(day2);
  });
});
