// junit.xml validates against the common JUnit schema (xmllint) and has one test case per gate with the right outcome.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { buildReport } from "../../reports/index.ts";
import { writeSyntheticRun } from "../fixtures/report/synthetic-run.ts";

const schema = resolve(import.meta.dirname, "../fixtures/report/junit-10.xsd");
const xmllint = process.env.HARNESS_XMLLINT ?? "/usr/bin/xmllint";

function validate(file: string): { ok: boolean; output: string } {
  const run = spawnSync(xmllint, ["--noout", "--schema", schema, file], { encoding: "utf8" });
  if (run.error !== undefined) throw new Error(`${xmllint} cannot run (${run.error.message}): install libxml2-utils`);
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

describe("junit.xml", () => {
  it("has xmllint available (Debian libxml2-utils)", () => {
    expect(existsSync(xmllint), `${xmllint} is missing: apt-get install libxml2-utils`).toBe(true);
  });

  it("validates, with pass, fail, unknown (error) and skipped gates and hostile strings", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "harness-junit-")), "20261126T150000Z-synth001");
    const run = writeSyntheticRun({
      dir,
      durationSeconds: 60,
      peakRate: 100,
      hostile: true,
      consumerRate: 80,
      deadLetterShare: 0.1,
      lost: { fromSecond: 20, seconds: 2, count: 4 },
      gates: { maxDeadLettered: 0, e2eLatencyMs: { "p(99.9)": 100, "p(50)": 10_000 }, thresholds: false },
    });
    await buildReport({ run, output: memoryOutput(), reporters: ["junit"] });
    const result = validate(run.junitXml);
    expect(result.output).toContain("validates");
    expect(result.ok).toBe(true);
    const xml = readFileSync(run.junitXml, "utf8");
    const cases = [
      ...xml.matchAll(/<testcase name="([^"]+)" classname="[^"]+" time="0">(<(failure|error|skipped))?/g),
    ].map((m) => [m[1], m[3] ?? "pass"]);
    expect(cases).toEqual([
      ["verdict", "pass"],
      ["maxLost", "failure"],
      ["maxUnexpected", "pass"],
      ["maxDeadLettered", "failure"],
      ["maxUnknownShare", "pass"],
      ["e2eLatency p(99.9)", "error"],
      ["e2eLatency p(50)", "pass"],
      ["threshold http_req_duration p(95)&lt;500", "skipped"],
    ]);
    expect(xml).toMatch(/<testsuites name="harness" tests="8" failures="2" errors="1" skipped="1"/);
  });

  it("is rejected by the schema when a test case has no name (the schema is not vacuous)", () => {
    const dir = mkdtempSync(join(tmpdir(), "harness-junit-bad-"));
    const bad = join(dir, "bad.xml");
    writeFileSync(bad, '<testsuites><testsuite name="s" tests="1"><testcase classname="c"/></testsuite></testsuites>');
    expect(validate(bad).ok).toBe(false);
  });
});
