// `harness certify`: runs the certification suite from config against one target, one verdict, certificate.json + index.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../common/atomic-write.ts";
import type { CliContext } from "../common/cli-context.ts";
import { UsageError } from "../common/errors.ts";
import { makeDirs } from "../common/make-dirs.ts";
import { newRunId } from "../common/run-id.ts";
import { loadConfig } from "../config/load.ts";
import { certificateArtifact } from "../contracts/certificate.ts";
import {
  type Certificate,
  type CertifiedScenario,
  certificateExitCode,
  certificateHtml,
  certificateMarkdown,
  certificateVerdict,
  statusOfExit,
} from "./certificate.ts";
import { planSuite } from "./certify-plan.ts";
import { digestLedger, digestText } from "./digest.ts";
import { resolveTarget } from "./plan.ts";
import { resolveRunsDir, runOnce } from "./run.ts";
import { toolVersions } from "./versions.ts";

export interface CertifyRequest {
  target: string | undefined;
  config: string | undefined;
  confirmProduction: boolean;
  signal?: AbortSignal | undefined;
}

export async function certifyCommand(ctx: CliContext, request: CertifyRequest): Promise<number> {
  const { config, file } = await loadConfig(ctx.cwd, request.config);
  const suite = config.certify?.suite ?? [];
  if (suite.length === 0) {
    throw new UsageError("The config has no certification suite (certify.suite).", {
      hint: 'Add e.g. certify: { suite: [{ scenario: "smoke" }, { scenario: "spike", rateMultiplier: 3 }, { scenario: "soak" }] } to harness.config.ts.',
    });
  }
  const [targetName] = resolveTarget(config, request.target);
  // Every entry is planned, and its rails judged, before the first one sends anything.
  const entries = planSuite(config, targetName, suite, request.confirmProduction);
  const certificateId = newRunId();
  const runsDir = resolveRunsDir(ctx.cwd, undefined, config);
  const dir = join(runsDir, "certificates", certificateId);
  makeDirs(dir);

  const scenarios: CertifiedScenario[] = [];
  for (const [index, entry] of entries.entries()) {
    const { factor, scenarioName } = entry;
    ctx.output.err(
      `\n[certify] ${index + 1}/${entries.length}: ${scenarioName}${factor === 1 ? "" : ` at x${factor}`}`,
    );
    if (request.signal?.aborted === true) {
      scenarios.push(notRun(scenarioName, factor, "not run: certification interrupted"));
      continue;
    }
    try {
      const outcome = await runOnce(ctx, entry.config, file, {
        target: targetName,
        scenario: scenarioName,
        config: request.config,
        runsDir: undefined,
        rate: undefined,
        duration: undefined,
        confirmProduction: request.confirmProduction,
        compare: undefined,
        segment: undefined,
        signal: request.signal,
      });
      scenarios.push({
        scenario: scenarioName,
        rateMultiplier: factor,
        runId: outcome.run.runId,
        exitCode: outcome.exitCode,
        status: statusOfExit(outcome.exitCode),
        valid: outcome.verdict?.valid ?? "unknown",
        ledgerDigest: digestLedger(outcome.run.ledgerDir),
        report: relative(dir, outcome.run.reportHtml),
      });
    } catch (error) {
      scenarios.push(notRun(scenarioName, factor, error instanceof Error ? error.message : String(error)));
    }
  }

  const verdict = certificateVerdict(scenarios);
  const certificate: Certificate = {
    schemaVersion: 1,
    certificateId,
    certifiedAt: new Date().toISOString(),
    target: targetName,
    verdict,
    versions: toolVersions(),
    configDigest: digestText(file === undefined ? JSON.stringify(config) : readFileSync(file)),
    scenarios,
  };
  writeJsonAtomic(join(dir, certificateArtifact.file), certificate);
  writeFileAtomic(join(dir, "index.html"), certificateHtml(certificate));
  writeFileAtomic(join(dir, "index.md"), certificateMarkdown(certificate));
  ctx.output.out(`\n${certificateMarkdown(certificate)}\nCertificate: ${join(dir, "certificate.json")}`);
  return certificateExitCode(verdict);
}

function notRun(scenario: string, rateMultiplier: number, error: string): CertifiedScenario {
  return {
    scenario,
    rateMultiplier,
    runId: null,
    exitCode: 255,
    status: "fail",
    valid: "unknown",
    ledgerDigest: null,
    report: null,
    error,
  };
}
