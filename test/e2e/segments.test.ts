// One plan split into execution segments run as separate processes: ledgers are disjoint and verify merges them
// into the same verdict a single run gives.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { newRunId } from "../../common/run-id.ts";
import type { LedgerRecord } from "../../contracts/ledger.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const config = `export default {
  targets: { local: { kind: "local" } },
  scenarios: { steady: { executor: "constant-arrival-rate", rate: 120, duration: "2s" } },
  drain: { timeout: "60s", settle: "2s" },
};
`;

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

function ledgerIds(dir: string, prefix: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .flatMap((name) =>
      readFileSync(join(dir, name), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as LedgerRecord | { end: true })
        .filter((r): r is LedgerRecord => !("end" in r))
        .map((r) => r.id),
    );
}

describe("execution segments", () => {
  const { cwd } = useLocalStack("harness-seg", config);

  it("two segments in two processes make disjoint ledgers whose merged verdict equals a single run's", async () => {
    const runId = newRunId();
    const segment = (i: number) =>
      runCli(
        ["run", "--target", "local", "--scenario", "steady", "--segment", `${i}/2`, "--run-id", runId, "--load-only"],
        {
          cwd,
          timeoutMs: 120_000,
        },
      );
    const [one, two] = await Promise.all([segment(1), segment(2)]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);

    const ledgerDir = join(cwd, "runs", runId, "ledger");
    const first = ledgerIds(ledgerDir, "s1of2-");
    const second = ledgerIds(ledgerDir, "s2of2-");
    expect([first.length, second.length]).toEqual([120, 120]);
    const all = [...first, ...second];
    expect(new Set(all).size).toBe(240);

    const verify = await runCli(["verify", "--run", runId], { cwd, timeoutMs: 120_000 });
    expect(verify.code, verify.stderr).toBe(0);
    const merged = readJson<Verdict>(join(cwd, "runs", runId, "verify.json"));

    const single = await runCli(["run", "--target", "local", "--scenario", "steady"], { cwd, timeoutMs: 120_000 });
    expect(single.code, single.stderr).toBe(0);
    const alone = readJson<Verdict>(join(cwd, "runs", "latest", "verify.json"));

    // The k8s flow with --s3: each segment uploads its run folder; verify brings it back from S3 on another machine.
    const status = JSON.parse((await runCli(["local", "status", "--json"], { cwd })).stdout) as {
      endpoints: { sqs: string };
    };
    const s3 = new S3Client({
      region: "us-east-1",
      endpoint: status.endpoints.sqs,
      forcePathStyle: true,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await s3.send(new CreateBucketCommand({ Bucket: "harness-ledgers" }));
    const runDir = join(cwd, "runs", runId);
    // As `aws s3 cp --recursive` of the run folder does: plan, the segments' load summaries, the ledgers.
    const summaries = readdirSync(runDir).filter((f) => /^load-summary\.s\d+of\d+\.json$/.test(f));
    for (const file of ["plan.json", ...summaries, ...readdirSync(join(runDir, "ledger")).map((f) => `ledger/${f}`)]) {
      await s3.send(
        new PutObjectCommand({
          Bucket: "harness-ledgers",
          Key: `nightly/${runId}/${file}`,
          Body: readFileSync(join(runDir, file)),
        }),
      );
    }
    s3.destroy();
    const elsewhere = join(cwd, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "harness.config.ts"), config);
    const fromS3 = await runCli(["verify", "--ledgers", `s3://harness-ledgers/nightly/${runId}/`], {
      cwd: elsewhere,
      env: { AWS_ENDPOINT_URL_S3: status.endpoints.sqs, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" },
      timeoutMs: 120_000,
    });
    expect(fromS3.code, fromS3.stderr).toBe(0);
    const downloaded = readJson<Verdict>(join(elsewhere, "runs", runId, "verify.json"));

    const counts = (v: Verdict) => Object.fromEntries(Object.entries(v.classes).map(([k, c]) => [k, c.count]));
    expect(merged.valid).toBe(true);
    expect(counts(merged)).toEqual(counts(alone));
    expect(counts(downloaded)).toEqual(counts(alone));
    expect(merged.classes.delivered.count).toBe(240);
  });
});
