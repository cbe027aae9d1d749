// Benchmark of the embedded local target (issues 3, 17): the sustained messages/s through API -> queue -> consumer ->
// sink with zero loss, the gateway's p99 at 1,500/s, and CPU per process, as medians of several short open-model runs,
// beside the raw fauxqs SendMessageBatch ceiling measured in the same run.
//
//   npm run bench:local                                  # rate ladder 500..2500/s; 3 runs of 4 s each
//   npm run bench:local -- --rates 300,600 --seconds 5 --runs 3 --pollers 16 --window 100 --processes 2
import { mkdtempSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, DeleteQueueCommand } from "@aws-sdk/client-sqs";
import { Pool } from "undici";
import { type AwsClients, createAwsClients } from "../aws/clients.ts";
import { newRunId } from "../common/run-id.ts";
import { localTargetSchema } from "../config/schema-target.ts";
import { messageId } from "../contracts/message-id.ts";
import { sqsJsonClient } from "../local/app/sqs-json.ts";
import { readControl } from "../local/control-client.ts";
import { resolveLocalTarget } from "../local/resolve.ts";
import { localCredentials, localRegion } from "../local/resources.ts";
import { startStack, stopStack } from "../local/stack.ts";
import type { LocalState } from "../local/state.ts";
import { queueDepth } from "../test/integration/local-helpers.ts";

const { values: args } = parseArgs({
  options: {
    rates: { type: "string", default: "500,1000,1500,2000,2500" },
    /** The rate at which the gateway's p99 is reported (the spike scenario's peak). */
    "p99-rate": { type: "string", default: "1500" },
    seconds: { type: "string", default: "4" },
    runs: { type: "string", default: "3" },
    "max-lag": { type: "string", default: "2" },
    /** The ESM's maximum pollers per queue (the target's consumers.maxConcurrency; they scale from 5 up to it). */
    pollers: { type: "string", default: "32" },
    /** The mapping's MaximumBatchingWindow in ms (AWS's default for standard queues is 0). */
    window: { type: "string", default: "0" },
    /** Processes the reference consumer's invocations are spread over (the target's consumers.processes). */
    processes: { type: "string", default: "1" },
  },
});
const rates = (args.rates ?? "").split(",").map(Number);
const seconds = Number(args.seconds);
const runs = Number(args.runs);
/** A rate is sustained when the pipeline finishes within this many seconds of the last send (no growing backlog). */
const maxLagS = Number(args["max-lag"]);

const clockTicks = 100; // USER_HZ on Linux

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return Number.NaN;
  }
}

/** The live child processes of a process (the reference consumer's processes under the lambda process). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds of a process's live children and theirs (a child that exits mid-trial drops out of the sum). */
function childrenCpuSeconds(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  const visit = (parent: number) => {
    for (const child of childrenOf(parent)) {
      const used = cpuSeconds(child);
      if (!Number.isNaN(used)) out.set(child, used);
      visit(child);
    }
  };
  visit(pid);
  return out;
}

