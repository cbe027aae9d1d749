// The verifier against the real local target and the real engine (issue 5, "Done when"): a clean run proves zero
// loss; each bug mode is caught with exactly the IDs the reference app recorded harming; a consumer failure storm
// shows up as deadLettered with the DLQ's IDs; and the DLQ holds after verify every message it held before.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetQueueAttributesCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsClients, createAwsClients } from "../../aws/clients.ts";
import { memoryOutput } from "../../common/output.ts";
import { newRunId } from "../../common/run-id.ts";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import type { PlanFile } from "../../contracts/plan-file.ts";
import { createRunDir, type RunPaths } from "../../contracts/run-dir.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import type { MessageClass, Verdict } from "../../contracts/verdict.ts";
import { runLoad } from "../../loadtests/engine/index.ts";
import {
  clearHarmed,
  type EnsuredLocal,
  ensureLocalUp,
  localPendingDeliveries,
  readControl,
  setFaults,
} from "../../local/index.ts";
import { verifyRun } from "../../verifier/index.ts";
import { localTarget, tempCwd } from "./local-helpers.ts";

// Gentle rates: the reference app shares two cores with everything else; short visibility so redrive is quick.
const config = localTarget({
  gateway: { rate: 1000, burst: 200 },
  consumers: { batchSize: 10, maxConcurrency: 4, visibilityTimeoutSeconds: 1 },
  maxReceiveCount: 2,
});

describe("verifier against the local target", () => {
  let local: EnsuredLocal;
  let target: ResolvedTarget;
  let aws: AwsClients;
  const runsDir = mkdtempSync(join(tmpdir(), "verifier-local-runs-"));
  const control = () => target.control?.url ?? "";

  beforeAll(async () => {
    local = await ensureLocalUp({ cwd: tempCwd("harness-verifier-local-"), output: memoryOutput() }, "local", config);
    target = local.target;
    aws = createAwsClients(target.aws);
  });

  afterAll(async () => {
    aws?.destroy();
    await local?.stop();
  });

  /** 60 messages over 1 s through the HTTP channel, then drain and verify as `harness run` does. */
  async function loadAndVerify(): Promise<{ run: RunPaths; plan: PlanFile; verdict: Verdict; accepted: string[] }> {
    const runId = newRunId();
    const run = createRunDir(runsDir, runId);
    const scenario = scenarioSchema.parse({
      executor: "constant-arrival-rate",
      rate: 60,
      timeUnit: "1s",
      duration: "1s",
      maxInFlight: 100,
    });
    await runLoad({
      runId,
      scenarioName: "smoke",
      scenario,
      target,
      ledgerDir: run.ledgerDir,
      workers: 0,
      output: memoryOutput(),
      handleSigint: false,
    });
    const plan = {
      schemaVersion: 1,
      runId,
      createdAt: new Date().toISOString(),
      configFile: null,
      targetName: "local",
      target,
      scenarioName: "smoke",
      scenario,
      gates: {},
      drain: { timeoutMs: 60_000, settleMs: 1_500 },
      segment: null,
      versions: {},
    } as unknown as PlanFile;
    const verdict = await verifyRun({
      run,
      plan,
      clients: aws,
      drainTimeoutMs: 60_000,
      settleMs: 1_500,
      pollMs: 250,
      output: memoryOutput(),
      pendingDeliveries: localPendingDeliveries(target),
    });
    const accepted = readFileSync(join(run.ledgerDir, "w0.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id?: string; o?: string })
      .filter((r) => r.o === "acc")
      .map((r) => r.id as string);
    return { run, plan, verdict, accepted };
  }

  const ids = (run: RunPaths, cls: MessageClass) => {
    try {
      return readFileSync(join(run.idListsDir, `${cls}.txt`), "utf8")
        .trim()
        .split("\n")
        .sort();
    } catch {
      return [];
    }
  };
  const counts = (v: Verdict) =>
    Object.fromEntries(
      Object.entries(v.classes)
        .filter(([, r]) => r.count > 0)
        .map(([c, r]) => [c, r.count]),
    );

  it("a clean run is valid: every accepted message delivered once, nothing lost", async () => {
    const { verdict, accepted } = await loadAndVerify();
    expect(accepted.length).toBe(60);
    expect(counts(verdict)).toEqual({ delivered: 60 });
    expect([verdict.valid, verdict.reasons]).toEqual([true, []]);
    expect(verdict.e2eLatency?.count).toBe(60);
    expect(verdict.drain?.timedOut).toBe(false);
  });

  describe.each([
    ["silentDrop", "lost"],
    ["ackBeforeWrite", "lost"],
    ["doubleWrite", "duplicated"],
  ] as const)("bug mode %s", (mode, cls) => {
    it(`is caught as ${cls} with exactly the IDs the app harmed`, async () => {
      await clearHarmed(control());
      await setFaults(control(), { [mode]: 0.2 });
      let result: Awaited<ReturnType<typeof loadAndVerify>>;
      try {
        result = await loadAndVerify();
      } finally {
        await setFaults(control(), { [mode]: 0 });
      }
      const { run, verdict, accepted } = result;
      const harmed = ((await readControl(control())).harmed[mode] ?? []).filter((id) => id.startsWith(run.runId));
      expect(harmed.length).toBeGreaterThan(0);
      expect(ids(run, cls)).toEqual([...harmed].sort());
      expect(counts(verdict)).toEqual({ delivered: accepted.length - harmed.length, [cls]: harmed.length });
      expect(verdict.valid).toBe(cls !== "lost"); // a duplicate is accounted for; a loss is not
    });
  });

  it("a consumer failure storm is deadLettered with the DLQ's IDs, and the DLQ keeps every message", async () => {
    const dlqUrl = target.dlqs.find((d) => d.name === "ingest-dlq")?.queueUrl as string;
    await setFaults(control(), { consumerErrorRate: 1 });
    let result: Awaited<ReturnType<typeof loadAndVerify>>;
    try {
      result = await loadAndVerify();
    } finally {
      await setFaults(control(), { consumerErrorRate: 0 });
    }
    const { run, plan, verdict, accepted } = result;
    expect(counts(verdict)).toEqual({ deadLettered: accepted.length });
    expect(verdict.valid).toBe(true); // accounted for: the gates, not the verdict, judge DLQ arrivals

    // Verify the same run again later (as `harness verify` does): same verdict, and the DLQ exactly as it was.
    const depth = async () => {
      const { Attributes } = await aws.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["All"] }),
      );
      return [
        Number(Attributes?.ApproximateNumberOfMessages),
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible),
      ];
    };
    const before = await depth();
    const again = await verifyRun({ run, plan, clients: aws, drainTimeoutMs: 0, settleMs: 0, output: memoryOutput() });
    expect(counts(again)).toEqual(counts(verdict));
    expect(await depth()).toEqual(before);
    const depthAfterVerify = before[0];
    // Read the DLQ ourselves (held, not deleted): this run's IDs there are exactly the deadLettered list.
    const inDlq: string[] = [];
    for (;;) {
      const { Messages = [] } = await aws.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: 60,
        }),
      );
      if (Messages.length === 0) break;
      for (const m of Messages) inDlq.push(JSON.parse(m.Body ?? "{}").id as string);
    }
    expect(inDlq.length).toBe(depthAfterVerify);
    expect(inDlq.filter((id) => id.startsWith(run.runId)).sort()).toEqual(ids(run, "deadLettered"));
    expect(ids(run, "deadLettered")).toEqual([...accepted].sort());
  });
});
