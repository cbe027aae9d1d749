// The live dashboard without a network: the replay of a run's events, a page that stops reading, the page's policy.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { withDashboard } from "../../runner/dashboard/dashboard.ts";
import { DashboardPortError } from "../../runner/dashboard/errors.ts";
import { EventLog, replayStart } from "../../runner/dashboard/event-log.ts";
import { livePage } from "../../runner/dashboard/page.ts";
import { livePageScript } from "../../runner/dashboard/page-script.ts";
import { allowedHost } from "../../runner/dashboard/server.ts";
import { SseClient, type SseSink } from "../../runner/dashboard/sse-client.ts";
import type { LiveEvent } from "../../runner/live-events.ts";

const second = (t: number): LiveEvent => ({
  kind: "second",
  row: {
    t,
    planned: 10,
    sent: 10,
    written: 10,
    dropped: 0,
    acc: 10,
    rej: 0,
    unk: 0,
    inFlight: 0,
    latency: null,
    sendLagP99: 1,
    status: { "200": 10 },
  },
});

function logOf(events: number): EventLog {
  const log = new EventLog();
  log.append({ kind: "run", runId: "r1", target: "local", scenario: "smoke" });
  for (let i = 1; i < events; i++) log.append(second(1_000 + i));
  return log;
}

/** The SSE frames a page got, as (id, event) pairs. */
function frames(text: string): Array<{ id: number; event: LiveEvent }> {
  return text
    .split("\n\n")
    .filter((f) => f !== "")
    .map((f) => {
      const [id, data] = f.split("\n") as [string, string];
      return { id: Number(id.slice("id: ".length)), event: JSON.parse(data.slice("data: ".length)) as LiveEvent };
    });
}

/** A socket stand-in: takes writes until `room` characters are buffered, then says full until drained. */
class FakeSink implements SseSink {
  received = "";
  buffered = 0;
  destroyed = 0;
  private onDrain: (() => void) | undefined;
  private readonly room: number;
  constructor(room: number) {
    this.room = room;
  }
  write(chunk: string): boolean {
    this.received += chunk;
    this.buffered += chunk.length;
    return this.buffered < this.room;
  }
  once(_event: "drain", listener: () => void): void {
    this.onDrain = listener;
  }
  destroy(): void {
    this.destroyed++;
  }
  /** The peer read everything buffered. */
  drain(): void {
    this.buffered = 0;
    const listener = this.onDrain;
    this.onDrain = undefined;
    listener?.();
  }
}

