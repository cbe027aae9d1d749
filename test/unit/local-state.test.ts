// The state file: a stack is up only while every process it names is still the one it started.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localTargetSchema } from "../../config/schema-target.ts";
import { type LocalState, liveness, localPaths, processStartTicks, readState, writeState } from "../../local/state.ts";

const deadPid = 2 ** 22 + 1; // above Linux's pid_max: never a live process

function state(over: Partial<LocalState>): LocalState {
  return {
    schemaVersion: 1,
    status: "up",
    ownerPid: process.pid,
    startedAt: "now",
    targetName: "local",
    target: localTargetSchema.parse({ kind: "local" }),
    region: "us-east-1",
    services: [],
    ...over,
  };
}

const me = { name: "me", pid: process.pid, startTicks: processStartTicks(process.pid), endpoint: "", logFile: "" };

describe("liveness", () => {
  it("is up while every service is its original process", () => {
    expect(liveness(state({ services: [me] }))).toBe("up");
  });

  it("is stale when a service died or its pid was recycled", () => {
    expect(liveness(state({ services: [me, { ...me, pid: deadPid }] }))).toBe("stale");
    expect(liveness(state({ services: [{ ...me, startTicks: (me.startTicks ?? 0) + 1 }] }))).toBe("stale");
  });

  it("is starting while the owner lives, stale once it died", () => {
    expect(liveness(state({ status: "starting" }))).toBe("starting");
    expect(liveness(state({ status: "starting", ownerPid: deadPid }))).toBe("stale");
  });
});

describe("readState", () => {
  it("reads what writeState wrote and treats a garbled file as absent", () => {
    const paths = localPaths(mkdtempSync(join(tmpdir(), "harness-state-")));
    expect(readState(paths)).toBeUndefined();
    writeState(paths, state({ services: [me] }));
    expect(readState(paths)?.services).toEqual([me]);
    writeFileSync(paths.state, "{not json");
    expect(readState(paths)).toBeUndefined();
  });
});
