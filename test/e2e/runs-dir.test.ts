// A runs folder that cannot be made or written: exit 4 before any request, naming the folder and the OS error
// (#16 item 12: it was exit 255 "a bug in harness", and under /proc the process spun at full CPU, deaf to SIGINT).
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";

let requests = 0;
const target: Server = createServer((req, res) => {
  requests++;
  req.resume();
  res.end("{}");
});
let cwd = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  const port = (target.address() as AddressInfo).port;
  cwd = mkdtempSync(join(tmpdir(), "harness-runs-dir-"));
  writeFileSync(join(cwd, "file.txt"), "not a folder\n");
  writeFileSync(
    join(cwd, "harness.config.ts"),
    `export default {
  targets: {
    fake: {
      kind: "aws", environment: "test", region: "us-east-1", maxRps: 50,
      endpoint: "http://127.0.0.1:${port}",
      http: { url: "http://127.0.0.1:${port}/orders" },
      sinks: [{ name: "s", table: "orders" }],
    },
  },
  scenarios: { s: { executor: "constant-arrival-rate", rate: 5, duration: "1s" } },
};
`,
  );
});
afterAll(async () => {
  await new Promise<void>((resolve) => target.close(() => resolve()));
});

const env = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" };

describe("a runs folder that cannot be used", () => {
  it("under a file: exit 4 before any request, naming the folder and ENOTDIR", async () => {
    const runsDir = join(cwd, "file.txt", "runs");
    const run = await runCli(["run", "--target", "fake", "--scenario", "s", "--runs-dir", runsDir], {
      cwd,
      env,
      timeoutMs: 60_000,
    });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(runsDir);
    expect(run.stderr).toContain("ENOTDIR");
    expect(run.stderr).toMatch(/hint: .*--runs-dir/);
    expect(run.stderr).not.toContain("bug in harness");
    expect(requests).toBe(0);
  });

  it("under /proc: exit 4 within a bound (no spin), naming the folder and ENOENT", async () => {
    const started = Date.now();
    const run = await runCli(["run", "--target", "fake", "--scenario", "s", "--runs-dir", "/proc/harness-runs"], {
      cwd,
      env,
      timeoutMs: 60_000,
    });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain("/proc/harness-runs");
    expect(run.stderr).toContain("ENOENT");
    expect(Date.now() - started).toBeLessThan(55_000);
    expect(requests).toBe(0);
    expect(existsSync("/proc/harness-runs")).toBe(false);
  });
});
