// The Kubernetes Indexed Job: one pod per segment, shared run ID, no retries, ledgers on the shared volume; then the
// verify Job, which waits on that volume for every segment's summary.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { k8sIndexedJob, k8sJobName } from "../../runner/export/k8s-job.ts";
import { k8sVerifyJob, waitForSegmentsScript } from "../../runner/export/k8s-verify-job.ts";
import { toYaml } from "../../runner/export/yaml.ts";

describe("k8sIndexedJob", () => {
  const job = k8sIndexedJob({
    runId: "20261126T154200Z-k3j9x2q1",
    scenario: "spike",
    target: "prod-like",
    instances: 8,
    image: "registry.example/harness:1",
    volumeClaim: "ledgers",
    s3Prefix: "s3://bucket/harness/",
    loadMs: 70_000,
  });

  it("is an Indexed Job with one completion per segment and no retries", () => {
    expect(job).toMatchObject({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "harness-spike-20261126t154200z-k3j9x2q1" },
      spec: { completionMode: "Indexed", completions: 8, parallelism: 8, backoffLimit: 0 },
    });
  });

  it("has a deadline of its load plus a margin, and is removed a day after it finished", () => {
    expect(job).toMatchObject({ spec: { activeDeadlineSeconds: 70 + 600, ttlSecondsAfterFinished: 86_400 } });
  });

  it("runs segment JOB_COMPLETION_INDEX+1 of 8 with the shared run ID, load only, and uploads the run folder", () => {
    const args = JSON.stringify(job);
    expect(args).toContain(
      "npx harness run --target prod-like --scenario spike --run-id 20261126T154200Z-k3j9x2q1 --segment $((JOB_COMPLETION_INDEX + 1))/8 --load-only --runs-dir /ledgers && aws s3 cp --recursive /ledgers/20261126T154200Z-k3j9x2q1 s3://bucket/harness/20261126T154200Z-k3j9x2q1/",
    );
  });
});

describe("toYaml", () => {
  it("writes maps, lists and quoted scalars that YAML reads back as the same data", () => {
    expect(toYaml({ a: 1, b: ["x", { c: true, d: null }], "e f": {}, g: [] })).toBe(
      'a: 1\nb:\n  - "x"\n  - c: true\n    d: null\n"e f": {}\ng: []\n',
    );
  });
});

describe("k8sVerifyJob", () => {
  const options = {
    runId: "20261126T154200Z-k3j9x2q1",
    scenario: "spike",
    target: "prod-like",
    instances: 8,
    image: "registry.example/harness:1",
    volumeClaim: "ledgers",
    loadMs: 70_000,
    drainTimeoutMs: 120_000,
  };

  it("runs harness verify on the merged run from the shared volume, once, with the same image", () => {
    expect(k8sVerifyJob(options)).toMatchObject({
      kind: "Job",
      metadata: { name: "harness-spike-20261126t154200z-k3j9x2q1-verify" },
      spec: {
        backoffLimit: 0,
        // The load's deadline (its wait), the drain timeout, a margin.
        activeDeadlineSeconds: 670 + 120 + 600,
        ttlSecondsAfterFinished: 86_400,
        template: {
          spec: {
            initContainers: [{ name: "wait-for-load", image: "registry.example/harness:1" }],
            containers: [
              {
                image: "registry.example/harness:1",
                args: ["npx harness verify --run 20261126T154200Z-k3j9x2q1 --runs-dir /ledgers"],
              },
            ],
            volumes: [{ name: "ledgers", persistentVolumeClaim: { claimName: "ledgers" } }],
          },
        },
      },
    });
  });

  it("with --s3 uploads the verdict beside the ledgers and keeps verify's exit code as the Job's", () => {
    const args = JSON.stringify(k8sVerifyJob({ ...options, s3Prefix: "s3://bucket/harness" }));
    expect(args).toContain(
      "npx harness verify --run 20261126T154200Z-k3j9x2q1 --runs-dir /ledgers; code=$?; aws s3 cp --recursive /ledgers/20261126T154200Z-k3j9x2q1 s3://bucket/harness/20261126T154200Z-k3j9x2q1/; exit $code",
    );
  });

  it("keeps the name a DNS label of at most 63 characters", () => {
    const name = k8sJobName("a-very-long-scenario-name-for-a-nightly", options.runId, "-verify");
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?-verify$/);
  });
});

describe("waitForSegmentsScript", () => {
  const runId = "20261126T154200Z-k3j9x2q1";
  /** The init container's loop, run by sh on a folder standing in for the shared volume. */
  function wait(files: readonly string[], waitSeconds: number): { stdout: string; ms: number } {
    const volume = mkdtempSync(join(tmpdir(), "harness-wait-"));
    mkdirSync(join(volume, runId));
    for (const file of files) writeFileSync(join(volume, runId, file), "{}");
    const script = waitForSegmentsScript(runId, 2, waitSeconds).replaceAll("/ledgers/", `${volume}/`);
    const started = Date.now();
    const stdout = execFileSync("sh", ["-c", script], { encoding: "utf8", timeout: 20_000 });
    return { stdout, ms: Date.now() - started };
  }

  it("goes on at once when every segment's summary is there", () => {
    const done = wait(["load-summary.s1of2.json", "load-summary.s2of2.json"], 600);
    expect(done.stdout).toBe("2 of 2 segment(s) wrote their load summary; verifying\n");
    expect(done.ms).toBeLessThan(4_000);
  });

  it("goes on when the load's deadline has passed with a segment missing; a file still being written is not one", () => {
    const done = wait(["load-summary.s1of2.json", "load-summary.s2of2.json.4242.tmp", "load-summary.s3of8.json"], 0);
    expect(done.stdout).toBe("1 of 2 segment(s) wrote their load summary; verifying\n");
  });
});
