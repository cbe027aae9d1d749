// Pure: the Kubernetes Indexed Job that runs one plan as N execution segments, each pod one segment, ledgers on a shared volume.
import type { YamlValue } from "./yaml.ts";

export interface K8sJobOptions {
  runId: string;
  scenario: string;
  target: string;
  instances: number;
  image: string;
  /** PersistentVolumeClaim (ReadWriteMany) where every pod writes its ledger under <runId>/ledger. */
  volumeClaim: string;
  /** Optional s3:// prefix the pods also upload their ledgers to (the image needs the AWS CLI). */
  s3Prefix?: string | undefined;
  serviceAccount?: string | undefined;
  /** The scenario's length with its graceful stop, ms: the Job's deadline is set from it. */
  loadMs: number;
  /** `--start-at` for every pod, so the segments start at one instant (ISO time, validated by the caller). */
  startAt?: string | undefined;
}

/** Pod scheduling, image pull, start-up and warm-up, the upload: what a segment needs beyond its load. */
export const deadlineMarginSeconds = 600;
/** A finished Job (and its pods' logs) kept a day for a look, then removed by the TTL controller. */
export const keepFinishedSeconds = 86_400;

/** The Dockerfile's image runs as its `node` user (uid 1000): the shared volume is made writable for its group. */
export const podSecurityContext = { fsGroup: 1000 };

/** Where the segments upload their run folder; `harness verify --ledgers <this>` brings it back. */
export function s3RunUrl(prefix: string, runId: string): string {
  return `${prefix.replace(/\/$/, "")}/${runId}/`;
}

/** The load Job's name (a DNS label: 63 characters at most); the verify Job's adds `-verify` to it. */
export function k8sJobName(scenario: string, runId: string, suffix = ""): string {
  const base = `harness-${scenario}-${runId.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`;
  return `${base.slice(0, 63 - suffix.length).replace(/-+$/, "")}${suffix}`;
}

/** The load Job's activeDeadlineSeconds: its segments' load and a margin. */
export function loadDeadlineSeconds(loadMs: number): number {
  return Math.ceil(loadMs / 1000) + deadlineMarginSeconds;
}

export function k8sIndexedJob(options: K8sJobOptions): YamlValue {
  const name = k8sJobName(options.scenario, options.runId);
  const segment = `$((JOB_COMPLETION_INDEX + 1))/${options.instances}`;
  const run = [
    "npx harness run",
    `--target ${options.target}`,
    `--scenario ${options.scenario}`,
    `--run-id ${options.runId}`,
    `--segment ${segment}`,
    "--load-only",
    "--runs-dir /ledgers",
    ...(options.startAt === undefined ? [] : [`--start-at ${options.startAt}`]),
  ].join(" ");
  const upload =
    options.s3Prefix === undefined
      ? ""
      : ` && aws s3 cp --recursive /ledgers/${options.runId} ${s3RunUrl(options.s3Prefix, options.runId)}`;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      labels: {
        "app.kubernetes.io/name": "harness",
        "harness/run-id": options.runId,
        "harness/scenario": options.scenario,
      },
    },
    spec: {
      completionMode: "Indexed",
      completions: options.instances,
      parallelism: options.instances,
      // A segment that fails is not retried: a retry would send its messages twice under the same IDs.
      backoffLimit: 0,
      // A segment stuck past its load and a margin is stopped, so a nightly job cannot hang the cluster's quota.
      activeDeadlineSeconds: loadDeadlineSeconds(options.loadMs),
      ttlSecondsAfterFinished: keepFinishedSeconds,
      template: podTemplate(options, `${run}${upload}`),
    },
  };
}

/** The volume both Jobs mount: the run's ledgers, shared by the segments and the verification. */
export const ledgersMount = [{ name: "ledgers", mountPath: "/ledgers" }];

/** The pod both Jobs run: non-root, the ledgers volume, the harness image running `command` under sh. */
export function podTemplate(options: K8sJobOptions, command: string, initContainers?: YamlValue[]): YamlValue {
  return {
    metadata: { labels: { "app.kubernetes.io/name": "harness", "harness/run-id": options.runId } },
    spec: {
      restartPolicy: "Never",
      securityContext: podSecurityContext,
      ...(options.serviceAccount === undefined ? {} : { serviceAccountName: options.serviceAccount }),
      ...(initContainers === undefined ? {} : { initContainers }),
      containers: [
        {
          name: "harness",
          image: options.image,
          command: ["sh", "-c"],
          args: [command],
          env: [{ name: "CI", value: "true" }],
          volumeMounts: ledgersMount,
          resources: { requests: { cpu: "2", memory: "2Gi" }, limits: { memory: "4Gi" } },
        },
      ],
      volumes: [{ name: "ledgers", persistentVolumeClaim: { claimName: options.volumeClaim } }],
    },
  };
}
