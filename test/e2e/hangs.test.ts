// A target that accepts connections and never answers: the run fails preflight within its bound and the process
// exits (#16 item 8: it hung after printing the error, so a nightly job never ended).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { silentServer } from "../support/silent-server.ts";

const silent = silentServer();
let cwd = "";

beforeAll(async () => {
  const endpoint = await silent.start();
  cwd = mkdtempSync(join(tmpdir(), "harness-silent-"));
  writeFileSync(
    join(cwd, "harness.config.ts"),
    `export default {
  targets: {
    silent: {
      kind: "aws", environment: "test", region: "us-east-1", maxRps: 50,
      endpoint: "${endpoint}",
      http: { url: "${endpoint}/orders" },
      queues: [{ name: "q", queueUrl: "${endpoint}/000000000000/q" }],
      sinks: [{ name: "s", table: "orders" }],
    },
  },
  scenarios: { s: { executor: "constant-arrival-rate", rate: 5, duration: "2s" } },
  preflight: { timeout: "3s" },
};
`,
  );
});
afterAll(() => silent.close());

describe("a target that never answers", () => {
  it("fails preflight with exit 3, naming each silent check, and the process ends", async () => {
    const started = Date.now();
    const run = await runCli(["run", "--target", "silent", "--scenario", "s"], {
      cwd,
      env: { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" },
      timeoutMs: 90_000,
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/HTTP endpoint http:\/\/127\.0\.0\.1:\d+\/orders: .*did not answer within 3000 ms/);
    expect(run.stderr).toMatch(/queue q: .*did not answer within 3000 ms/);
    expect(run.stderr).toMatch(/table orders: .*did not answer within 3000 ms/);
    // The checks run at once (the configured 3 s), then the process exits; before, it printed the error and never ended
    // (the helper kills it at 90 s, and the exit code is then null). The bound leaves a loaded machine its margin.
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