/** Busy and total jiffies of the whole machine (first line of /proc/stat), to tell a saturated machine from a slow process. */
function machineJiffies(): { busy: number; total: number } {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

interface Trial {
  offered: number;
  accepted: number;
  rejected: number;
  delivered: number;
  lost: number;
  /** Seconds from the last send to the last sink write. */
  lagS: number;
  /** Sink items per second, first to last write. */
  sinkRate: number;
  cpu: Record<string, number>;
  /** Records per invocation: how full the consumer's batches were. */
  batchFill: number;
  /** Event source mapping pollers running at the end of the trial (both queues). */
  pollers: number;
  /** CPU milliseconds each process spent per accepted message: holds under contention, unlike rates. */
  cpuPerMessageMs: Record<string, number>;
  /** Share of all cores busy during the trial (ours and anything else on the machine), %. */
  machineBusy: number;
  /** The gateway's answer time as the client saw it, from each request's intended send time, ms. */
  p50: number;
  p99: number;
}

async function sinkIds(aws: AwsClients, table: string, runId: string): Promise<{ ids: Set<string>; times: number[] }> {
  const ids = new Set<string>();
  const times: number[] = [];
  let start: Record<string, import("@aws-sdk/client-dynamodb").AttributeValue> | undefined;
  do {
    const page = await aws.dynamodb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "runId = :r",
        ExpressionAttributeValues: { ":r": { S: runId } },
        ProjectionExpression: "id, processedAt",
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      ids.add(item.id?.S ?? "");
      times.push(Number(item.processedAt?.N));
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return { ids, times };
}

/** Open model: requests start on schedule whether or not earlier ones finished (no coordinated omission). */
async function sendAtRate(pool: Pool, rate: number, durationS: number, runId: string) {
  const accepted: string[] = [];
  const latencies: number[] = [];
  let rejected = 0;
  let sent = 0;
  const total = Math.round(rate * durationS);
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    for (; sent < due; sent++) {
      const id = messageId(runId, "bench", sent);
      const body = `{"id":"${id}","sentAt":${Date.now()}}`;
      const intended = started + (sent * 1000) / rate;
      const p = pool
        .request({ path: "/orders", method: "POST", headers: { "content-type": "application/json" }, body })
        .then(async (res) => {
          await res.body.dump();
          latencies.push(performance.now() - intended);
          if (res.statusCode === 200) accepted.push(id);
          else rejected += 1;
        })
        .catch(() => {
          rejected += 1;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const lastSend = Date.now();
  await Promise.all(inFlight);
  return { accepted, rejected, lastSend, offered: total, latencies };
}

async function trial(state: LocalState, aws: AwsClients, pool: Pool, rate: number): Promise<Trial> {
  const resources = state.resources;
  if (resources === undefined) throw new Error("stack has no resources");
  const runId = newRunId();
  const control = state.endpoints?.control ?? "";
  const statsBefore = (await readControl(control)).stats;
  const cpuBefore = Object.fromEntries(state.services.map((s) => [s.name, cpuSeconds(s.pid)]));
  const childrenBefore = new Map(state.services.map((s) => [s.name, childrenCpuSeconds(s.pid)]));
  const loadBefore = process.cpuUsage();
  const machineBefore = machineJiffies();
  const wallStart = performance.now();
  const sent = await sendAtRate(pool, rate, seconds, runId);
  // Drain: wait until the ingest queue is empty and the sink holds every accepted ID, or give up.
  const deadline = Date.now() + 30_000;
  let sink = await sinkIds(aws, resources.table, runId);
  while (Date.now() < deadline) {
    if (sink.ids.size >= sent.accepted.length && (await queueDepth(aws, resources.ingestQueueUrl)) === 0) break;
    await new Promise((r) => setTimeout(r, 250));
    sink = await sinkIds(aws, resources.table, runId);
  }
  const wallS = (performance.now() - wallStart) / 1000;
  const load = process.cpuUsage(loadBefore);
  const machineAfter = machineJiffies();
  const cpu: Record<string, number> = {
    loadgen: (load.user + load.system) / 1e6 / wallS,
  };
  const cpuPerMessageMs: Record<string, number> = {};
  for (const s of state.services) {
    const used = cpuSeconds(s.pid) - (cpuBefore[s.name] ?? 0);
    cpu[s.name] = used / wallS;
    cpuPerMessageMs[s.name] = (used * 1000) / Math.max(1, sent.accepted.length);
    const before = childrenBefore.get(s.name) ?? new Map<number, number>();
    let childrenUsed = 0;
    for (const [pid, now] of childrenCpuSeconds(s.pid)) childrenUsed += now - (before.get(pid) ?? 0);
    if (childrenUsed > 0) {
      cpu[`${s.name}-children`] = childrenUsed / wallS;
      cpuPerMessageMs[`${s.name}-children`] = (childrenUsed * 1000) / Math.max(1, sent.accepted.length);
    }
  }
  const statsAfter = (await readControl(control)).stats;
  const delta = (name: string) => (statsAfter[name] ?? 0) - (statsBefore[name] ?? 0);
  const lost = sent.accepted.filter((id) => !sink.ids.has(id)).length;
  const first = Math.min(...sink.times);
  const last = Math.max(...sink.times);
  return {
    offered: sent.offered,
    accepted: sent.accepted.length,
    rejected: sent.rejected,
    delivered: sink.ids.size,
    lost,
    lagS: (last - sent.lastSend) / 1000,
    sinkRate: sink.times.length / Math.max(0.001, (last - first) / 1000),
    cpu,
    cpuPerMessageMs,
    machineBusy:
      (100 * (machineAfter.busy - machineBefore.busy)) / Math.max(1, machineAfter.total - machineBefore.total),
    batchFill: delta("local:RecordsReceived") / Math.max(1, delta("AWS/Lambda:Invocations")),
    pollers: statsAfter["local:Pollers"] ?? 0,
    p50: percentile(sent.latencies, 0.5),
    p99: percentile(sent.latencies, 0.99),
  };
}

function percentile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

/**
 * The raw fauxqs ceiling: SendMessageBatch of 10 as fast as 16 concurrent senders go, for `durationS`, on a scratch
 * queue, through the same lean client the gateway uses. Messages per second.
 */
async function fauxqsCeiling(aws: AwsClients, endpoint: string, durationS: number): Promise<number> {
  const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: `bench-ceiling-${Date.now()}` }));
  if (QueueUrl === undefined) throw new Error("CreateQueue returned no QueueUrl");
  const client = sqsJsonClient({ endpoint, region: localRegion, credentials: localCredentials, connections: 16 });
  const body = `{"id":"${"x".repeat(40)}","sentAt":${Date.now()}}`;
  const Entries = Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: body }));
  let sent = 0;
  const started = performance.now();
  const until = started + durationS * 1000;
  const sender = async () => {
    while (performance.now() < until) {
      const answer = await client.call<{ Successful?: unknown[] }>("SendMessageBatch", { QueueUrl, Entries });
      sent += answer.Successful?.length ?? 0;
    }
  };
  await Promise.all(Array.from({ length: 16 }, sender));
  const rate = sent / ((performance.now() - started) / 1000);
  await client.close();
  await aws.sqs.send(new DeleteQueueCommand({ QueueUrl }));
  return rate;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)] ?? Number.NaN);
};