describe("the event replay", () => {
  it("gives a page that connects late every event from the run's first, in order, ids counting from 1", () => {
    const log = logOf(50);
    const sink = new FakeSink(Number.POSITIVE_INFINITY);
    new SseClient(sink, log, replayStart(undefined, log.length), { stallMs: 1_000, chunkChars: 200 }).pump();
    const got = frames(sink.received);
    expect(got.map((f) => f.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(got[0]?.event).toEqual({ kind: "run", runId: "r1", target: "local", scenario: "smoke" });
    expect(got.slice(1).map((f) => (f.event.kind === "second" ? f.event.row.t : null))).toEqual(
      Array.from({ length: 49 }, (_, i) => 1_001 + i),
    );
  });

  it("resumes a reconnecting page after the Last-Event-ID it sends; a bad or future id", () => {
    expect(replayStart("17", 50)).toBe(17);
    expect(replayStart(" 3 ", 50)).toBe(3);
    expect(replayStart("999", 50)).toBe(50);
    expect(replayStart("abc", 50)).toBe(0);
    expect(replayStart("-4", 50)).toBe(0);
    expect(replayStart(undefined, 50)).toBe(0);
    const log = logOf(20);
    const sink = new FakeSink(Number.POSITIVE_INFINITY);
    new SseClient(sink, log, replayStart("17", log.length), { stallMs: 1_000, chunkChars: 1_000 }).pump();
    expect(frames(sink.received).map((f) => f.id)).toEqual([18, 19, 20]);
  });

  it("sends events appended after the page caught up, and says when it has them all", () => {
    const log = logOf(3);
    const sink = new FakeSink(Number.POSITIVE_INFINITY);
    const page = new SseClient(sink, log, 0, { stallMs: 1_000, chunkChars: 1_000 });
    page.pump();
    expect(page.caughtUp).toBe(true);
    log.append(second(2_000));
    log.append({ kind: "end", at: 5, exitCode: 0 });
    expect(page.caughtUp).toBe(false);
    page.pump();
    expect(page.caughtUp).toBe(true);
    expect(frames(sink.received).map((f) => f.event.kind)).toEqual(["run", "second", "second", "second", "end"]);
  });

  it("joins frames into chunks of at most chunkChars (one frame at least)", () => {
    const log = logOf(10);
    const one = log.chunk(0, 1);
    expect(one.next).toBe(1);
    const all = log.chunk(0, Number.POSITIVE_INFINITY);
    expect(all.next).toBe(10);
    expect(all.text.length).toBe(log.chars);
    const some = log.chunk(2, 700);
    expect(some.text.length).toBeLessThanOrEqual(700);
    expect(frames(some.text).map((f) => f.id)).toEqual(Array.from({ length: some.next - 2 }, (_, i) => i + 3));
  });
});

describe("a page that stops reading", () => {
  it("is not waited for: the run's events go on, the page holds one chunk, and it is dropped after stallMs", () => {
    let clock = 0;
    const log = logOf(1);
    const slow = new FakeSink(1);
    const fast = new FakeSink(Number.POSITIVE_INFINITY);
    const options = { stallMs: 10_000, chunkChars: 4_096, now: () => clock };
    const stuck = new SseClient(slow, log, 0, options);
    const reading = new SseClient(fast, log, 0, options);
    for (let i = 0; i < 5_000; i++) {
      log.append(second(2_000 + i));
      stuck.pump();
      reading.pump();
      clock += 1;
    }
    // Its socket said full on the first write: nothing more was written to it, whatever the log holds now.
    expect(slow.received.length).toBeLessThanOrEqual(4_096);
    expect(log.chars).toBeGreaterThan(100 * 4_096);
    expect(frames(fast.received)).toHaveLength(5_001);
    expect(stuck.dropIfStalled()).toBe(false);
    clock = 10_000;
    expect(stuck.dropIfStalled()).toBe(true);
    expect(slow.destroyed).toBe(1);
    expect(stuck.isClosed).toBe(true);
    // Dropped once; nothing is written to it any more.
    expect(stuck.dropIfStalled()).toBe(false);
    stuck.pump();
    expect(slow.received.length).toBeLessThanOrEqual(4_096);
    expect(reading.dropIfStalled()).toBe(false);
  });

  it("that reads slowly but steadily is kept and gets every event in order", () => {
    let clock = 0;
    const log = logOf(2_000);
    const sink = new FakeSink(8_192);
    const page = new SseClient(sink, log, 0, { stallMs: 10_000, chunkChars: 4_096, now: () => clock });
    page.pump();
    while (!page.caughtUp) {
      clock += 5_000;
      expect(page.dropIfStalled()).toBe(false);
      sink.drain();
    }
    expect(frames(sink.received).map((f) => f.id)).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 1));
    expect(sink.destroyed).toBe(0);
  });
});

describe("the live page", () => {
  it("runs only its own two scripts, by hash, and connects only back to its server", () => {
    const { html, csp } = livePage();
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
    expect(scripts).toHaveLength(2);
    expect(scripts[1]).toBe(livePageScript);
    for (const script of scripts)
      expect(csp).toContain(`'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(html).not.toMatch(/<(img|iframe|object|link rel="stylesheet")/);
  });

  it("answers only the address it printed (no other name resolving to 127.0.0.1)", () => {
    expect(allowedHost("127.0.0.1:4321", 4321)).toBe(true);
    expect(allowedHost("localhost:4321", 4321)).toBe(true);
    expect(allowedHost("127.0.0.1:4322", 4321)).toBe(false);
    expect(allowedHost("evil.example:4321", 4321)).toBe(false);
    expect(allowedHost(undefined, 4321)).toBe(false);
  });

  it.each([
    ["abc", "not a port number"],
    ["70000", "out of range"],
    ["0", "out of range"],
  ])("refuses --dashboard=%s (%s) with exit 4, before the run starts", async (port, reason) => {
    let ran = false;
    const error = await withDashboard({ port, keep: false, output: memoryOutput() }, async () => {
      ran = true;
      return 0;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DashboardPortError);
    expect((error as DashboardPortError).exitCode).toBe(4);
    expect((error as Error).message).toBe(`--dashboard=${port}: ${reason}.`);
    expect(ran).toBe(false);
  });
});
