// The engine's own HTTP/1.1 channel against Node's HTTP and HTTPS servers: outcomes for every kind of answer,
// connection reuse, timeouts and resets, TLS trusted and not, and a header that would smuggle another one in.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createTcpServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outcome } from "../../contracts/ledger.ts";
import { httpChannel, openHttpConnections } from "../../loadtests/engine/channels/http.ts";
import { ChannelConfigError } from "../../loadtests/engine/errors.ts";
import { Message } from "../../loadtests/engine/message.ts";

let server: Server;
let base = "";
const sockets = new Set<unknown>();
/** Requests the last send() reported written. */
let written = 0;
const bodies: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    sockets.add(req.socket);
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
    });
    req.on("end", () => {
      bodies.push(`${req.headers["x-team"] ?? ""}|${body}`);
      const path = req.url ?? "";
      if (path === "/ok") res.writeHead(200, { "content-length": "2" }).end("ok");
      else if (path === "/chunked") {
        res.writeHead(201);
        res.write("part one, ");
        setTimeout(() => res.end("part two"), 5);
      } else if (path === "/throttled") res.writeHead(429, { connection: "close" }).end("slow down");
      else if (path === "/broken") res.writeHead(503).end();
      else if (path === "/reset") req.socket.destroy();
      // "/silent": never answers.
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function send(
  path: string,
  count: number,
  options: { timeoutMs?: number; connections?: number; base?: string } = {},
) {
  const results: Array<[number, Outcome, string | undefined]> = [];
  written = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const channel = httpChannel(
    {
      url: `${options.base ?? base}${path}`,
      method: "POST",
      headers: { "x-team": "orders" },
      bodyTemplate: "",
      timeoutMs: options.timeoutMs ?? 5_000,
    },
    {
      connections: options.connections ?? 4,
      now: Date.now,
      events: {
        written: (_at, count) => {
          written += count;
        },
        settle: (_m, status, outcome, err) => {
          results.push([status, outcome, err]);
          if (results.length === count) done();
        },
      },
    },
  );
  for (let n = 0; n < count; n++)
    channel.send(new Message(n, `m-${n}`, "http", Date.now(), 0, -1), `{"id":"m-${n}","é":1}`, "");
  await all;
  await channel.close();
  return results;
}

/**
 * A bare keep-alive server that answers 200 to every request head: it counts the connections it accepted, keeps the
 * open ones, and once hostile closes every new connection at once.
 */
async function keepAliveServer() {
  const state = {
    accepted: 0,
    hostile: false,
    open: new Set<Socket>(),
    raw: createTcpServer((socket) => {
      state.accepted++;
      if (state.hostile) {
        socket.destroy();
        return;
      }
      state.open.add(socket);
      socket.on("close", () => state.open.delete(socket));
      socket.on("data", (chunk) => {
        if (chunk.includes("\r\n\r\n")) socket.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
      });
    }),
    target: { url: "", method: "POST" as const, headers: {}, bodyTemplate: "", timeoutMs: 2_000 },
  };
  await new Promise<void>((resolve) => state.raw.listen(0, "127.0.0.1", resolve));
  state.target.url = `http://127.0.0.1:${(state.raw.address() as AddressInfo).port}/x`;
  return state;
}

/** A channel (8 connections at most) on `prepared` connections opened and accepted by the server first; the outcomes
 * it settles, in order. */
async function preparedChannel(
  server: Awaited<ReturnType<typeof keepAliveServer>>,
  prepared: number,
  maxIdleMs: number,
) {
  const outcomes: Outcome[] = [];
  const opened = await openHttpConnections(server.target, prepared);
  await expect.poll(() => server.accepted).toBe(prepared);
  const channel = httpChannel(
    server.target,
    {
      connections: 8,
      now: Date.now,
      events: { settle: (_m, _s, o) => outcomes.push(o), written: () => {} },
      maxIdleMs,
    },
    opened,
  );
  return { channel, outcomes };
}

describe("the HTTP channel", () => {
  it("reuses a few keep-alive connections for many requests, body and headers intact", async () => {
    sockets.clear();
    bodies.length = 0;
    const results = await send("/ok", 200, { connections: 3 });
    expect(results).toEqual(Array.from({ length: 200 }, () => [200, "acc", undefined]));
    // Each request counted once as written, including the 197 that waited for one of the 3 connections.
    expect(written).toBe(200);
    expect(sockets.size).toBe(3);
    expect(bodies).toContain('orders|{"id":"m-199","é":1}');
  });

  it("reads chunked answers, and reconnects after a server closes the connection", async () => {
    expect(await send("/chunked", 20)).toEqual(Array.from({ length: 20 }, () => [201, "acc", undefined]));
    expect(await send("/throttled", 20)).toEqual(Array.from({ length: 20 }, () => [429, "rej", "HTTP 429"]));
    expect(await send("/broken", 5)).toEqual(Array.from({ length: 5 }, () => [503, "unk", "HTTP 503"]));
  });

  it("a reset connection or no answer within the timeout is unknown, never accepted", async () => {
    const reset = await send("/reset", 4);
    expect(reset.map(([s, o]) => [s, o])).toEqual(Array.from({ length: 4 }, () => [0, "unk"]));
    const started = Date.now();
    expect(await send("/silent", 3, { timeoutMs: 300 })).toEqual(
      Array.from({ length: 3 }, () => [0, "unk", "timeout"]),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuses a header value with a line break (it would inject a header)", () => {
    expect(() =>
      httpChannel(
        { url: `${base}/ok`, method: "POST", headers: { "x-a": "1\r\nx-evil: 2" }, bodyTemplate: "", timeoutMs: 1_000 },
        { connections: 1, now: Date.now, events: { settle: () => {}, written: () => {} } },
      ),
    ).toThrow(ChannelConfigError);
  });

  it("speaks HTTPS to a server it trusts, and a certificate it does not trust is unknown, never accepted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "engine-tls-"));
    const defaults = tls.getCACertificates("default");
    try {
      // A throwaway self-signed certificate for 127.0.0.1, made here (openssl is part of the Debian base system).
      const request =
        "req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1";
      const files = ["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")];
      execFileSync("openssl", [...request.split(" "), ...files], { stdio: "ignore" });
      const cert = readFileSync(join(dir, "cert.pem"), "utf8");
      const secure = createHttpsServer({ key: readFileSync(join(dir, "key.pem")), cert }, (req, res) => {
        req.resume();
        req.on("end", () => res.writeHead(200, { "content-length": "2" }).end("ok"));
      });
      await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
      const secureBase = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
      try {
        const untrusted = await send("/ok", 3, { base: secureBase });
        expect(untrusted.map(([s, o]) => [s, o])).toEqual(Array.from({ length: 3 }, () => [0, "unk"]));
        tls.setDefaultCACertificates([...defaults, cert]);
        expect(await send("/ok", 50, { base: secureBase, connections: 2 })).toEqual(
          Array.from({ length: 50 }, () => [200, "acc", undefined]),
        );
      } finally {
        secure.closeAllConnections();
        await new Promise((r) => secure.close(r));
      }
    } finally {
      tls.setDefaultCACertificates(defaults);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps a prepared set that sends cycle through open, with no reconnect", async () => {
    const server = await keepAliveServer();
    const { channel, outcomes } = await preparedChannel(server, 8, 800);
    try {
      // One message at a time, every 20 ms for 1.2 s: the top of the stack alone would carry them all, and the other
      // seven would age out and be reopened.
      for (let n = 0; n < 60; n++) {
        channel.send(new Message(n, `m-${n}`, "http", Date.now(), 0, -1), "{}", "");
        await new Promise((r) => setTimeout(r, 20));
      }
      await expect.poll(() => outcomes.length).toBe(60);
      expect(outcomes.every((o) => o === "acc")).toBe(true);
      expect(server.accepted).toBe(8);
    } finally {
      await channel.close();
      server.raw.close();
    }
  });

  it("keeps its prepared connections fresh off the send path, and does not hammer a server that closes them", async () => {
    const server = await keepAliveServer();
    const { open } = server;
    const { channel, outcomes } = await preparedChannel(server, 3, 150);
    try {
      await new Promise((r) => setTimeout(r, 500));
      // Replaced at least once each, and still three open.
      expect(server.accepted).toBeGreaterThanOrEqual(6);
      expect(open.size).toBe(3);
      for (let n = 0; n < 5; n++) channel.send(new Message(n, `m-${n}`, "http", Date.now(), 0, -1), "{}", "");
      await new Promise((r) => setTimeout(r, 100));
      expect(outcomes).toEqual(["acc", "acc", "acc", "acc", "acc"]);
      // Now every connection is closed by the server at once: the channel replaces what aged, not what was closed.
      server.hostile = true;
      const before = server.accepted;
      for (const socket of open) socket.destroy();
      await new Promise((r) => setTimeout(r, 600));
      expect(server.accepted - before).toBeLessThanOrEqual(3);
    } finally {
      await channel.close();
      server.raw.close();
    }
  });
});
