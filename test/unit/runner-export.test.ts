// The Kubernetes Indexed Job: one pod per segment, shared run ID, no retries, ledgers on the shared volume.
import { describe, expect, it } from "vitest";
import { k8sIndexedJob } from "../../runner/export/k8s-job.ts";
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