/**
 * CPU cost per message per process (medians over every trial) and the ceilings they imply: a single-threaded
 * process cannot pass one core, and all of them together cannot pass the machine's cores.
 */
function printCosts(costs: ReadonlyArray<Record<string, number>>): void {
  const names = Object.keys(costs[0] ?? {});
  const cost = Object.fromEntries(names.map((n) => [n, median(costs.map((c) => c[n] ?? 0))]));
  const total = Object.values(cost).reduce((a, b) => a + b, 0);
  const [hot, hotMs] = Object.entries(cost).sort((a, b) => b[1] - a[1])[0] ?? ["?", 0];
  console.log(
    `\nCPU ms per message: ${Object.entries(cost)
      .map(([n, v]) => `${n} ${v.toFixed(2)}`)
      .join(", ")}; total ${total.toFixed(2)} (load generator not included).`,
  );
  console.log(
    `Ceilings these costs imply on an otherwise idle machine: ${hot} saturates one core at ` +
      `${(1000 / hotMs).toFixed(0)} msg/s; all processes together fill ${availableParallelism()} cores at ` +
      `${((1000 * availableParallelism()) / total).toFixed(0)} msg/s.`,
  );
}

/** Names the bottleneck from measurements: a saturated machine, a saturated single-threaded process, or neither. */
function bottleneck(cpu: Record<string, number>, machineBusy: number): string {
  const [hot, hotCpu] = Object.entries(cpu)
    .filter(([n]) => n !== "loadgen")
    .sort((a, b) => b[1] - a[1])[0] ?? ["?", 0];
  const share = `${hot} at ${hotCpu.toFixed(0)}% of one core`;
  if (hotCpu >= 85) return `${hot} (single-threaded, ${share})`;
  if (machineBusy >= 90) {
    return `the machine's CPU (${machineBusy.toFixed(0)}% of all cores busy, other work included); busiest of ours: ${share}`;
  }
  return `no process is CPU-bound (busiest: ${share}; machine ${machineBusy.toFixed(0)}% busy): the consumers are latency-bound (pollers x round trips to fauxqs and dynalite)`;
}

