// `harness local up|status|fault|down` as a user runs them: ready in under 10 s, refuses a second up,
// cleans a stale state, and leaves no process of ours behind.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../bin/main.ts";
import { memoryOutput } from "../../common/output.ts";
import { projectRoot } from "../../common/project-root.ts";
import { stopAndWait } from "../../local/emulators/service.ts";
import { EmulatorStartError } from "../../local/errors.ts";
import { ensureLocalUp, readControl } from "../../local/index.ts";
import { startStack, stopStack } from "../../local/stack.ts";

import { isOurs, type LocalState, localPaths, readState } from "../../local/state.ts";
import { nodeBin } from "../support/cli.ts";
import { localTarget, tempCwd } from "./local-helpers.ts";

/** Processes whose process group is one of ours (each service leads its own group). */
function membersOfGroups(groups: readonly number[]): number[] {
  const wanted = new Set(groups);
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (wanted.has(pgid)) members.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

/** Processes whose command line mentions a path (the app processes name their app.json). */
function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(text)) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

describe("harness local lifecycle", () => {
  const cwd = tempCwd();
  const run = async (...args: string[]) => {
    const output = memoryOutput();
    const code = await main(["node", "harness", ...args], { cwd, env: {}, output });
    return { code, out: output.stdout.join("\n"), err: output.stderr.join("\n") };
  };
  const state = (): LocalState => {
    const s = readState(localPaths(cwd));
    if (s === undefined) throw new Error("no state");
    return s;
  };

  afterAll(async () => {
    await stopStack(cwd);
  });

  it("is ready in under 10 s and refuses to start twice", async () => {
    const started = performance.now();
    const up = await run("local", "up", "--fault", "consumerLatencyMs=5", "--bug", "doubleWrite=0");
    const wallMs = performance.now() - started;
    expect(up.code, up.err).toBe(0);
    expect(wallMs).toBeLessThan(10_000);
    expect(state().readyMs).toBeLessThan(10_000);
    expect(
      state()
        .services.map((s) => s.name)
        .sort(),
    ).toEqual(["api", "dynalite", "fauxqs", "lambda", "moto"]);

    const again = await run("local", "up");
    expect(again.code).toBe(4);
    expect(again.err).toContain("already up");
    expect(again.err).toContain("harness local down");
  });

  it("shows endpoints, controls and harmed IDs per bug mode in status --json", async () => {
    const status = await run("local", "status", "--json");
    expect(status.code, status.err).toBe(0);
    const json = JSON.parse(status.out);
    expect(json.up).toBe(true);
    expect(json.faults.consumerLatencyMs).toBe(5);
    expect(json.harmed).toEqual({
      silentDrop: [],
      ackBeforeWrite: [],
      doubleWrite: [],
      sagaSkipCompensation: [],
      asyncRetryDrop: [],
      skipRecord: [],
    });
    expect(json.target.http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/orders$/);
    expect(json.target.aws.endpoints.events).toBe(json.endpoints.events);
  });

  it("changes faults at run time and rejects unknown names with the known ones (exit 4)", async () => {
    const ok = await run("local", "fault", "consumerErrorRate=0.25");
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toBe("consumerErrorRate=0.25");
    const unknown = await run("local", "fault", "consumerErrorRat=1");
    expect(unknown.code).toBe(4);
    expect(unknown.err).toContain("consumerErrorRat is not a fault control or bug mode");
    expect(unknown.err).toContain("consumerErrorRate");
    const outOfRange = await run("local", "fault", "consumerErrorRate=2");
    expect(outOfRange.code).toBe(4);
  });

  it("detects a stale state when a process died, and `up` cleans it and starts afresh", async () => {
    const app = state().services.find((s) => s.name === "lambda");
    if (app === undefined) throw new Error("no app");
    await stopAndWait(app.pid);
    const status = await run("local", "status");
    expect(status.code).toBe(3);
    expect(status.err).toContain("stale");
    const old = state().services.map((s) => s.pid);

    const up = await run("local", "up");
    expect(up.code, up.err).toBe(0);
    expect(up.err).toContain("stale");
    expect(membersOfGroups(old)).toEqual([]);
  });

  it("`down` stops every process it started and removes the state", async () => {
    const services = state().services;
    expect(services.every(isOurs)).toBe(true);
    const down = await run("local", "down");
    expect(down.code).toBe(0);
    expect(services.filter(isOurs)).toEqual([]);
    expect(membersOfGroups(services.map((s) => s.pid))).toEqual([]);
    expect(readState(localPaths(cwd))).toBeUndefined();

    const status = await run("local", "status");
    expect(status.code).toBe(3);
    expect(status.err).toContain("harness local up");
  });
});

