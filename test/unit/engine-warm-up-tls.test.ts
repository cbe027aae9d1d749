// The warm-up stub's throwaway TLS identity: a well-formed self-signed certificate for a fresh P-256 key, made in
// memory, valid around now, and a new one each time.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { warmUpIdentity } from "../../loadtests/engine/warm-up-tls.ts";

describe("warmUpIdentity", () => {
  it("makes a certificate that parses, is signed by its own key, and is valid now", () => {
    const now = new Date("2026-11-30T12:00:00Z");
    const { key, cert } = warmUpIdentity(now);
    const x509 = new X509Certificate(cert);
    expect(x509.subject).toBe("CN=harness warm-up");
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(new Date(x509.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(now.getTime() + 3_600_000);
  });

  it("makes a new key and serial number each time", () => {
    const [a, b] = [warmUpIdentity(), warmUpIdentity()];
    expect(a.key).not.toBe(b.key);
    expect(new X509Certificate(a.cert).serialNumber).not.toBe(new X509Certificate(b.cert).serialNumber);
  });
});
