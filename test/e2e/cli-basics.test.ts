// The CLI as a user meets it first: help with exit codes, doctor, and config mistakes that exit 4.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";

function folderWithConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "harness-cli-"));
  writeFileSync(join(dir, "harness.config.ts"), text);
  return dir;
}

describe("harness CLI basics", () => {
  it("--help lists every command and the exit codes", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const command of ["run", "verify", "report", "certify", "local", "export", "setup", "doctor"]) {
      expect(stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    for (const line of [
      "0  all gates passed",
      "1  a gate failed",
      "2  verdict unknown",
      "3  target or infrastructure unreachable",
      "4  invalid config or usage",
      "99  load thresholds failed",
      "255  internal error",
    ]) {
      expect(stdout).toContain(line);
    }
  });

  it("each command has help with examples", async () => {
    const { code, stdout } = await runCli(["run", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Examples:");
    expect(stdout).toContain("--confirm-production");
  });

  it("doctor exits 0 on this machine and shows Node 24 and the emulator versions", async () => {
    const { code, stdout } = await runCli(["doctor"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^node +24\.\d+\.\d+ +ok/m);
    expect(stdout).toMatch(/^fauxqs +2\.4\.1 +ok/m);
    expect(stdout).toMatch(/^dynalite +4\.0\.0 +ok/m);
    expect(stdout).toMatch(/^moto +\d+\.\d+\.\d+ +ok/m);
  });

  it("doctor --target checks what that target needs, and exits 4 for a target the config lacks", async () => {
    const local = await runCli(["doctor", "--target", "local"]);
    expect(local.code, local.stdout).toBe(0);
    expect(local.stdout).toMatch(/^moto +\d+\.\d+\.\d+ +ok/m);
    expect(local.stdout).toContain('Ready: target "local" can run.');
    const nope = await runCli(["doctor", "--target", "nope"]);
    expect(nope.code).toBe(4);
    expect(nope.stderr).toContain('Unknown target "nope"');
  });

  it("run --target nope exits 4 naming the target and the known ones", async () => {
    const { code, stderr } = await runCli(["run", "--target", "nope"]);
    expect(code).toBe(4);
    expect(stderr).toContain('Unknown target "nope". Known targets: local.');
  });

  it("a config with three mistakes names all three paths in one go and exits 4", async () => {
    const cwd = folderWithConfig(`export default {
  targets: {
    local: { kind: "local", maxRps: -5 },
    "prod-like": { kind: "aws", environment: "staging", region: "eu-west-1", maxRps: 10,
      sinks: [{ name: "s", table: "orders" }], dlqs: [{ name: "d", queueUrl: "nope" }] },
  },
  scenarios: { s: { executor: "constant-arrival-rate", rate: 1, duration: "forever" } },
};
`);
    const { code, stderr } = await runCli(["run"], { cwd });
    expect(code).toBe(4);
    expect(stderr).toContain("has 3 problems:");
    expect(stderr).toContain("targets.local.maxRps:");
    expect(stderr).toContain("targets.prod-like.dlqs[0].queueUrl: must be an SQS queue URL");
    expect(stderr).toContain("scenarios.s.duration:");
  });

  it("a config that does not load exits 4 and says why", async () => {
    const cwd = folderWithConfig("export default {{ broken");
    const { code, stderr } = await runCli(["run"], { cwd });
    expect(code).toBe(4);
    expect(stderr).toMatch(/Could not load .*harness\.config\.ts/);
  });

  it("an unknown command or flag is a usage error: exit 4", async () => {
    expect((await runCli(["launch"])).code).toBe(4);
    expect((await runCli(["run", "--rocket"])).code).toBe(4);
  });

  it("a production target is refused without --confirm-production, before any request", async () => {
    const cwd =
      folderWithConfig(`export default { targets: { prod: { kind: "aws", environment: "production", region: "us-east-1", maxRps: 100,
      http: { url: "http://127.0.0.1:9/orders" }, sinks: [{ name: "s", table: "orders" }] } } };
`);
    const { code, stderr } = await runCli(["run", "--target", "prod", "--scenario", "smoke"], { cwd });
    expect(code).toBe(4);
    expect(stderr).toContain("environment: production");
    expect(stderr).toContain("--confirm-production");
  });
});
