// http.tls and the proxy variables: cert without key, a PEM given twice, tls on an http URL, a missing PEM file, an
// unset PEM variable and an unparsable proxy URL are config errors (exit 4) before anything starts; plan.json gets
// paths and variable names only.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors.ts";
import { validateConfig } from "../../config/validate.ts";
import type { Plan } from "../../runner/plan.ts";
import { withReadyTls } from "../../runner/plan-tls.ts";

function problems(input: unknown, file = "harness.config.ts"): Array<{ path: string; message: string }> {
  try {
    validateConfig(input, file);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

const target = (tls: unknown, url = "https://api.example.test/orders") => ({
  kind: "aws",
  environment: "staging",
  region: "eu-west-1",
  maxRps: 1000,
  http: { url, tls },
  sinks: [{ name: "orders", table: "orders" }],
});

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("no ConfigError");
}

describe("http.tls in the config", () => {
  it("a client certificate without its key, and a PEM given both as a file and a variable", () => {
    const found = problems({ targets: { api: target({ cert: "client.pem", caEnv: "CA", ca: "ca.pem" }) } });
    expect(found.filter((p) => !p.message.startsWith("no such file"))).toEqual([
      { path: "targets.api.http.tls.ca", message: "give ca (a file) or caEnv, not both" },
      {
        path: "targets.api.http.tls.key",
        message: "a client certificate needs its private key: add key (a PEM file) or keyEnv",
      },
    ]);
  });

  it("tls on an http URL is refused", () => {
    expect(problems({ targets: { api: target({ caEnv: "CA" }, "http://api.example.test/orders") } })).toEqual([
      { path: "targets.api.http.tls", message: "applies to an https URL only: remove tls or use https://" },
    ]);
  });

  it("a PEM file that does not exist, relative to the config file", () => {
    const dir = mkdtempSync(join(tmpdir(), "harness-tls-config-"));
    writeFileSync(join(dir, "ca.pem"), "");
    const file = join(dir, "harness.config.ts");
    expect(problems({ targets: { api: target({ ca: "ca.pem", cert: "client.pem", keyEnv: "KEY" }) } }, file)).toEqual([
      {
        path: "targets.api.http.tls.cert",
        message: `no such file: ${join(dir, "client.pem")} (relative to the config file)`,
      },
    ]);
  });
});

describe("withReadyTls", () => {
  const plan = (tls: unknown, flow?: string): Plan =>
    ({
      targetName: "api",
      target: validateConfig({ targets: { api: target(tls) } }).targets.api,
      scenarioName: "orders",
      scenario: flow === undefined ? {} : { flow },
    }) as Plan;

  it("makes PEM paths absolute, keeps variable names: no PEM in the plan", () => {
    const dir = mkdtempSync(join(tmpdir(), "harness-tls-plan-"));
    writeFileSync(join(dir, "ca.pem"), "-----BEGIN CERTIFICATE-----");
    const ready = withReadyTls(plan({ ca: "ca.pem", certEnv: "CERT", keyEnv: "KEY" }), join(dir, "h.config.ts"), "/", {
      CERT: "-----BEGIN CERTIFICATE-----",
      KEY: "-----BEGIN PRIVATE KEY-----",
    });
    const tls = ready.target.kind === "aws" ? ready.target.http?.tls : undefined;
    expect(tls).toEqual({ ca: join(dir, "ca.pem"), certEnv: "CERT", keyEnv: "KEY", rejectUnauthorized: true });
    expect(JSON.stringify(ready)).not.toContain("BEGIN");
  });

  it("names a missing file and an unset variable (exit 4)", () => {
    const error = thrown(() =>
      withReadyTls(plan({ ca: "missing.pem", certEnv: "CERT", key: "k.pem" }), undefined, "/nowhere", { CERT: "" }),
    );
    expect(error.exitCode).toBe(4);
    expect(error.problems).toEqual([
      { path: "targets.api.http.tls.ca", message: "no such file: /nowhere/missing.pem (relative to the config file)" },
      {
        path: "targets.api.http.tls.certEnv",
        message: "names the environment variable CERT, which is not set: export it (a PEM) before the run",
      },
      { path: "targets.api.http.tls.key", message: "no such file: /nowhere/k.pem (relative to the config file)" },
    ]);
  });

  it("an unparsable or non-http proxy URL (exit 4)", () => {
    const noTls = plan(undefined);
    expect(thrown(() => withReadyTls(noTls, undefined, "/", { HTTPS_PROXY: "http://[bad" })).problems).toEqual([
      { path: "environment HTTPS_PROXY", message: "HTTPS_PROXY is not a URL: set it to http://host:port" },
    ]);
    expect(thrown(() => withReadyTls(noTls, undefined, "/", { https_proxy: "socks5://proxy:1080" })).problems).toEqual([
      {
        path: "environment HTTPS_PROXY",
        message: "HTTPS_PROXY uses socks5:// : only an http:// proxy is supported (http://host:port)",
      },
    ]);
    expect(withReadyTls(noTls, undefined, "/", { HTTPS_PROXY: "proxy.corp:3128" })).toBe(noTls);
  });

  it("a flow behind a proxy is accepted (its client goes through the proxy too)", () => {
    const flow = plan(undefined, "/repo/flows/order.ts");
    expect(withReadyTls(flow, undefined, "/", { HTTPS_PROXY: "http://proxy.corp:3128" })).toBe(flow);
  });
});
