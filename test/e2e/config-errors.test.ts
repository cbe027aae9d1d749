// A config file with a syntax error: the CLI names the file, the line and the place, as Node prints it, and exits 4
// (#16 item 11: only the message was shown, without file:line).
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";

describe("a config file that does not parse", () => {
  it.each([
    ["harness.config.ts", 'export default {\n  targets: { local: { kind: "local" } ,\n  scenarios: {}\n};\n', 4],
    ["harness.config.mjs", 'export default {\n  targets: { local: { kind: "local" } },\n  x: (\n};\n', 4],
  ])("%s: exit 4, naming the file, the line and the place", async (name, text, line) => {
    const cwd = mkdtempSync(join(tmpdir(), "harness-config-"));
    writeFileSync(join(cwd, name), text);
    const run = await runCli(["run", "--target", "local"], { cwd });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(`${join(cwd, name)}:${line}`);
    expect(run.stderr).toMatch(/\n\s*\^\n/);
  });
});

describe("a config the engine could not run", () => {
  it("exits 4 before a run directory, naming every problem with its path (#16 item 11)", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "harness-config-"));
    writeFileSync(
      join(cwd, "harness.config.ts"),
      `export default {
  targets: { local: { kind: "local" } },
  defaultScenario: "nightly",
  scenarios: {
    bad: {
      executor: "constant-arrival-rate", rate: 5, duration: "5s",
      thresholds: { http_reqs: ["count>1"] },
    },
    empty: { executor: "constant-arrival-rate", rate: 5, duration: "0s" },
  },
  drain: { timeout: "forever" },
};
`,
    );
    const run = await runCli(["run", "--target", "local", "--scenario", "bad"], { cwd });
    expect(run.code, run.stderr).toBe(4);
    for (const path of [
      "scenarios.bad.thresholds.http_reqs[0]",
      "scenarios.empty.duration",
      "drain.timeout",
      "defaultScenario",
    ])
      expect(run.stderr).toContain(path);
    expect(run.stderr).not.toMatch(/engine crashed|internal error/);
    expect(existsSync(join(cwd, "runs"))).toBe(false);
  });
});
