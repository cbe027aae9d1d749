// drain(): waits for empty queues and a sink count that stopped growing, on a fake clock; times out honestly.
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { drain } from "../../verifier/drain.ts";

const client = new SQSClient({ region: "us-east-1" });
const sqs = mockClient(client);
const queues = [{ name: "ingest", queueUrl: "http://127.0.0.1:1/000000000000/ingest" }];

afterEach(() => sqs.reset());

function clock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

const depth = (visible: number, notVisible = 0) => ({
  Attributes: {
    ApproximateNumberOfMessages: String(visible),
    ApproximateNumberOfMessagesNotVisible: String(notVisible),
    ApproximateNumberOfMessagesDelayed: "0",
  },
});

describe("drain", () => {
  it("waits until the queue is empty and the sink count held still for the settle window", async () => {
    sqs.on(GetQueueAttributesCommand).resolvesOnce(depth(5, 3)).resolvesOnce(depth(0, 2)).resolves(depth(0));
    const counts = [10, 12, 12, 12, 12, 12];
    const { now, sleep } = clock();
    const output = memoryOutput();
    const result = await drain({
      sqs: client,
      queues,
      sinkCount: async () => counts.shift() ?? 12,
      timeoutMs: 60_000,
      settleMs: 2_000,
      output,
      now,
      sleep,
    });
    // t=0 depth 8, t=1 depth 2, t=2 empty (count 10), t=3 count 12, t=4 12, t=5 12: held 2 s since t=3.
    expect(result).toEqual({ waitedMs: 5_000, timedOut: false, remaining: { ingest: 0 } });
    expect(output.stderr).toEqual([
      "[drain] 8 message(s) still to arrive (ingest 8); 1m left",
      "[drain] 2 message(s) still to arrive (ingest 2); 59s left",
      "[drain] queues empty, sink 10 item(s), settling 2s; 58s left",
      "[drain] queues empty, sink 12 item(s), settling 2s; 57s left",
      "[drain] queues empty, sink 12 item(s), settling 1s; 56s left",
      "[drain] settled after 5s; sink 12 item(s)",
    ]);
  });

  it("settles on evidence before the settle window: queues empty and every accepted message in the sink, twice", async () => {
    sqs.on(GetQueueAttributesCommand).resolvesOnce(depth(4)).resolves(depth(0));
    const counts = [8, 12, 12];
    const { now, sleep } = clock();
    const result = await drain({
      sqs: client,
      queues,
      sinkCount: async () => counts.shift() ?? 12,
      expectedSinkCount: 12,
      timeoutMs: 60_000,
      settleMs: 5_000,
      output: memoryOutput(),
      now,
      sleep,
    });
    // t=0 depth 4, t=1 empty (8 of 12), t=2 12 of 12, t=2.25 12 again: settled, 3.75 s before the window would end.
    expect(result).toEqual({ waitedMs: 2_250, timedOut: false, remaining: { ingest: 0 } });
  });

  it("falls back to the settle window when the sink never holds every accepted message", async () => {
    sqs.on(GetQueueAttributesCommand).resolves(depth(0));
    const { now, sleep } = clock();
    const result = await drain({
      sqs: client,
      queues,
      sinkCount: async () => 11,
      expectedSinkCount: 12,
      timeoutMs: 60_000,
      settleMs: 2_000,
      output: memoryOutput(),
      now,
      sleep,
    });
    expect(result).toEqual({ waitedMs: 2_000, timedOut: false, remaining: { ingest: 0 } });
  });

  it("does not settle early on a sink holding more than the accepted count (a duplicate could hide one on its way)", async () => {
    sqs.on(GetQueueAttributesCommand).resolves(depth(0));
    const { now, sleep } = clock();
    const result = await drain({
      sqs: client,
      queues,
      sinkCount: async () => 13,
      expectedSinkCount: 12,
      timeoutMs: 60_000,
      settleMs: 2_000,
      output: memoryOutput(),
      now,
      sleep,
    });
    expect(result).toEqual({ waitedMs: 2_000, timedOut: false, remaining: { ingest: 0 } });
  });

  it("waits for what the target holds outside its queues (event retries), and a failed answer holds nothing", async () => {
    sqs.on(GetQueueAttributesCommand).resolves(depth(0));
    const held: Array<Record<string, number> | Error> = [
      { "event retries": 3 },
      { "event retries": 1 },
      new Error("x"),
    ];
    const { now, sleep } = clock();
    const output = memoryOutput();
    const result = await drain({
      sqs: client,
      queues,
      sinkCount: async () => 7,
      held: async () => {
        const next = held.shift() ?? { "event retries": 0 };
        if (next instanceof Error) throw next;
        return next;
      },
      timeoutMs: 60_000,
      settleMs: 1_000,
      output,
      now,
      sleep,
    });
    expect(result).toEqual({ waitedMs: 3_000, timedOut: false, remaining: { ingest: 0, "event retries": 0 } });
    expect(output.stderr.slice(0, 2)).toEqual([
      "[drain] 3 message(s) still to arrive (ingest 0, event retries 3); 1m left",
      "[drain] 1 message(s) still to arrive (ingest 0, event retries 1); 59s left",
    ]);
  });

  it("counts a slow sink seldom (a count is a full read on AWS), settling only on a fresh count", async () => {
    sqs.on(GetQueueAttributesCommand).resolves(depth(0));
    const { now, sleep } = clock();
    const countedAt: number[] = [];
    const counts = [100, 120, 120];
    const result = await drain({
      sqs: client,
      queues,
      // Each count takes 2 s of the (fake) clock: the next may start 18 s after it ends.
      sinkCount: async () => {
        countedAt.push(now());
        await sleep(2_000);
        return counts.shift() ?? 120;
      },
      timeoutMs: 120_000,
      settleMs: 5_000,
      output: memoryOutput(),
      now,
      sleep,
    });
    expect(countedAt).toEqual([0, 20_000, 40_000]);
    // 120 seen at 22 s and again at 42 s: settled there, not at 27 s between two counts.
    expect(result).toEqual({ waitedMs: 42_000, timedOut: false, remaining: { ingest: 0 } });
  });

  it("gives up at the timeout and says what is left", async () => {
    sqs.on(GetQueueAttributesCommand).resolves(depth(4));
    const { now, sleep } = clock();
    const output = memoryOutput();
    const result = await drain({
      sqs: client,
      queues,
      sinkCount: undefined,
      timeoutMs: 3_000,
      settleMs: 1_000,
      output,
      now,
      sleep,
    });
    expect(result).toEqual({ waitedMs: 3_000, timedOut: true, remaining: { ingest: 4 } });
    expect(output.stderr.at(-1)).toBe("[drain] timed out after 3s; still to arrive: ingest 4");
  });

  it("with a timeout of 0 checks once and does not wait", async () => {
    sqs.on(GetQueueAttributesCommand).resolves(depth(0));
    const { now, sleep } = clock();
    const result = await drain({
      sqs: client,
      queues,
      sinkCount: async () => 1,
      timeoutMs: 0,
      settleMs: 5_000,
      output: memoryOutput(),
      now,
      sleep,
    });
    expect(result).toEqual({ waitedMs: 0, timedOut: false, remaining: { ingest: 0 } });
  });

  it("a target whose queues do not answer at all is unreachable (exit 3), not a long wait", async () => {
    sqs.on(GetQueueAttributesCommand).rejects(new Error("connect ECONNREFUSED 127.0.0.1:1"));
    const { now, sleep } = clock();
    await expect(
      drain({
        sqs: client,
        queues,
        sinkCount: undefined,
        timeoutMs: 60_000,
        settleMs: 0,
        output: memoryOutput(),
        now,
        sleep,
      }),
    ).rejects.toMatchObject({ name: "UnreachableError", exitCode: 3 });
  });

  it("on a terminal fills the bar as the queues empty (rate and time left at that rate), then over the settle window", async () => {
    sqs.on(GetQueueAttributesCommand).resolvesOnce(depth(5, 3)).resolvesOnce(depth(0, 2)).resolves(depth(0));
    const counts = [10, 12, 12, 12, 12, 12];
    const { now, sleep } = clock();
    const output = { ...memoryOutput(), interactive: true };
    await drain({
      sqs: client,
      queues,
      sinkCount: async () => counts.shift() ?? 12,
      timeoutMs: 60_000,
      settleMs: 2_000,
      output,
      now,
      sleep,
    });
    const up = "\x1b[1A\x1b[2K";
    expect(output.stderr).toEqual([
      "[drain] [                        ] 0/8 0% · 1m left\n        8 message(s) still to arrive (ingest 8); deadline in 1m",
      `${up}${up}[drain] [██████████████████      ] 6/8 75% · 6 msg/s · 333ms left\n        2 message(s) still to arrive (ingest 2); deadline in 59s`,
      `${up}${up}[drain] [                        ] 0ms/2s 0% · 2s left\n        queues empty, sink 10 item(s), settling; deadline in 58s`,
      `${up}${up}[drain] [                        ] 0ms/2s 0% · 2s left\n        queues empty, sink 12 item(s), settling; deadline in 57s`,
      `${up}${up}[drain] [████████████            ] 1s/2s 50% · 1s left\n        queues empty, sink 12 item(s), settling; deadline in 56s`,
      `${up}${up}[drain] settled after 5s; sink 12 item(s)`,
    ]);
  });

  it("redraws one progress block on a terminal: a bar over the messages still to arrive, then the last line", async () => {
    sqs.on(GetQueueAttributesCommand).resolvesOnce(depth(1)).resolves(depth(0));
    const { now, sleep } = clock();
    const output = { ...memoryOutput(), interactive: true };
    const stderr: string[] = [];
    output.err = (text: string) => void stderr.push(text);
    await drain({ sqs: client, queues, sinkCount: undefined, timeoutMs: 10_000, settleMs: 0, output, now, sleep });
    expect(stderr).toEqual([
      "[drain] [                        ] 0/1 0% · 10s left\n        1 message(s) still to arrive (ingest 1); deadline in 10s",
      "\x1b[1A\x1b[2K\x1b[1A\x1b[2K[drain] settled after 1s",
    ]);
  });
});
