// certificate.json and its index: one verdict over a certification suite, with what makes it reproducible.

import { ExitCode } from "../common/exit-codes.ts";
import type { Certificate, CertifiedScenario } from "../contracts/certificate.ts";

export type { Certificate, CertifiedScenario } from "../contracts/certificate.ts";

export function statusOfExit(code: number): CertifiedScenario["status"] {
  if (code === ExitCode.ok) return "pass";
  if (code === ExitCode.verdictUnknown) return "unknown";
  return "fail";
}

/** Fail if any scenario failed, unknown if none failed but one is unknown, pass only if all passed. */
export function certificateVerdict(scenarios: readonly CertifiedScenario[]): Certificate["verdict"] {
  if (scenarios.length === 0) return "unknown";
  if (scenarios.some((s) => s.status === "fail")) return "fail";
  if (scenarios.some((s) => s.status === "unknown")) return "unknown";
  return "pass";
}

export function certificateExitCode(verdict: Certificate["verdict"]): number {
  return verdict === "pass" ? ExitCode.ok : verdict === "unknown" ? ExitCode.verdictUnknown : ExitCode.gateFailed;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function certificateMarkdown(cert: Certificate): string {
  const rows = cert.scenarios.map(
    (s) =>
      `| ${s.scenario} | x${s.rateMultiplier} | ${s.status.toUpperCase()} | ${String(s.valid)} | ${s.runId ?? "-"} | ${s.report ?? s.error ?? "-"} |`,
  );
  return [
    `# Certification of \`${cert.target}\`: ${cert.verdict.toUpperCase()}`,
    "",
    `Certificate ${cert.certificateId}, ${cert.certifiedAt}; config ${cert.configDigest}.`,
    "",
    "| scenario | rate | status | valid | run | report |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

export function certificateHtml(cert: Certificate): string {
  const rows = cert.scenarios
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.scenario)}</td><td>x${s.rateMultiplier}</td><td class="${s.status}">${s.status.toUpperCase()}</td><td>${escapeHtml(String(s.valid))}</td><td>${escapeHtml(s.runId ?? "-")}</td><td>${s.report === null ? escapeHtml(s.error ?? "-") : `<a href="${escapeHtml(s.report)}">report</a>`}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Certification ${escapeHtml(cert.target)}: ${cert.verdict}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}.pass{color:#0a0}.fail{color:#c00}.unknown{color:#a60}</style></head>
<body><h1>Certification of ${escapeHtml(cert.target)}: <span class="${cert.verdict}">${cert.verdict.toUpperCase()}</span></h1>
<p>Certificate ${escapeHtml(cert.certificateId)}, ${escapeHtml(cert.certifiedAt)}; config ${escapeHtml(cert.configDigest)}; harness ${escapeHtml(cert.versions.harness ?? "?")}.</p>
<table><tr><th>scenario</th><th>rate</th><th>status</th><th>valid</th><th>run</th><th>report</th></tr>
${rows}
</table></body></html>
`;
}
