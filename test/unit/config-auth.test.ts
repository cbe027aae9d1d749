// http.auth in the config: an unknown type names the allowed ones, a missing token module and unset environment
// variables are config errors (exit 4) before anything starts.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors.ts";
import { validateConfig } from "../../config/validate.ts";
import type { Plan } from "../../runner/plan.ts";
import { withReadyAuth } from "../../runner/plan-auth.ts";

function problems(input: unknown, file = "harness.config.ts"): Array<{ path: string; message: string }> {
  try {
    validateConfig(input, file);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

const target = (auth: unknown) => ({
  kind: "aws",
  environment: "staging",
  region: "eu-west-1",
  maxRps: 1000,
  http: { url: "https://abc.execute-api.eu-west-1.amazonaws.com/prod/orders", auth },
  sinks: [{ name: "orders", table: "orders" }],
});

describe("http.auth in the config", () => {
  it("names the allowed types for an unknown one", () => {
    expect(problems({ targets: { api: target({ type: "kerberos" }) } })).toEqual([
      { path: "targets.api.http.auth.type", message: 'must be one of "sigv4", "token", "oauth2-client-credentials"' },
    ]);
  });

  it("accepts each type and fills sigv4's service", () => {
    const config = validateConfig({
      targets: {
        a: target({ type: "sigv4" }),
        c: target({
          type: "oauth2-client-credentials",
          tokenUrl: "https://auth.example.test/oauth2/token",
          clientIdEnv: "CLIENT_ID",
          clientSecretEnv: "CLIENT_SECRET",
          scope: "orders/write",
        }),
      },
    });
    const a = config.targets.a;
    expect(a?.kind === "aws" ? a.http?.auth : undefined).toEqual({ type: "sigv4", service: "execute-api" });
  });

  it("refuses a secret written into the config and an env name that is no name", () => {
    expect(
      problems({
        targets: {
          api: target({
            type: "oauth2-client-credentials",
            tokenUrl: "https://auth.example.test/oauth2/token",
            clientIdEnv: "CLIENT_ID",
            clientSecretEnv: "s3cr3t value",
            clientSecret: "s3cr3t",
          }),
        },
      }),
    ).toEqual([
      { path: "targets.api.http.auth.clientSecretEnv", message: "must be an environment variable name" },
      { path: "targets.api.http.auth.clientSecret", message: "is not a known key" },
    ]);
  });

  it("names a token module that is not there, relative to the config file", () => {
    const dir = mkdtempSync(join(tmpdir(), "auth-config-"));
    writeFileSync(join(dir, "token.ts"), "export default () => ({ headers: {} });\n");
    const file = join(dir, "harness.config.ts");
    expect(problems({ targets: { ok: target({ type: "token", module: "./token.ts" }) } }, file)).toEqual([]);
    expect(problems({ targets: { api: target({ type: "token", module: "./gone.ts" }) } }, file)).toEqual([
      {
        path: "targets.api.http.auth.module",
        message: `no such file: ${join(dir, "gone.ts")} (relative to the config file)`,
      },
    ]);
  });

  it("local gateway auth: none by default, sigv4 or jwt, nothing else", () => {
    const config = validateConfig({
      targets: { local: { kind: "local", gateway: { auth: "jwt", tokenTtlSeconds: 5 } } },
    });
    const local = config.targets.local;
    expect(local?.kind === "local" ? local.gateway : undefined).toEqual({
      rate: 2000,
      burst: 500,
      auth: "jwt",
      tokenTtlSeconds: 5,
    });
    expect(problems({ targets: { local: { kind: "local", gateway: { auth: "basic" } } } })).toEqual([
      { path: "targets.local.gateway.auth", message: expect.stringContaining('"none"|"sigv4"|"jwt"') },
    ]);
  });
});

describe("withReadyAuth", () => {
  const plan = (auth: unknown): Plan =>
    ({ targetName: "api", target: validateConfig({ targets: { api: target(auth) } }).targets.api }) as Plan;
  const oauth = {
    type: "oauth2-client-credentials",
    tokenUrl: "https://auth.example.test/oauth2/token",
    clientIdEnv: "ORDERS_CLIENT_ID",
    clientSecretEnv: "ORDERS_CLIENT_SECRET",
  };

  it("names each environment variable that is not set (exit 4)", () => {
    let error: unknown;
    try {
      withReadyAuth(plan(oauth), "harness.config.ts", "/", { ORDERS_CLIENT_ID: "id", ORDERS_CLIENT_SECRET: "" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(4);
    expect((error as ConfigError).problems).toEqual([
      {
        path: "targets.api.http.auth.clientSecretEnv",
        message:
          "names the environment variable ORDERS_CLIENT_SECRET, which is not set: export it before the run (the secret is read from the environment only)",
      },
    ]);
  });

  it("makes a token module's path absolute from the config file's folder", () => {
    const ready = withReadyAuth(plan({ type: "token", module: "./auth/token.ts" }), "/repo/harness.config.ts", "/", {});
    expect(ready.target.kind === "aws" ? ready.target.http?.auth : undefined).toEqual({
      type: "token",
      module: "/repo/auth/token.ts",
    });
  });
});
