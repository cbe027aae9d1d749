// A throwaway TLS identity for the warm-up's loopback stub: a P-256 key and a self-signed certificate made in memory
// with node:crypto (no openssl, no file), so an https target's shard is warmed over TLS as it will send.
//
// The stub's certificate is never trusted by anything: the warm-up's own connections skip verification (they go to
// 127.0.0.1, to a server of the same thread, and carry made-up messages). It exists because Node's TLS client runs
// other JavaScript than a plain socket's (the handshake's end, the session tickets, the encrypted writes), and a
// shard warmed over plain TCP met that code cold at time 0 (docs/engine-performance.md, "Warm-up").
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";

export interface WarmUpIdentity {
  /** PEM (PKCS#8). */
  key: string;
  /** PEM. */
  cert: string;
}

/** A DER length: short form below 128, else the long form. */
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...content: Buffer[]) => tlv(0x30, ...content);
/** ecdsa-with-SHA256 (1.2.840.10045.4.3.2). */
const ecdsaWithSha256 = sequence(Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));
/** A Name of one commonName (2.5.4.3). */
const name = (commonName: string) =>
  sequence(
    tlv(0x31, sequence(Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]), tlv(0x0c, Buffer.from(commonName, "utf8")))),
  );
/** UTCTime, YYMMDDHHMMSSZ (years 1950-2049). */
const utcTime = (at: Date) => tlv(0x17, Buffer.from(`${at.toISOString().slice(2, 19).replace(/[-T:]/g, "")}Z`));

/** A fresh key and a certificate for it, valid from an hour ago for a day (clock skew never matters here). */
export function warmUpIdentity(now = new Date()): WarmUpIdentity {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const serial = randomBytes(8);
  serial[0] = ((serial[0] as number) & 0x7f) | 0x01; // positive and without a leading zero byte
  const subject = name("harness warm-up");
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))), // version 3
    tlv(0x02, serial),
    ecdsaWithSha256,
    subject,
    sequence(utcTime(new Date(now.getTime() - 3_600_000)), utcTime(new Date(now.getTime() + 86_400_000))),
    subject,
    publicKey.export({ type: "spki", format: "der" }),
  );
  const signature = sign("sha256", tbs, privateKey);
  const der = sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.from([0x00]), signature));
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return {
    key: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    cert: `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`,
  };
}
