// The run directory of the previous version (test/fixtures/run-v1) is still read by `harness report` and `harness verify`.
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";

const runId = "20261130T141357Z-zwbdwqjc";
const fixture = join(import.meta.dirname, "..", "fixtures", "run-v1", runId);

function copyOfFixture(): { runsDir: string; dir: string } {
  const runsDir = mkdtempSync(join(tmpdir(), "harness-run-v1-"));
  const dir = join(runsDir, runId);
  cpSync(fixture, dir, { recursive: true });
  return { runsDir, dir };
}

/** What a schema or parse problem, or an internal error, would print. */
const parseProblem =
  /schemaVersion|expected \w+, got|not JSON|ArtifactInvalidError|ArtifactVersionError|internal error/i;

describe("a run directory of the previous version", () => {
  it("harness report rebuilds its report from disk (exit 0: its gates passed)", async () => {
    const { runsDir, dir } = copyOfFixture();
    const { code, stdout, stderr } = await runCli(["report", "--run", dir, "--runs-dir", runsDir], { cwd: runsDir });
    expect(`${stdout}${stderr}`).not.toMatch(parseProblem);
    expect(code).toBe(0);
    expect(existsSync(join(dir, "report.html"))).toBe(true);
    const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8"));
    expect(result).toMatchObject({ runId, status: "pass", valid: true, problems: [] });
  });

  it("harness verify reads it; its local endpoints are gone, so the verdict is unknown or the target unreachable", async () => {
    const { runsDir, dir } = copyOfFixture();
    const { code, stdout, stderr } = await runCli(
      ["verify", "--run", dir, "--runs-dir", runsDir, "--drain-timeout", "0"],
      { cwd: runsDir, timeoutMs: 120_000 },
    );
    expect(`${stdout}${stderr}`).not.toMatch(parseProblem);
    expect([2, 3]).toContain(code);
  }, 130_000);
});
