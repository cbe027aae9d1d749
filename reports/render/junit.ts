// junit.xml: one test case per gate (Ant/Jenkins JUnit schema), so CI systems show gates as tests.
import type { RunPaths } from "../../contracts/run-dir.ts";
import type { Reporter, ReportModel } from "./reporter.ts";

export const junitReporter: Reporter = {
  name: "junit",
  file: (paths: RunPaths) => paths.junitXml,
  render: renderJunit,
};

/** XML 1.0 forbids most control characters even escaped; target strings may carry them. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export function renderJunit({ result }: ReportModel): string {
  const gates = result.gates;
  const failures = gates.filter((g) => g.status === "fail").length;
  const errors = gates.filter((g) => g.status === "unknown").length;
  const skipped = gates.filter((g) => g.status === "skipped").length;
  const seconds = result.window === null ? 0 : Math.max(0, (result.window.end - result.window.start) / 1000);
  // The Ant schema's timestamp is a local date-time without zone; ours is UTC, said so in the suite's properties.
  const timestamp = (result.window === null ? result.generatedAt : new Date(result.window.start).toISOString()).slice(
    0,
    19,
  );
  const suiteName = `harness ${result.target ?? "target"} ${result.scenario ?? "scenario"}`;
  const counts = `tests="${gates.length}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
  const cases = gates.map((g) => {
    const detail = `${g.message}\nactual: ${g.actual ?? "n/a"}\nlimit: ${g.limit ?? "n/a"}`;
    const body =
      g.status === "fail"
        ? `<failure message="${xml(g.message)}" type="${g.kind}">${xml(detail)}</failure>`
        : g.status === "unknown"
          ? `<error message="${xml(g.message)}" type="unknown">${xml(detail)}</error>`
          : g.status === "skipped"
            ? `<skipped message="${xml(g.message)}"/>`
            : "";
    return `    <testcase name="${xml(g.name)}" classname="harness.gates.${g.kind}" time="0">${body}<system-out>${xml(detail)}</system-out></testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="harness" ${counts} time="${seconds.toFixed(3)}">`,
    `  <testsuite name="${xml(suiteName)}" ${counts} time="${seconds.toFixed(3)}" timestamp="${timestamp}" hostname="localhost" id="0" package="harness">`,
    `    <properties><property name="runId" value="${xml(result.runId)}"/><property name="valid" value="${String(result.valid)}"/><property name="status" value="${result.status}"/><property name="timezone" value="UTC"/></properties>`,
    ...cases,
    `    <system-out>${xml(`run ${result.runId}: ${result.status}`)}</system-out>`,
    `    <system-err></system-err>`,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
