// SigV4 credentials: the target's fixed keys as they are; else the default chain, asked to refresh (not answer from
// its cache) on every fetch after the first, its expiration kept, a failure named without a secret.
import { beforeEach, describe, expect, it, vi } from "vitest";

const provider = vi.fn();
const defaultProvider = vi.fn((_init: unknown) => provider);
vi.mock("@aws-sdk/credential-provider-node", () => ({ defaultProvider }));

const { credentialSource } = await import("../../loadtests/engine/auth/credentials.ts");

describe("credentialSource", () => {
  beforeEach(() => {
    provider.mockReset();
    defaultProvider.mockClear();
  });

  it("uses a target's fixed keys without the chain, never expiring", async () => {
    const fetch = credentialSource({
      region: "us-east-1",
      staticCredentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    expect(await fetch()).toEqual({
      value: { accessKeyId: "a", secretAccessKey: "b" },
      expiresAt: Number.POSITIVE_INFINITY,
    });
    expect(defaultProvider).not.toHaveBeenCalled();
  });

  it("asks the chain (with the profile), then forces a refresh, and keeps the expiration", async () => {
    const expiration = new Date(1_795_000_000_000);
    provider.mockResolvedValue({ accessKeyId: "ASIA1", secretAccessKey: "s", sessionToken: "t", expiration });
    const fetch = credentialSource({ region: "eu-west-1", profile: "ops" });
    expect(await fetch()).toEqual({
      value: { accessKeyId: "ASIA1", secretAccessKey: "s", sessionToken: "t" },
      expiresAt: 1_795_000_000_000,
    });
    await fetch();
    expect(defaultProvider).toHaveBeenCalledWith({ profile: "ops" });
    expect(provider.mock.calls).toEqual([[{}], [{ forceRefresh: true }]]);
  });

  it("a chain that finds nothing: an error naming the profile", async () => {
    provider.mockRejectedValue(new Error("Could not load credentials from any providers"));
    await expect(credentialSource({ region: "eu-west-1", profile: "ops" })()).rejects.toThrow(
      "sigv4: no AWS credentials from the default chain (profile ops): Could not load credentials from any providers",
    );
  });
});