async function main(): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), "bench-local-"));
  // Stage throttling far above the ladder: the bench measures the pipeline, not the configured quota.
  const target = localTargetSchema.parse({
    kind: "local",
    gateway: { rate: 100_000, burst: 10_000 },
    consumers: {
      batchSize: 10,
      maxConcurrency: Number(args.pollers),
      visibilityTimeoutSeconds: 30,
      processes: Number(args.processes),
    },
  });
  const state = await startStack(cwd, "local", target, { faults: { consumerBatchWindowMs: Number(args.window) } });
  const resolved = resolveLocalTarget(state, "local", target);
  const aws = createAwsClients(resolved.aws);
  const pool = new Pool(state.endpoints?.gateway ?? "", { connections: 64 });
  console.log(
    `local target up in ${state.readyMs} ms; consumers: batch ${target.consumers.batchSize}, ` +
      `up to ${target.consumers.maxConcurrency} pollers per queue, batching window ${args.window} ms, ` +
      `the consumer in ${target.consumers.processes ?? 1} process(es); ${availableParallelism()} cores; ` +
      `load average ${loadavg()[0]?.toFixed(1)}; ${runs} runs x ${seconds} s per rate`,
  );
  const ceilings: number[] = [];
  for (let i = 0; i < runs; i++) ceilings.push(await fauxqsCeiling(aws, state.endpoints?.sqs ?? "", 2));
  const ceiling = median(ceilings);
  console.log(
    `raw fauxqs SendMessageBatch ceiling: ${ceiling.toFixed(0)} messages/s (median of ${runs} x 2 s; ` +
      `runs ${ceilings.map((c) => c.toFixed(0)).join(", ")})`,
  );
  console.log(
    "rate/s  accepted  rejected  lost  sink/s  lag s  batch  pollers  p50 ms  p99 ms  machine%  CPU % of one core: processes (medians)",
  );
  const p99Rate = Number(args["p99-rate"]);
  let p99AtRate: number | undefined;
  let best: { rate: number; sinkRate: number; cpu: Record<string, number>; machine: number } | undefined;
  const costs: Array<Record<string, number>> = [];
  let limit: string | undefined;
  try {
    for (const rate of rates) {
      const trials: Trial[] = [];
      for (let i = 0; i < runs; i++) trials.push(await trial(state, aws, pool, rate));
      const names = Object.keys(trials[0]?.cpu ?? {});
      const cpu = Object.fromEntries(names.map((n) => [n, median(trials.map((t) => (t.cpu[n] ?? 0) * 100))]));
      const sinkRate = median(trials.map((t) => t.sinkRate));
      const machine = median(trials.map((t) => t.machineBusy));
      const sum = (f: (t: Trial) => number) => trials.reduce((a, t) => a + f(t), 0);
      costs.push(...trials.map((t) => t.cpuPerMessageMs));
      // Sustained: nothing lost or refused, the sink kept pace (within 10%) and finished within the lag bound.
      const ok = trials.every((t) => t.lost === 0 && t.rejected === 0 && t.lagS <= maxLagS && t.sinkRate >= 0.9 * rate);
      const cells = [
        String(rate).padStart(6),
        String(sum((t) => t.accepted)).padStart(8),
        String(sum((t) => t.rejected)).padStart(8),
        String(sum((t) => t.lost)).padStart(4),
        sinkRate.toFixed(0).padStart(6),
        median(trials.map((t) => t.lagS))
          .toFixed(2)
          .padStart(5),
        median(trials.map((t) => t.batchFill))
          .toFixed(1)
          .padStart(5),
        median(trials.map((t) => t.pollers))
          .toFixed(0)
          .padStart(7),
        median(trials.map((t) => t.p50))
          .toFixed(1)
          .padStart(6),
        median(trials.map((t) => t.p99))
          .toFixed(1)
          .padStart(6),
        machine.toFixed(0).padStart(8),
        Object.entries(cpu)
          .map(([n, v]) => `${n} ${v.toFixed(0)}`)
          .join(", "),
      ];
      console.log(cells.join("  ") + (ok ? "" : "   <- not sustained"));
      if (rate === p99Rate) p99AtRate = median(trials.map((t) => t.p99));
      if (!ok) {
        limit = bottleneck(cpu, machine);
        break;
      }
      best = { rate, sinkRate, cpu, machine };
    }
    // The gateway's p99 at the spike's peak, even when the ladder stopped below it: the gateway answers on enqueue.
    if (p99AtRate === undefined) {
      const trials: Trial[] = [];
      for (let i = 0; i < runs; i++) trials.push(await trial(state, aws, pool, p99Rate));
      p99AtRate = median(trials.map((t) => t.p99));
      console.log(
        `${String(p99Rate).padStart(6)}  gateway only: p50 ${median(trials.map((t) => t.p50)).toFixed(1)} ms, ` +
          `p99 ${p99AtRate.toFixed(1)} ms, rejected ${trials.reduce((a, t) => a + t.rejected, 0)}`,
      );
    }
  } finally {
    await pool.close();
    aws.destroy();
    await stopStack(cwd);
  }
  printCosts(costs);
  const goal = Math.min(2000, 0.3 * ceiling);
  console.log(
    `\nGoal (issue 17): sustained >= ${goal.toFixed(0)} msg/s (2,000, or 0.3 x the fauxqs ceiling of ${ceiling.toFixed(0)}, ` +
      `whichever is lower): ${best !== undefined && best.rate >= goal ? "met" : "not met"} (sustained ${best?.rate ?? 0}/s = ` +
      `${((best?.rate ?? 0) / ceiling).toFixed(2)} x the ceiling); gateway p99 at ${p99Rate}/s: ` +
      (p99AtRate === undefined
        ? "not measured (not in the ladder, or the ladder stopped below it)"
        : `${p99AtRate.toFixed(1)} ms`) +
      (p99AtRate !== undefined ? (p99AtRate < 50 ? " (under 50 ms: met)" : " (50 ms or more: not met)") : "."),
  );
  if (best === undefined) {
    console.log(`\nNo rate in the ladder was sustained with zero loss within ${maxLagS} s of lag; limit: ${limit}.`);
    return;
  }
  console.log(
    `\nSustained with zero loss: ${best.rate} messages/s through API -> queue -> consumer -> sink ` +
      `(sink ${best.sinkRate.toFixed(0)}/s; median of ${runs} x ${seconds} s runs).`,
  );
  console.log(`At that rate: ${bottleneck(best.cpu, best.machine)}.`);
  if (limit !== undefined) console.log(`At the next rate it fell behind; limit: ${limit}.`);
  else console.log("Every rate in the ladder was sustained: raise --rates to find the limit.");
}

await main();
