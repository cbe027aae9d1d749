// `harness run` end to end against the embedded local target, as a user runs it: proofs, bugs caught, chaos, rails, SIGINT, secrets.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import { RunDir } from "../../contracts/run-dir.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import type { RunResult } from "../../reports/index.ts";
import { harnessBin, nodeBin, runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const config = (guardedPort: number) => `export default {
  runsDir: "runs",
  targets: {
    local: {
      kind: "local",
      maxRps: 2000,
      gateway: { rate: 2000, burst: 500 },
      consumers: { batchSize: 10, maxConcurrency: 4, visibilityTimeoutSeconds: 2 },
      maxReceiveCount: 2,
    },
    guarded: {
      kind: "aws", environment: "staging", region: "us-east-1", maxRps: 50,
      endpoint: "http://127.0.0.1:${guardedPort}",
      http: { url: "http://127.0.0.1:${guardedPort}/orders" },
      sinks: [{ name: "s", table: "orders" }],
    },
  },
  scenarios: {
    "mini-spike": {
      executor: "ramping-arrival-rate", startRate: 20, maxInFlight: 2000,
      stages: [{ duration: "2s", target: 20 }, { duration: "1s", target: 250 }, { duration: "2s", target: 250 },
               { duration: "1s", target: 20 }, { duration: "1s", target: 20 }],
    },
    "chaos-errors": {
      executor: "constant-arrival-rate", rate: 40, duration: "10s",
      chaos: [{ at: "3s", duration: "3s", action: "fault", params: { consumerErrorRate: 1 } }],
    },
    steady: { executor: "constant-arrival-rate", rate: 40, duration: "60s" },
  },
  drain: { timeout: "60s", settle: "2s" },
  gates: { maxLost: 0 },
};
`;

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("harness run against the local target", () => {
  let guardedRequests = 0;
  let guardedPort = 0;
  const guarded: Server = createServer((req, res) => {
    guardedRequests++;
    req.resume();
    res.end("{}");
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => guarded.listen(0, "127.0.0.1", resolve));
    const address = guarded.address();
    guardedPort = typeof address === "object" && address !== null ? address.port : 0;
  });
  afterAll(() => {
    guarded.close();
  });
  const { cwd } = useLocalStack("harness-e2e", () => config(guardedPort));

  async function harmed(): Promise<Record<string, string[]>> {
    const status = await runCli(["local", "status", "--json"], { cwd });
    return (JSON.parse(status.stdout) as { harmed: Record<string, string[]> }).harmed;
  }

  it("a clean spike exits 0 with proven zero loss, and no artifact holds the AWS secret key from the environment", async () => {
    const secret = `e2eSecret${Math.random().toString(36).slice(2)}XYZ`;
    const run = await runCli(["run", "--target", "local", "--scenario", "mini-spike"], {
      cwd,
      env: {
        AWS_ACCESS_KEY_ID: "AKIAE2ETESTKEY000000",
        AWS_SECRET_ACCESS_KEY: secret,
        AWS_SESSION_TOKEN: `${secret}token`,
      },
      timeoutMs: 180_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const verdict = readJson<Verdict>(join(cwd, "runs", "latest", "verify.json"));
    const summary = readJson<LoadSummary>(join(cwd, "runs", "latest", "load-summary.json"));
    expect(verdict.valid).toBe(true);
    expect(verdict.classes.lost.count).toBe(0);
    expect(verdict.classes.delivered.count).toBe(summary.acc);
    expect(summary.acc).toBeGreaterThan(500);
    const leaks = [...filesUnder(join(cwd, "runs")), ...filesUnder(join(cwd, ".harness"))].filter((file) =>
      readFileSync(file, "latin1").includes(secret),
    );
    expect(leaks).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it("the same spike with the silent-drop bug exits 1 and the report lists exactly the dropped IDs", async () => {
    expect((await runCli(["local", "fault", "silentDrop=0.02"], { cwd })).code).toBe(0);
    try {
      const run = await runCli(["run", "--target", "local", "--scenario", "mini-spike"], { cwd, timeoutMs: 180_000 });
      expect(run.code, run.stderr).toBe(1);
      const dropped = (await harmed()).silentDrop ?? [];
      expect(dropped.length).toBeGreaterThan(0);
      const dir = join(cwd, "runs", "latest");
      const verdict = readJson<Verdict>(join(dir, "verify.json"));
      expect(verdict.valid).toBe(false);
      const runId = verdict.runId;
      const droppedHere = dropped.filter((id) => id.startsWith(runId)).sort();
      const lostFile = verdict.classes.lost.file;
      expect(lostFile).toBeDefined();
      const lost = readFileSync(join(dir, lostFile ?? ""), "utf8")
        .trim()
        .split("\n")
        .sort();
      expect(lost).toEqual(droppedHere);
      // The report shows the verdict's sample of the lost IDs (the first 20 in ID order, not in text order: comparing
      // with the text-sorted list failed whenever more than 20 were dropped).
      const html = readFileSync(join(dir, "report.html"), "utf8");
      const sample = verdict.classes.lost.sample;
      expect(sample).toHaveLength(Math.min(20, droppedHere.length));
      for (const id of sample) {
        expect(droppedHere).toContain(id);
        expect(html).toContain(id);
      }
    } finally {
      await runCli(["local", "fault", "silentDrop=0"], { cwd });
    }
  });

  it("a consumer-error chaos window dead-letters messages sent inside it, and a finding says so", async () => {
    const run = await runCli(["run", "--target", "local", "--scenario", "chaos-errors"], { cwd, timeoutMs: 180_000 });
    expect([0, 1], run.stderr).toContain(run.code);
    const dir = join(cwd, "runs", "latest");
    const verdict = readJson<Verdict>(join(dir, "verify.json"));
    const windows = RunDir.at(dir).readChaos();
    expect(windows).toHaveLength(1);
    expect(verdict.classes.lost.count).toBe(0);
    expect(verdict.classes.deadLettered.count).toBeGreaterThan(0);
    const [window] = windows;
    // Planned at 3 s for 3 s, counted from the load's time 0. A timer never fires early, so the lower bounds are
    // exact; a loaded machine may fire it late and the control call may be slow, so the upper bounds have margin.
    const { startedAt } = readJson<LoadSummary>(join(dir, "load-summary.json"));
    const start = (window?.start ?? 0) - startedAt;
    const end = (window?.end ?? 0) - startedAt;
    expect(start).toBeGreaterThanOrEqual(2_990);
    expect(start).toBeLessThan(3_000 + 2_500);
    expect(end).toBeGreaterThanOrEqual(5_990);
    expect(end).toBeLessThan(6_000 + 2_500);
    const startS = Math.floor((window?.start ?? 0) / 1000);
    const endS = Math.ceil((window?.end ?? 0) / 1000);
    // Messages fail inside the window; one visibility timeout (2 s) before it they may already be queued.
    for (const [second, count] of verdict.bySecond.deadLettered ?? []) {
      expect(count).toBeGreaterThan(0);
      expect(second).toBeGreaterThanOrEqual(startS - 3);
      expect(second).toBeLessThanOrEqual(endS);
    }
    const result = readJson<RunResult>(join(dir, "result.json"));
    const chaos = result.findings.find((f) => f.kind === "chaos");
    expect(chaos?.summary).toMatch(/dead-lettered/);
    expect(chaos && "inside" in chaos ? chaos.inside.deadLettered : 0).toBe(verdict.classes.deadLettered.count);
  });

  it("a scenario over the target's maxRps is refused before any request", async () => {
    guardedRequests = 0;
    const run = await runCli(["run", "--target", "guarded", "--scenario", "mini-spike"], { cwd });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/peaks at 250 requests\/s, above target "guarded"'s maxRps of 50/);
    expect(guardedRequests).toBe(0);
  });

  it("SIGINT mid-load stops arrivals and still drains, verifies and writes a partial report", async () => {
    const child = spawn(nodeBin, [harnessBin, "run", "--target", "local", "--scenario", "steady"], {
      cwd,
      env: { ...process.env, CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let scheduled = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!scheduled && stderr.includes("[load] started")) {
        scheduled = true;
        setTimeout(() => child.kill("SIGINT"), 2_000);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(code, stderr).toBe(99);
    const dir = join(cwd, "runs", "latest");
    const summary = readJson<LoadSummary>(join(dir, "load-summary.json"));
    expect(summary.interrupted).toBe(true);
    expect(summary.sent).toBeLessThan(40 * 30);
    const verdict = readJson<Verdict>(join(dir, "verify.json"));
    expect(verdict.classes.lost.count).toBe(0);
    expect(verdict.classes.delivered.count).toBe(summary.acc);
    expect(readJson<RunResult>(join(dir, "result.json")).load?.interrupted).toBe(true);
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toMatch(/interrupt|partial/i);
  });
});
