// Warms a shard before time 0: a short real shard (scheduler, payload, HTTP channel, settle, ledger encoding,
// histograms) against a throwaway loopback stub, never the target, with its ledger thrown away.
//
// V8 runs new code unoptimised for its first few thousand calls. Measured at 26k msg/s on one shard: when only the
// channel was warmed, the first second's send-lag p99 was 100 ms and 1,754 messages were waiting at its end, because
// the shard's own functions were still cold. The warm-up runs the same function literals as the run (V8 keeps
// their feedback and optimised code per literal, not per closure), so the run starts on optimised code.
import { createServer } from "node:net";
import type { ScenarioConfig } from "../../config/schema-scenario.ts";
import type { RenderBody } from "./body-template.ts";
import { httpChannel } from "./channels/http.ts";
import { epochNow, realClock } from "./scheduler.ts";
import { type ShardConfig, startShard } from "./shard.ts";

const response = Buffer.from("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok");

/** Messages sent by the warm-up, and their rate: enough calls for V8 to optimise the hot path, in ~0.2 s. */
const warmMessages = 5_000;
const warmRate = 25_000;
/** The warm-up is an optimisation: whatever happens, it never holds the run up longer than this. */
const warmLimitMs = 3_000;

/** Warms the HTTP path of a shard; does nothing for a shard that sends no HTTP. */
export async function warmUpShard(config: Omit<ShardConfig, "startAt">, render: RenderBody | undefined): Promise<void> {
  const http = config.target.http;
  if (http === undefined || (config.scenario.channels.http ?? 0) <= 0) return;
  const server = createServer((socket) => {
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      // One response per request head seen (the bodies here are small and arrive with their head).
      const text = chunk.toString("latin1");
      for (let at = text.indexOf("\r\n\r\n"); at >= 0; at = text.indexOf("\r\n\r\n", at + 4)) socket.write(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const scenario: ScenarioConfig = {
    executor: "constant-arrival-rate",
    rate: warmRate,
    timeUnit: "1s",
    duration: `${Math.ceil((warmMessages / warmRate) * 1000)}ms`,
    maxInFlight: 256,
    channels: { http: 1 },
    thresholds: {},
    chaos: [],
    gracefulStop: "1s",
  };
  const warmHttp = { ...http, url: `http://127.0.0.1:${port}/warm-up`, timeoutMs: 1_000 };
  const shard = startShard(
    {
      ...config,
      scenario,
      target: { ...config.target, http: warmHttp },
      segment: null,
      worker: 0,
      workers: 1,
      name: "warm-up",
      startAt: epochNow() + 5,
      reportEveryMs: 100,
    },
    {
      clock: realClock(epochNow),
      sink: { write: async () => undefined, close: async () => undefined },
      report: () => {},
      senders: (options) => ({ http: httpChannel(warmHttp, options) }),
      ...(render === undefined ? {} : { render }),
    },
  );
  const limit = setTimeout(() => shard.abandon(), warmLimitMs);
  try {
    await shard.done;
  } finally {
    clearTimeout(limit);
    server.close();
  }
}
