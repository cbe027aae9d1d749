// `harness export k8s` as a user runs it: an AWS target's segmented run as an Indexed Job with a deadline, and a local
// target refused (pods in a cluster cannot reach it).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";

const config = `export default {
  targets: {
    local: { kind: "local" },
    "prod-like": {
      kind: "aws", environment: "staging", region: "eu-west-1", maxRps: 5000,
      http: { url: "https://api.example.test/orders" },
      sinks: [{ name: "orders", table: "orders" }],
    },
  },
  scenarios: { steady: { executor: "constant-arrival-rate", rate: 100, duration: "2m", gracefulStop: "30s" } },
};
`;

describe("harness export k8s", () => {
  const cwd = mkdtempSync(join(tmpdir(), "harness-export-"));
  writeFileSync(join(cwd, "harness.config.ts"), config);

  it("writes an Indexed Job whose deadline is the load and its graceful stop plus a margin", async () => {
    const run = await runCli(["export", "k8s", "--target", "prod-like", "--scenario", "steady", "--instances", "4"], {
      cwd,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ {2}activeDeadlineSeconds: 750$/m);
    expect(run.stdout).toMatch(/^ {2}ttlSecondsAfterFinished: 86400$/m);
    expect(run.stdout).toContain("--segment $((JOB_COMPLETION_INDEX + 1))/4");
    const at = await runCli(
      ["export", "k8s", "--target", "prod-like", "--scenario", "steady", "--instances", "4"].concat([
        "--start-at",
        "2026-12-01T03:00:00+01:00",
      ]),
      { cwd },
    );
    expect(at.code, at.stderr).toBe(0);
    expect(at.stdout).toContain("--load-only --runs-dir /ledgers --start-at 2026-12-01T02:00:00.000Z");
  });

  it("emits the verify Job after the load Job, both on the image given, for one kubectl apply", async () => {
    const image = "registry.example/harness:0.1.0";
    const run = await runCli(
      ["export", "k8s", "--target", "prod-like", "--scenario", "steady", "--instances", "4"].concat([
        "--image",
        image,
        "--run-id",
        "20261201T020000Z-abcdefgh",
      ]),
      { cwd },
    );
    expect(run.code, run.stderr).toBe(0);
    const documents = run.stdout.split(/^---$/m);
    expect(documents).toHaveLength(2);
    const [load = "", verify = ""] = documents;
    expect(load).toMatch(/^ {2}name: "harness-steady-20261201t020000z-abcdefgh"$/m);
    expect(load).toContain("--load-only --runs-dir /ledgers");
    expect(verify).toMatch(/^ {2}name: "harness-steady-20261201t020000z-abcdefgh-verify"$/m);
    expect(verify).toContain("load-summary.s*of4.json");
    expect(verify).toContain("npx harness verify --run 20261201T020000Z-abcdefgh --runs-dir /ledgers");
    // Wait for the load's deadline at most (750 s), then the drain timeout (120 s default) and a margin.
    expect(verify).toMatch(/^ {2}activeDeadlineSeconds: 1470$/m);
    expect(run.stdout.match(/^ {10}image: "registry\.example\/harness:0\.1\.0"$/gm)).toHaveLength(3);
    expect(run.stdout).toContain(
      "kubectl wait --for=condition=complete job/harness-steady-20261201t020000z-abcdefgh-verify --timeout=1470s",
    );
  });

  it("refuses the local target (exit 4): pods cannot reach it", async () => {
    const run = await runCli(["export", "k8s", "--target", "local", "--scenario", "steady", "--instances", "2"], {
      cwd,
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('Target "local" is the embedded local target');
    expect(run.stdout).toBe("");
  });
});
