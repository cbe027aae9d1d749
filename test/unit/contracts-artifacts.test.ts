// Every run-directory artifact read through RunDir: a broken field names the file and the field; versions migrate or are refused.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { certificateArtifact } from "../../contracts/certificate.ts";
import { ArtifactInvalidError, ArtifactVersionError } from "../../contracts/errors.ts";
import { decodeLedgerLine } from "../../contracts/ledger/line.ts";
import { RunDir, readArtifactFile } from "../../contracts/run-dir.ts";

const fixtureId = "20261130T141357Z-zwbdwqjc";
const fixture = join(import.meta.dirname, "..", "fixtures", "run-v1", fixtureId);

/** A copy of the previous version's run directory, safe to damage. */
function copyOfFixture(): RunDir {
  const dir = join(mkdtempSync(join(tmpdir(), "contracts-")), fixtureId);
  cpSync(fixture, dir, { recursive: true });
  return RunDir.at(dir);
}

function edit(file: string, change: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(file, "utf8"));
  change(json);
  writeFileSync(file, JSON.stringify(json));
}

const compare = { schemaVersion: 1, baseline: "r0", comparisons: [] };

type Breakage = [
  name: "plan" | "loadSummary" | "verify" | "metrics" | "result" | "chaos" | "compare",
  file: string,
  // biome-ignore lint/suspicious/noExplicitAny: each case damages a different spot of a parsed JSON file
  damage: (json: any) => unknown,
  field: string,
];

describe("a broken field names the file and the field", () => {
  it.each<Breakage>([
    [
      "plan",
      "plan.json",
      (j) => (j.target.dlqs[0].queueUrl = 7),
      "target.dlqs[0].queueUrl: expected string, got number",
    ],
    [
      "loadSummary",
      "load-summary.json",
      (j) => (j.perSecond[1].sent = "9"),
      "perSecond[1].sent: expected number, got string",
    ],
    ["verify", "verify.json", (j) => (j.classes.lost.count = "0"), "classes.lost.count: expected number, got string"],
    ["metrics", "metrics.json", (j) => (j.series[0].points = null), "series[0].points: expected array, got null"],
    ["result", "result.json", (j) => delete j.gates[0].status, "gates[0].status: "],
    ["chaos", "chaos.json", () => undefined, "[0].start: expected number, got string"],
    ["compare", "compare.json", () => undefined, "comparisons[0].regression: expected boolean, got string"],
  ])("%s", (name, file, damage, field) => {
    const run = copyOfFixture();
    const path = join(run.dir, file);
    if (name === "chaos")
      writeFileSync(path, JSON.stringify([{ action: "latency", params: {}, start: "soon", end: null }]));
    else if (name === "compare") {
      const bad = { metric: "e2eP99Ms", baseline: 1, current: 2, ratio: 2, regression: "yes", note: "" };
      writeFileSync(path, JSON.stringify({ ...compare, comparisons: [bad] }));
    } else edit(path, damage);
    expect(() => run.read(name)).toThrow(ArtifactInvalidError);
    expect(() => run.read(name)).toThrow(`${path}: ${field}`);
    expect(() => run.read(name)).toThrow(expect.objectContaining({ exitCode: 4 }));
  });

  it("samples.ndjson: names the line and the field; a torn line is counted, not fatal", () => {
    const run = copyOfFixture();
    const lines = readFileSync(run.paths.samples, "utf8").split("\n");
    writeFileSync(run.paths.samples, `${lines.slice(0, 3).join("\n")}\n{"t":1,"queue":"x","visible`);
    expect(run.readSamples()).toMatchObject({ badLines: 1 });
    writeFileSync(run.paths.samples, `${lines[0]}\n{"t":1,"queue":"x","visible":"3"}\n`);
    expect(() => run.readSamples()).toThrow(`${run.paths.samples}: line 2: visible: expected number, got string`);
  });

  it("certificate.json", () => {
    const dir = mkdtempSync(join(tmpdir(), "contracts-cert-"));
    const file = join(dir, "certificate.json");
    const scenario = { scenario: "smoke", rateMultiplier: 1, runId: null, exitCode: "0", status: "pass" };
    const cert = { schemaVersion: 1, certificateId: "c", certifiedAt: "t", target: "local", verdict: "pass" };
    writeFileSync(file, JSON.stringify({ ...cert, versions: {}, configDigest: "d", scenarios: [scenario] }));
    expect(() => readArtifactFile(certificateArtifact, file)).toThrow(
      `${file}: scenarios[0].exitCode: expected number, got string`,
    );
  });

  it("a file that is not JSON says so", () => {
    const run = copyOfFixture();
    writeFileSync(run.paths.verify, "{");
    expect(() => run.read("verify")).toThrow(`${run.paths.verify}: not JSON`);
  });

  it("a ledger line that is not a record decodes to nothing; records and the closing record decode", () => {
    expect(decodeLedgerLine('{"id":"r-s-1","ts":1,"dur":2,"ch":"http","st":"200","o":"acc"}')).toBeNull();
    expect(decodeLedgerLine('{"id":"r-s-1","ts":1,"dur":2,"ch":"http","st":200,"o":"acc"}')).toEqual({
      kind: "record",
      record: { id: "r-s-1", ts: 1, dur: 2, ch: "http", st: 200, o: "acc" },
    });
    expect(decodeLedgerLine('{"end":true,"worker":"w0","count":1,"acc":1,"rej":0,"unk":0}')?.kind).toBe("close");
  });
});

