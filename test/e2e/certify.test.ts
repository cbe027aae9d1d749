// `harness certify` runs the suite and writes one certificate; `harness run --compare latest-pass` compares with it.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Certificate } from "../../runner/certificate.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const config = `export default {
  targets: { local: { kind: "local" } },
  scenarios: { tiny: { executor: "constant-arrival-rate", rate: 30, duration: "3s" } },
  drain: { timeout: "60s", settle: "1s" },
  certify: { suite: [{ scenario: "tiny" }, { scenario: "tiny", rateMultiplier: 2 }] },
};
`;

describe("certification and baselines", () => {
  const { cwd } = useLocalStack("harness-cert", config);

  it("certify runs every suite entry and writes certificate.json with digests and an index", async () => {
    const result = await runCli(["certify", "--target", "local"], { cwd, timeoutMs: 180_000 });
    expect(result.code, result.stderr).toBe(0);
    const dir = join(cwd, "runs", "certificates");
    const [id] = readdirSync(dir);
    const cert = JSON.parse(readFileSync(join(dir, id ?? "", "certificate.json"), "utf8")) as Certificate;
    expect(cert).toMatchObject({
      verdict: "pass",
      target: "local",
      configDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(cert.scenarios.map((s) => [s.scenario, s.rateMultiplier, s.status, s.valid])).toEqual([
      ["tiny", 1, "pass", true],
      ["tiny", 2, "pass", true],
    ]);
    expect(new Set(cert.scenarios.map((s) => s.ledgerDigest)).size).toBe(2);
    expect(existsSync(join(dir, id ?? "", "index.html"))).toBe(true);
  });

  it("run --compare latest-pass compares with the newest passed run and writes compare.json", async () => {
    const result = await runCli(["run", "--scenario", "tiny", "--compare", "latest-pass"], { cwd, timeoutMs: 120_000 });
    expect([0, 1], result.stderr).toContain(result.code);
    expect(result.stderr).toMatch(/\[compare\] (ok|REGRESSION) clientP99Ms/);
    const compare = JSON.parse(readFileSync(join(cwd, "runs", "latest", "compare.json"), "utf8")) as {
      baseline: string;
    };
    expect(compare.baseline).toMatch(/^\d{8}T\d{6}Z-/);
  });

  it("certify without a suite in the config says how to write one, exit 4", async () => {
    const bare = mkdtempSync(join(tmpdir(), "harness-cert-bare-"));
    writeFileSync(join(bare, "harness.config.ts"), 'export default { targets: { local: { kind: "local" } } };\n');
    const result = await runCli(["certify"], { cwd: bare });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("certify.suite");
  });
});