describe("ensureLocalUp (what `harness run --target local` calls)", () => {
  const cwd = tempCwd();
  const output = memoryOutput();

  afterAll(async () => {
    await stopStack(cwd);
  });

  it("starts a stack when none runs, reuses a live one, and only the starter stops it", async () => {
    const target = localTarget();
    const first = await ensureLocalUp({ cwd, output }, "local", target, { bugs: { silentDrop: 0.5 } });
    expect(first.startedByUs).toBe(true);
    const second = await ensureLocalUp({ cwd, output }, "local", target, { faults: { consumerLatencyMs: 7 } });
    expect(second.startedByUs).toBe(false);
    expect(second.target).toEqual(first.target);
    const control = await readControl(second.target.control?.url ?? "");
    expect(control.bugs.silentDrop).toBe(0.5);
    expect(control.faults.consumerLatencyMs).toBe(7);

    const pids = readState(localPaths(cwd))?.services.map((s) => s.pid) ?? [];
    await second.stop();
    expect(readState(localPaths(cwd))?.status).toBe("up");
    await first.stop();
    expect(readState(localPaths(cwd))).toBeUndefined();
    expect(membersOfGroups(pids)).toEqual([]);
  });
});

describe("a stack shared by runs (#16 item 10)", () => {
  it("stays up while another run holds it: the last to let go stops it, whichever started it", async () => {
    const cwd = tempCwd();
    const output = memoryOutput();
    try {
      const starter = await ensureLocalUp({ cwd, output }, "local", localTarget());
      const other = await ensureLocalUp({ cwd, output }, "local", localTarget());
      expect([starter.startedByUs, other.startedByUs]).toEqual([true, false]);
      const pids = readState(localPaths(cwd))?.services.map((s) => s.pid) ?? [];
      // The starter ends first: before, it stopped the stack under the other run.
      expect(await starter.stop()).toBe(false);
      expect(readState(localPaths(cwd))?.status).toBe("up");
      expect(await other.stop()).toBe(true);
      expect(readState(localPaths(cwd))).toBeUndefined();
      expect(membersOfGroups(pids)).toEqual([]);
    } finally {
      await stopStack(cwd);
    }
  });

  it("never stops a stack `harness local up` started", async () => {
    const cwd = tempCwd();
    try {
      await startStack(cwd, "local", localTarget());
      const run = await ensureLocalUp({ cwd, output: memoryOutput() }, "local", localTarget());
      expect(run.startedByUs).toBe(false);
      expect(await run.stop()).toBe(false);
      expect(readState(localPaths(cwd))?.status).toBe("up");
    } finally {
      await stopStack(cwd);
    }
  });

  it("a run that quits at once (a second Ctrl+C: process.exit) still stops the stack it alone held", async () => {
    const cwd = tempCwd();
    const script = [
      `import { ensureLocalUp } from ${JSON.stringify(join(projectRoot, "local", "index.ts"))};`,
      `const out = { out() {}, err() {}, interactive: false, color: false };`,
      `await ensureLocalUp({ cwd: ${JSON.stringify(cwd)}, output: out }, "local", ${JSON.stringify(localTarget())});`,
      "process.exit(99);",
    ].join("\n");
    const child = spawnSync(nodeBin, ["--input-type=module", "-e", script], { cwd, encoding: "utf8", timeout: 90_000 });
    expect(child.status, child.stderr).toBe(99);
    const leftovers = processesMentioning(cwd);
    try {
      expect(readState(localPaths(cwd))).toBeUndefined();
      // SIGTERM was sent at exit; give the services a moment to go.
      const deadline = Date.now() + 10_000;
      while (processesMentioning(cwd).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(processesMentioning(cwd)).toEqual([]);
    } finally {
      for (const pid of leftovers) await stopAndWait(pid);
    }
  });
});

describe("a failed `up`", () => {
  it("stops what it started, including the app processes waiting for their config, and leaves no state", async () => {
    const cwd = tempCwd();
    const saved = process.env.HARNESS_MOTO;
    process.env.HARNESS_MOTO = "/nonexistent/moto_server";
    try {
      await expect(startStack(cwd, "local", localTarget())).rejects.toBeInstanceOf(EmulatorStartError);
    } finally {
      if (saved === undefined) delete process.env.HARNESS_MOTO;
      else process.env.HARNESS_MOTO = saved;
    }
    expect(readState(localPaths(cwd))).toBeUndefined();
    expect(processesMentioning(cwd)).toEqual([]);
  });
});
