// `harness verify` run again on a finished run (#16 item 6): the previous verdict is kept in verify-history/, the
// report is rebuilt; with the target down it exits 3 and leaves the definitive verify.json as it was; a --ledgers
// folder that does not exist is refused (exit 4) before anything is written.
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Verdict } from "../../contracts/verdict.ts";
import type { RunResult } from "../../reports/index.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const config = `export default {
  targets: { local: { kind: "local" } },
  scenarios: { tiny: { executor: "constant-arrival-rate", rate: 40, duration: "1s" } },
  drain: { timeout: "60s", settle: "2s" },
};
`;

/** The same, with known loss allowed: a team accepting the loss of a lossy stage explicitly. */
const lossAllowed = config.replace("drain:", "gates: { maxLost: 1000 },\n  drain:");

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

describe("harness verify again on a finished run", () => {
  const { cwd } = useLocalStack("harness-reverify", config);

  it("a run whose ledger folder was emptied is unknown, each missing file named (#16 item 1; was exit 1, unexpected)", async () => {
    const run = await runCli(["run", "--target", "local", "--scenario", "tiny"], { cwd, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const runId = readlinkSync(join(cwd, "runs", "latest"));
    const ledgerDir = join(cwd, "runs", runId, "ledger");
    const files = readdirSync(ledgerDir).sort();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) rmSync(join(ledgerDir, file));
    const verify = await runCli(["verify", "--run", runId, "--drain-timeout", "0"], { cwd, timeoutMs: 120_000 });
    expect(verify.code, verify.stderr).toBe(2);
    const verdict = readJson<Verdict>(join(cwd, "runs", runId, "verify.json"));
    expect(verdict.valid).toBe("unknown");
    expect(verdict.reasons).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^ledger: ${files.join(", ").replaceAll(".", "\\.")} (is|are) missing \\(load-summary\\.json: ${files.length} worker`,
        ),
      ),
    );
  }, 200_000);

  it("exits as the gates say, like `harness run`: known loss allowed by maxLost passes (it exited 1 on valid false)", async () => {
    writeFileSync(join(cwd, "loss-allowed.config.ts"), lossAllowed);
    expect((await runCli(["local", "fault", "silentDrop=0.3"], { cwd })).code).toBe(0);
    try {
      const args = ["--config", "loss-allowed.config.ts"];
      const run = await runCli(["run", ...args, "--target", "local", "--scenario", "tiny"], {
        cwd,
        timeoutMs: 120_000,
      });
      const runId = readlinkSync(join(cwd, "runs", "latest"));
      const verdict = readJson<Verdict>(join(cwd, "runs", runId, "verify.json"));
      expect([verdict.valid, verdict.classes.lost.count > 0, run.code]).toEqual([false, true, 0]);
      const verify = await runCli(["verify", ...args, "--run", runId, "--drain-timeout", "0"], {
        cwd,
        timeoutMs: 120_000,
      });
      expect(verify.code, verify.stderr).toBe(0);
      expect(readJson<RunResult>(join(cwd, "runs", runId, "result.json")).status).toBe("pass");
    } finally {
      await runCli(["local", "fault", "silentDrop=0"], { cwd });
    }
  }, 200_000);

  it("keeps history, rebuilds the report, and with the target down exits 3 without touching verify.json", async () => {
    const run = await runCli(["run", "--target", "local", "--scenario", "tiny"], { cwd, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const runsDir = join(cwd, "runs");
    const runId = readlinkSync(join(runsDir, "latest"));
    const dir = join(runsDir, runId);
    const first = readFileSync(join(dir, "verify.json"), "utf8");
    const firstResult = readJson<RunResult>(join(dir, "result.json"));
    expect(readJson<Verdict>(join(dir, "verify.json")).valid).toBe(true);

    // Again, target up: a new latest verdict, the first one kept with its ID lists, the report rebuilt from it.
    const again = await runCli(["verify", "--run", runId, "--drain-timeout", "0"], { cwd, timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    const history = join(dir, "verify-history");
    const [kept] = readdirSync(history);
    expect(readdirSync(history)).toHaveLength(1);
    expect(readFileSync(join(history, kept as string, "verify.json"), "utf8")).toBe(first);
    expect(
      readFileSync(join(history, kept as string, "ids", "delivered.txt"), "utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(40);
    expect(again.stdout).toContain(`Previous verdict kept in ${join("runs", runId, "verify-history", kept as string)}`);
    expect(again.stdout).toContain("Report rebuilt:");
    const second = readFileSync(join(dir, "verify.json"), "utf8");
    expect(readJson<Verdict>(join(dir, "verify.json")).verifiedAt).not.toBe(
      readJson<Verdict>(join(history, kept as string, "verify.json")).verifiedAt,
    );
    expect(readJson<RunResult>(join(dir, "result.json")).generatedAt > firstResult.generatedAt).toBe(true);

    // Target down: exit 3, verify.json as it was, the unknown attempt in the history only, and said so.
    const down = await runCli(["local", "down"], { cwd });
    expect(down.code, down.stderr).toBe(0);
    const unreachable = await runCli(["verify", "--run", runId, "--drain-timeout", "0"], { cwd, timeoutMs: 120_000 });
    expect(unreachable.code, unreachable.stderr).toBe(3);
    expect(readFileSync(join(dir, "verify.json"), "utf8")).toBe(second);
    const attempts = readdirSync(history).sort();
    expect(attempts).toHaveLength(2);
    const attempt = readJson<Verdict>(join(history, attempts.find((a) => a !== kept) as string, "verify.json"));
    expect(attempt.valid).toBe("unknown");
    expect(attempt.reasons[0]).toMatch(/^target unreachable: No watched queue answers/);
    expect(unreachable.stdout).toContain("Kept: verify.json (valid true");

    // A ledger folder that does not exist: refused before anything is read or written.
    const missing = await runCli(["verify", "--run", runId, "--ledgers", "/nonexistent/dir"], { cwd });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain("--ledgers /nonexistent/dir: no such folder");
    expect(readFileSync(join(dir, "verify.json"), "utf8")).toBe(second);
    expect(readdirSync(history)).toHaveLength(2);
    expect(existsSync(join(dir, "report.html"))).toBe(true);
  }, 300_000);
});
