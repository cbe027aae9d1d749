// Warms a shard before time 0: a short real shard (scheduler, payload, HTTP channel, settle, ledger encoding,
// histograms) against a throwaway loopback stub, never the target, with its ledger thrown away. An https target's
// shard is warmed over TLS (the stub with a certificate made for it, warm-up-tls.ts): Node's TLS client runs other
// code than a plain socket's, and a shard warmed over TCP met it cold at time 0.
//
// V8 runs new code unoptimised for its first few thousand calls, and optimises it on a background thread: a run that
// started on cold code would pay for the compiles in send lag in its first second, and warming only the channel leaves
// the shard's own functions cold.
//
// The warm-up only helps if the run calls the very functions it warmed, on objects of the same shapes, down the
// same branches: hence the hot-path rule, classes not closures (loadtests/engine/README.md).
// What else the warm-up does for that:
// - its stub answers like real servers do (several headers, a JSON body, now and then a 429 or a chunked body), so
//   the response reader's and settle's branches are not first taken on the clock;
// - its rate is not a whole number per millisecond, so arrival times are fractional from the start, as in most runs;
// - it runs across the turn of a second, so closing a second's stats is warm too.
// Measurements: docs/engine-performance.md, "Warm-up" and "The hot-path rule".
import { createServer, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { peakRatePerSecond, type ScenarioConfig } from "../../executors/index.ts";
import { warmRequestAuth } from "./auth/index.ts";
import type { RenderBody } from "./body-template.ts";
import { httpChannel, openHttpConnections } from "./channels/http.ts";
import { epochNow, realClock } from "./scheduler.ts";
import { stripeOf } from "./segments.ts";
import { type ShardConfig, startShard } from "./shard.ts";
import { warmUpIdentity } from "./warm-up-tls.ts";

/** A response with its Content-Length computed. */
function answer(statusLine: string, headers: string, body: string): Buffer {
  return Buffer.from(`HTTP/1.1 ${statusLine}\r\n${headers}Content-Length: ${body.length}\r\n\r\n${body}`, "latin1");
}

/** The stub's answers, in turn: an API Gateway-like and an nginx-like 200, a chunked 200, and a 429 now and then. */
const responses = [
  answer(
    "200 OK",
    "Date: Fri, 27 Nov 2026 02:00:00 GMT\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n" +
      "x-amzn-RequestId: 0f6ad5e4-3b8e-4c1f-9a53-7d2c1b8e9f10\r\nx-amz-apigw-id: Kx1bWF3aIAMEbcQ=\r\n",
    '{"accepted":true}',
  ),
  answer("200 OK", "Server: nginx\r\nDate: Fri, 27 Nov 2026 02:00:00 GMT\r\nContent-Type: text/plain\r\n", "ok"),
  Buffer.from(
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    "latin1",
  ),
  answer("200 OK", "connection: keep-alive\r\n", "ok"),
];
const throttled = answer(
  "429 Too Many Requests",
  "Content-Type: application/json\r\n",
  '{"message":"Too Many Requests"}',
);

/**
 * The warm-up's passes and rate. The second pass (~25k messages) is long enough for the whole hot path, settle and
 * the ledger's record included, to reach V8's top tier before time 0 (docs/engine-performance.md, "Warm-up"). The
 * rate is not a whole number per millisecond (see above).
 */
const firstPassMs = 250;
const secondPassMs = 1_000;
const warmConnections = 16;
/**
 * How long before the first pass's end the stub stops answering, and how long after it answers again: long enough for
 * more than 1,365 messages to wait for a connection (2,000 arrivals on 16 connections), so that the channel's queue is
 * compacted as it drains (http.ts, dispatchWaiting). A backlog at time 0 (a target slow to answer its first requests)
 * met that branch cold, and V8 threw away the optimised onData, complete and release with it: the backlog then drained
 * on unoptimised code (docs/engine-performance.md, "Per-message cost").
 */
const holdMs = 80;
/** The warm-up's bound on messages in flight: below the held arrivals, so that the drop branch is taken too. */
const warmMaxInFlight = 1_800;
const warmRate = 24_997;
/** The warm-up is an optimisation: whatever happens, a pass never holds the run up longer than this. */
const warmLimitMs = 3_000;

/**
 * The peak rate of one shard from which it is warmed. Below it a message is due at most every half millisecond, and
 * cold code showed no more first-second send lag than warm code, while the warm-up held time 0 back by about 1.5 s
 * and filled a core (docs/engine-performance.md, "Warm-up").
 */
export const warmUpFromRate = 2_000;

/** Whether a shard sends fast enough for cold code to show in its send lag; a closed model's rate has no bound. */
export function warmUpWorthIt(config: Pick<ShardConfig, "scenario" | "segment" | "worker" | "workers">): boolean {
  const peak = peakRatePerSecond(config.scenario);
  if (peak === undefined) return true;
  return peak / stripeOf(config.segment, config.worker, config.workers).stride >= warmUpFromRate;
}

/** Warms the HTTP path of a shard; does nothing for a shard that sends no HTTP, or too slowly to need it. */
export async function warmUpShard(config: Omit<ShardConfig, "startAt">, render: RenderBody | undefined): Promise<void> {
  const http = config.target.http;
  if (http === undefined || (config.scenario.channels.http ?? 0) <= 0 || !warmUpWorthIt(config)) return;
  let answered = 0;
  const secure = new URL(http.url).protocol === "https:";
  // Answers due from `holdFrom` on wait until the pass has ended (see the first pass below).
  let holdFrom = Number.POSITIVE_INFINITY;
  const held: Array<[Socket, Buffer]> = [];
  const answer = (socket: Socket) => {
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      // One response per request head seen (the bodies here are small and arrive with their head).
      const text = chunk.toString("latin1");
      for (let at = text.indexOf("\r\n\r\n"); at >= 0; at = text.indexOf("\r\n\r\n", at + 4)) {
        answered++;
        const response = answered % 50 === 0 ? throttled : (responses[answered % responses.length] as Buffer);
        if (epochNow() >= holdFrom) held.push([socket, response]);
        else socket.write(response);
      }
    });
  };
  const server = secure
    ? createTlsServer({ ...warmUpIdentity(), ALPNProtocols: ["http/1.1"] }, answer)
    : createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  // Over TLS the stub's made-up certificate is accepted unverified, as http.tls.rejectUnauthorized: false does.
  const warmHttp = {
    ...http,
    url: `${secure ? "https" : "http"}://127.0.0.1:${port}/warm-up`,
    timeoutMs: 1_000,
    ...(secure ? { tls: { ...http.tls, rejectUnauthorized: false } } : {}),
  };
  // A target with http.auth is warmed with its kind of auth (made-up credentials), so signing is warm at time 0 too.
  const auth = await warmRequestAuth({ ...config.target, http: warmHttp });
  const pass = async (durationMs: number, startAt: number) => {
    // Connected before the pass starts, as the run's connections are before time 0.
    const opened = {
      ...(await openHttpConnections(warmHttp, warmConnections)),
      ...(auth === undefined ? {} : { auth }),
    };
    const scenario: ScenarioConfig = {
      executor: "constant-arrival-rate",
      rate: warmRate,
      timeUnitMs: 1000,
      durationMs,
      maxInFlight: warmMaxInFlight,
      channels: { http: 1 },
      thresholds: {},
      chaos: [],
      gracefulStopMs: 1000,
    };
    const shard = startShard(
      {
        ...config,
        scenario,
        target: { ...config.target, http: warmHttp },
        segment: null,
        worker: 0,
        workers: 1,
        name: "warm-up",
        startAt,
        reportEveryMs: 100,
      },
      {
        clock: realClock(epochNow),
        sink: { write: async () => undefined, close: async () => undefined },
        report: () => {},
        // Few connections, so that messages also wait for one and the channel's queue is warm too.
        senders: (options) => ({
          http: httpChannel(warmHttp, { ...options, connections: warmConnections }, opened),
        }),
        ...(render === undefined ? {} : { render }),
      },
    );
    const limit = setTimeout(() => shard.abandon(), warmLimitMs);
    try {
      await shard.done;
    } finally {
      clearTimeout(limit);
    }
  };
  try {
    // The first pass takes every branch once, the turn of a second and the end of a run included; V8 throws away
    // optimised code that meets a branch it never saw taken, which the end of the first pass does. The second pass
    // is optimised with all of that known, and ends with nothing new: the run starts on its code. The stub holds its
    // answers over the first pass's last milliseconds, so that pass ends with messages in flight and its last
    // answer ends it through settle (a pass that happened to end with none in flight left that branch to the
    // second pass, whose optimised settle was then thrown away just before time 0).
    const firstStart = acrossASecond(epochNow());
    holdFrom = firstStart + firstPassMs - holdMs;
    const release = setTimeout(
      () => {
        holdFrom = Number.POSITIVE_INFINITY;
        for (const [socket, response] of held.splice(0)) socket.write(response);
      },
      firstStart + firstPassMs + holdMs - epochNow(),
    );
    try {
      await pass(firstPassMs, firstStart);
    } finally {
      clearTimeout(release);
      holdFrom = Number.POSITIVE_INFINITY;
    }
    await pass(secondPassMs, epochNow() + 5);
  } finally {
    auth?.close();
    server.close();
  }
}

/** A start time 5 ms or more from now at which the first pass is half done when an epoch second turns (so up to 1 s
 * away): the shard closes its first second's stats in the warm-up, not first on the clock. */
export function acrossASecond(now: number): number {
  const turn = Math.ceil((now + 5 + firstPassMs / 2) / 1000) * 1000;
  return turn - firstPassMs / 2;
}
