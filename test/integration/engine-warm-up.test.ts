// The warm-up runs against its own loopback stub, never the target, and over the target's scheme: an https target's
// shard is warmed over TLS (Node's TLS client is other code than a plain socket's), an http target's over TCP.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { warmUpShard } from "../../loadtests/engine/warm-up.ts";

/** Every client socket the warm-up opens, as Node publishes them, and the address each connected to. */
const sockets: Socket[] = [];
const addresses: Array<string | undefined> = [];
const collect = (message: unknown) => {
  const { socket } = message as { socket: Socket };
  sockets.push(socket);
  socket.once("connect", () => addresses.push(socket.remoteAddress));
};

function target(url: string): ResolvedTarget {
  return {
    name: "warm-up-test",
    kind: "local",
    environment: "local",
    maxRps: 1e9,
    aws: { region: "us-east-1" },
    http: { url, method: "POST", headers: {}, bodyTemplate: '{"id":"{{id}}"}', timeoutMs: 5_000 },
    queues: [],
    sinks: [],
    dlqs: [],
    metrics: [],
  };
}

async function warmUp(url: string): Promise<void> {
  await warmUpShard(
    {
      runId: "r",
      scenarioName: "s",
      // Fast enough to be warmed; the target is never contacted, so nothing listens at its address.
      scenario: scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 5_000, duration: "1s" }),
      target: target(url),
      segment: null,
      worker: 0,
      workers: 1,
      name: "w0",
    },
    undefined,
  );
}

describe("the warm-up", () => {
  afterEach(() => {
    unsubscribe("net.client.socket", collect);
    sockets.length = 0;
    addresses.length = 0;
  });

  it("warms an https target's shard over TLS, on the stub's own port, the stub's certificate unverified", async () => {
    subscribe("net.client.socket", collect);
    await warmUp("https://203.0.113.7:8443/orders");
    expect(sockets.length).toBeGreaterThan(0);
    for (const socket of sockets) expect(socket).toBeInstanceOf(TLSSocket);
    expect(addresses).toHaveLength(sockets.length);
    expect(new Set(addresses)).toEqual(new Set(["127.0.0.1"]));
    // The connections carried the warm-up's messages: the TLS sessions came up (unverified, as said).
    expect(sockets.some((s) => (s as TLSSocket).authorizationError !== undefined)).toBe(true);
  }, 20_000);

  it("warms an http target's shard over plain TCP", async () => {
    subscribe("net.client.socket", collect);
    await warmUp("http://203.0.113.7:8080/orders");
    expect(sockets.length).toBeGreaterThan(0);
    for (const socket of sockets) expect(socket).not.toBeInstanceOf(TLSSocket);
    expect(new Set(addresses)).toEqual(new Set(["127.0.0.1"]));
  }, 20_000);
});
