// Pure: the Job that runs `harness verify` on the merged run once the load Job's segments are done.
//
// Plain Kubernetes has no ordering between Jobs, so this one orders itself: both Jobs are applied together, and this
// Job's init container waits on the shared volume until every segment has written its load summary (each segment's
// last act, renamed into place whole), or until the load Job's own deadline has passed (then no segment can write
// any more; `harness verify` names the segments that are missing and the verdict is unknown, never a pass).
import {
  deadlineMarginSeconds,
  type K8sJobOptions,
  k8sJobName,
  keepFinishedSeconds,
  ledgersMount,
  loadDeadlineSeconds,
  podTemplate,
  s3RunUrl,
} from "./k8s-job.ts";
import type { YamlValue } from "./yaml.ts";

export interface K8sVerifyJobOptions extends K8sJobOptions {
  /** The config's drain timeout, ms: verify waits up to it for the queues to empty before it reconciles. */
  drainTimeoutMs: number;
}

/** The shell loop of the init container: every segment's summary there, or the load Job's deadline passed. */
export function waitForSegmentsScript(runId: string, instances: number, waitSeconds: number): string {
  const summaries = `/ledgers/${runId}/load-summary.s*of${instances}.json`;
  const count = `$(ls ${summaries} 2>/dev/null | wc -l)`;
  return [
    `end=$(($(date +%s) + ${waitSeconds}))`,
    `while [ "${count}" -lt ${instances} ] && [ "$(date +%s)" -lt "$end" ]; do sleep 5; done`,
    `echo "${count} of ${instances} segment(s) wrote their load summary; verifying"`,
  ].join("; ");
}

/** The wait for the load, then the drain and the reconciliation, then a margin. */
export function verifyDeadlineSeconds(loadMs: number, drainTimeoutMs: number): number {
  return loadDeadlineSeconds(loadMs) + Math.ceil(drainTimeoutMs / 1000) + deadlineMarginSeconds;
}

export function k8sVerifyJob(options: K8sVerifyJobOptions): YamlValue {
  const loadName = k8sJobName(options.scenario, options.runId);
  const waitSeconds = loadDeadlineSeconds(options.loadMs);
  const verify = `npx harness verify --run ${options.runId} --runs-dir /ledgers`;
  // The verdict and the report go beside the uploaded ledgers too; the Job's result stays verify's exit code.
  const command =
    options.s3Prefix === undefined
      ? verify
      : `${verify}; code=$?; aws s3 cp --recursive /ledgers/${options.runId} ${s3RunUrl(options.s3Prefix, options.runId)}; exit $code`;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: k8sJobName(options.scenario, options.runId, "-verify"),
      labels: {
        "app.kubernetes.io/name": "harness",
        "harness/run-id": options.runId,
        "harness/scenario": options.scenario,
        "harness/after": loadName,
      },
    },
    spec: {
      // Its exit code is the run's verdict (0 pass, 1 a gate failed, 2 unknown, 3 unreachable): not retried.
      backoffLimit: 0,
      activeDeadlineSeconds: verifyDeadlineSeconds(options.loadMs, options.drainTimeoutMs),
      ttlSecondsAfterFinished: keepFinishedSeconds,
      template: podTemplate(options, command, [
        {
          name: "wait-for-load",
          image: options.image,
          command: ["sh", "-c"],
          args: [waitForSegmentsScript(options.runId, options.instances, waitSeconds)],
          volumeMounts: ledgersMount,
          resources: { requests: { cpu: "50m", memory: "32Mi" } },
        },
      ]),
    },
  };
}
