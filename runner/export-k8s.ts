// Entry of `harness export k8s`: validates the request against the config, then writes the load Job and the verify Job.

import { resolve } from "node:path";
import { writeFileAtomic } from "../common/atomic-write.ts";
import type { CliContext } from "../common/cli-context.ts";
import { UsageError } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";
import { newRunId, validateRunId } from "../common/run-id.ts";
import { loadConfig } from "../config/load.ts";
import { scenarioDurationMs } from "../executors/index.ts";
import { k8sIndexedJob, k8sJobName, s3RunUrl } from "./export/k8s-job.ts";
import { k8sVerifyJob, verifyDeadlineSeconds } from "./export/k8s-verify-job.ts";
import { toYaml } from "./export/yaml.ts";
import { parseStartAtFlag } from "./flags.ts";
import { resolveScenario, resolveTarget } from "./plan.ts";

export interface ExportK8sRequest {
  scenario: string;
  instances: string;
  target: string | undefined;
  config: string | undefined;
  out: string | undefined;
  image?: string | undefined;
  volumeClaim?: string | undefined;
  s3?: string | undefined;
  runId?: string | undefined;
  serviceAccount?: string | undefined;
  startAt?: string | undefined;
}

export async function exportK8s(ctx: CliContext, request: ExportK8sRequest): Promise<number> {
  const { config } = await loadConfig(ctx.cwd, request.config);
  const [targetName, target] = resolveTarget(config, request.target);
  const [scenarioName, scenario] = resolveScenario(config, request.scenario);
  if (target.kind === "local") {
    throw new UsageError(`Target "${targetName}" is the embedded local target: pods in a cluster cannot reach it.`, {
      hint: 'Export a segmented run against an AWS target (kind: "aws"); run the local target with `harness run`.',
    });
  }
  const instances = Number(request.instances);
  if (!Number.isInteger(instances) || instances < 1 || instances > 1000) {
    throw new UsageError(`--instances "${request.instances}" must be a whole number from 1 to 1000.`);
  }
  if (request.s3 !== undefined && !/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/.test(request.s3)) {
    throw new UsageError(`--s3 "${request.s3}" is not an s3:// prefix.`, { hint: "e.g. --s3 s3://my-bucket/harness" });
  }
  const runId = request.runId === undefined ? newRunId() : validateRunId(request.runId);
  const options = {
    runId,
    scenario: scenarioName,
    target: targetName,
    instances,
    image: request.image ?? "harness:latest",
    volumeClaim: request.volumeClaim ?? "harness-ledgers",
    s3Prefix: request.s3,
    serviceAccount: request.serviceAccount,
    loadMs: scenarioDurationMs(scenario) + scenario.gracefulStopMs,
    startAt: request.startAt === undefined ? undefined : new Date(parseStartAtFlag(request.startAt)).toISOString(),
  };
  const drainTimeoutMs = config.drain.timeoutMs;
  const verifyName = k8sJobName(scenarioName, runId, "-verify");
  const uploads = request.s3 === undefined ? "" : ` and ${s3RunUrl(request.s3, runId)}`;
  const manifest = [
    `# harness run ${runId}: ${instances} segments of scenario ${scenarioName} against ${targetName}, then one verify.`,
    "# Apply both Jobs at once: kubectl apply -f <this file>. Kubernetes has no order between Jobs, so the verify Job",
    "# orders itself: its init container waits on the shared volume until every segment has written its load summary",
    "# (or the load Job's deadline has passed), then `harness verify` reconciles the merged run. Its exit code is the",
    `# verdict: kubectl wait --for=condition=complete job/${verifyName} --timeout=${verifyDeadlineSeconds(options.loadMs, drainTimeoutMs)}s`,
    `# The load: one pod per segment, ledgers to the ${options.volumeClaim} volume${uploads}.`,
    toYaml(k8sIndexedJob(options)).replace(/\n$/, ""),
    "---",
    `# The verification, after job/${k8sJobName(scenarioName, runId)}: verify.json and the report beside the ledgers${uploads}.`,
    toYaml(k8sVerifyJob({ ...options, drainTimeoutMs })),
  ].join("\n");
  if (request.out === undefined) ctx.output.out(manifest);
  else {
    writeFileAtomic(resolve(ctx.cwd, request.out), manifest);
    ctx.output.err(`wrote ${request.out} (run ${runId}, ${instances} segments)`);
  }
  return ExitCode.ok;
}