describe("versions", () => {
  it("reads every artifact of the previous version's run directory", () => {
    const run = copyOfFixture();
    for (const name of ["plan", "loadSummary", "verify", "metrics", "result", "chaos"] as const)
      expect(run.read(name)).toBeTypeOf("object");
    expect(run.readSamples().samples.length).toBeGreaterThan(0);
  });

  it("migrates plan.json v1 to v2: maxDrain and the scenario's durations from the user's strings to milliseconds", () => {
    const run = copyOfFixture();
    edit(run.paths.plan, (j) => Object.assign(j.gates as object, { maxDrain: "2m" }));
    const plan = run.read("plan");
    expect(plan.schemaVersion).toBe(2);
    expect(plan.gates).toEqual({ maxLost: 0, e2eLatencyMs: { "p(99)": 5000 }, thresholds: true, maxDrain: 120_000 });
    expect(plan.drain).toEqual({ timeoutMs: 120_000, settleMs: 5000 });
    expect(plan.scenario.executor).toBe("constant-arrival-rate");
    expect(plan.scenario).toMatchObject({ rate: 20, timeUnitMs: 1000, durationMs: 20_000, gracefulStopMs: 10_000 });
  });

  it("names a v1 field by its v1 path when the migration's input is broken", () => {
    const run = copyOfFixture();
    edit(run.paths.plan, (j) => Object.assign(j.gates as object, { maxDrain: "soon" }));
    expect(() => run.read("plan")).toThrow(`${run.paths.plan}: gates.maxDrain: must be a duration`);
  });

  it("migrates chaos.json v1 (a bare array) to v2", () => {
    const run = copyOfFixture();
    const window = { action: "latency", params: { ms: 200 }, start: 1, end: 2 };
    writeFileSync(run.paths.chaos, JSON.stringify([window]));
    expect(run.read("chaos")).toEqual({ schemaVersion: 2, windows: [window] });
    expect(run.readChaos()).toEqual([window]);
  });

  it("round-trips what it writes", () => {
    const run = copyOfFixture();
    const plan = run.read("plan");
    run.write("plan", plan);
    expect(run.read("plan")).toEqual(plan);
    run.writeChaos([]);
    expect(JSON.parse(readFileSync(run.paths.chaos, "utf8"))).toEqual({ schemaVersion: 2, windows: [] });
  });

  it.each([
    ["plan", "plan.json", 3, "schemaVersion 3 was written by a newer harness; this one reads schemaVersion 1 to 2"],
    ["verify", "verify.json", 2, "schemaVersion 2 was written by a newer harness; this one reads schemaVersion 1"],
    ["verify", "verify.json", 0, "schemaVersion 0 is no longer read; this harness reads schemaVersion 1"],
  ] as const)("%s.json schemaVersion %s is refused, naming both versions", (name, file, version, message) => {
    const run = copyOfFixture();
    edit(join(run.dir, file), (j) => (j.schemaVersion = version));
    expect(() => run.read(name)).toThrow(ArtifactVersionError);
    expect(() => run.read(name)).toThrow(`${join(run.dir, file)}: ${message}`);
  });

  it("a samples.ndjson of a newer version is refused", () => {
    const run = copyOfFixture();
    writeFileSync(run.paths.samples, '{"schemaVersion":2}\n');
    expect(() => run.readSamples()).toThrow("schemaVersion 2 was written by a newer harness");
  });
});
