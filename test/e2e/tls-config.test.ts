// http.tls and the proxy variables as a user meets them through the CLI: a PEM file that is not there, a client
// certificate without its key, an unparsable proxy URL: exit 4 before anything starts, the path and the fix named,
// no run directory.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";

const config = (http: string) => `export default {
  targets: {
    api: {
      kind: "aws", environment: "test", region: "eu-west-1", maxRps: 100,
      http: ${http},
      sinks: [{ name: "orders", table: "orders" }],
    },
  },
};
`;

async function runWith(http: string, env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), "harness-e2e-tls-config-"));
  writeFileSync(join(cwd, "harness.config.ts"), config(http));
  const run = await runCli(["run", "--target", "api", "--scenario", "smoke"], { cwd, env });
  return { run, cwd };
}

describe("bad TLS or proxy settings, refused before anything starts", () => {
  it("a CA file that is not there and a certificate without its key: exit 4, both named, no run directory", async () => {
    const { run, cwd } = await runWith(
      '{ url: "https://127.0.0.1:9/orders", tls: { ca: "./certs/ca.pem", cert: "./c.pem" } }',
    );
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(`targets.api.http.tls.ca: no such file: ${join(cwd, "certs", "ca.pem")}`);
    expect(run.stderr).toContain(
      "targets.api.http.tls.key: a client certificate needs its private key: add key (a PEM file) or keyEnv",
    );
    expect(existsSync(join(cwd, "runs"))).toBe(false);
  });

  it("an HTTPS_PROXY that is not an http:// URL: exit 4, the variable and the fix named", async () => {
    const { run, cwd } = await runWith('{ url: "https://api.example.test/orders" }', { HTTPS_PROXY: "http://[oops" });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain("HTTPS_PROXY is not a URL: set it to http://host:port");
    expect(existsSync(join(cwd, "runs"))).toBe(false);
  });
});
