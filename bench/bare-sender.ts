// The floor for bench:engine's send lag: an open-model sender with no engine in it, run as its own process at the
// engine's planned rate against the same nginx. One prebuilt request, no IDs, no payload, no ledger, no histograms;
// the same connection handling as the engine's HTTP channel (256 connections opened before time 0, idle ones on a
// stack, a FIFO of arrivals waiting for one) and the same timer discipline (sleep until the next arrival, fire all
// that are due). Whatever send lag it shows at a rate is this machine's and this target's, not the engine's.
//
//   node bench/bare-sender.ts <url> <rate/s> <seconds> [connections] [ca.pem] [other|same]   -> one JSON line
//
// An https URL is sent over TLS (the certificate checked against ca.pem when given), each connection's handshake done
// before time 0, as the engine's are.
//
// Like the engine, it starts warm: it sends for a second at the same rate before its plan's time 0, on the same
// functions (V8 optimises them there), and that second is not measured. Without it, its first second measured V8's
// tiering, no floor for an engine that warms up (docs/engine-performance.md, "Benchmark method").
//
// That second goes over connections of its own ("other", the default), kept open and idle to the end: the measured
// messages start on connections that have carried nothing, as the engine's do (the engine warms up against a stub in
// its own thread and may send the target nothing before time 0). Measured against the bench's nginx, unused
// connections cost the first second little: at 90k msg/s over HTTP, 3 s runs, its send-lag p99 was 1.5-2.6 ms
// against 1.2-4.0 (and one 22 ms stall) over connections the warm second had used ("same"), 6 runs each; over HTTPS
// at 60k the first 4 ms had a largest lag of 2-8 ms against 2-4 ms, 3 runs each (docs/engine-performance.md,
// "Benchmark method").
// bench:engine runs both at 90%, so that any difference shows.
//
// A response is taken as complete when a chunk holding the end of its head arrives: true of the bench's nginx, whose
// answer ("ok") is a few dozen bytes in one segment; this is not an HTTP client.
import { readFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";

/** The unmeasured second before time 0. */
const warmSeconds = 1;

export interface BareResult {
  /** Per second of the plan (by intended time): arrivals and their send-lag p99, ms. */
  seconds: Array<{ sent: number; lagP99: number }>;
  /** Requests written to a socket in each second after time 0 (the engine's `written`); the last holds any later. */
  written: number[];
  sendLagP99: number;
  answered: number;
}

export async function bareSend(
  url: string,
  rate: number,
  seconds: number,
  connections = 256,
  ca?: string,
  warmOn: "other" | "same" = "other",
): Promise<BareResult> {
  const { hostname, port, pathname, protocol } = new URL(url);
  const secure = protocol === "https:";
  const body = '{"id":"bench-0","sentAt":1700000000000}';
  const request = Buffer.from(
    `POST ${pathname} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
  );
  const total = Math.round(rate * seconds);
  const warm = Math.round(rate * warmSeconds);
  const lags = new Float64Array(total);
  const written = new Uint32Array(seconds + 6);
  /** Idle connections and the arrivals waiting for one: the measured messages' and (with "other") the warm second's. */
  interface Pool {
    idle: net.Socket[];
    waiting: number[];
  }
  const measured: Pool = { idle: [], waiting: [] };
  const warming: Pool = warmOn === "same" ? measured : { idle: [], waiting: [] };
  const sockets: net.Socket[] = [];
  let answered = 0;
  let t0 = 0;
  const write = (socket: net.Socket, k: number) => {
    const lag = performance.now() - t0 - (k / rate) * 1000;
    if (k >= warm) {
      lags[k - warm] = lag;
      const second = Math.min(written.length - 1, Math.floor((performance.now() - t0 - warmSeconds * 1000) / 1000));
      written[second] = (written[second] as number) + 1;
    }
    socket.write(request);
  };
  const open = (pool: Pool) =>
    Array.from({ length: connections }, () => {
      const socket = secure
        ? tls.connect({
            host: hostname,
            port: Number(port),
            ...(ca === undefined ? {} : { ca: readFileSync(ca, "utf8") }),
            ...(net.isIP(hostname) === 0 ? { servername: hostname } : {}),
          })
        : net.connect({ host: hostname, port: Number(port) });
      socket.setNoDelay(true);
      sockets.push(socket);
      socket.on("data", (chunk: Buffer) => {
        if (chunk.indexOf("\r\n\r\n") < 0) return;
        answered++;
        const next = pool.waiting.shift();
        if (next === undefined) pool.idle.push(socket);
        else write(socket, next);
      });
      return new Promise<void>((resolve, reject) => {
        socket.once(secure ? "secureConnect" : "connect", () => {
          pool.idle.push(socket);
          resolve();
        });
        socket.once("error", reject);
      });
    });
  await Promise.all([...open(measured), ...(warming === measured ? [] : open(warming))]);
  t0 = performance.now() + 50;
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now() - t0;
      for (; next < warm + total && (next / rate) * 1000 <= now; next++) {
        const pool = next < warm ? warming : measured;
        const socket = pool.idle.pop();
        if (socket === undefined) pool.waiting.push(next);
        else write(socket, next);
      }
      if (next >= warm + total) done();
      else {
        const delay = (next / rate) * 1000 - (performance.now() - t0);
        if (delay <= 0) setImmediate(tick);
        else setTimeout(tick, delay);
      }
    };
    setTimeout(tick, 50);
  });
  for (let i = 0; i < 100 && answered < warm + total; i++) await new Promise((r) => setTimeout(r, 50));
  for (const socket of sockets) socket.destroy();
  const p99 = (xs: Float64Array) => {
    const sorted = Float64Array.from(xs).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? Number.NaN;
  };
  const perSecond = Math.round(rate);
  const secondsOut: BareResult["seconds"] = [];
  for (let s = 0; s * perSecond < total; s++) {
    const slice = lags.subarray(s * perSecond, Math.min(total, (s + 1) * perSecond));
    secondsOut.push({ sent: slice.length, lagP99: p99(slice) });
  }
  return {
    seconds: secondsOut,
    written: Array.from(written),
    sendLagP99: p99(lags),
    answered: answered - warm,
  };
}

if (import.meta.main) {
  const [url, rate, seconds, connections, ca, warmOn] = process.argv.slice(2);
  if (
    url === undefined ||
    rate === undefined ||
    seconds === undefined ||
    (warmOn !== undefined && warmOn !== "other" && warmOn !== "same")
  ) {
    console.error("usage: node bench/bare-sender.ts <url> <rate/s> <seconds> [connections] [ca.pem] [other|same]");
    process.exit(2);
  }
  const result = await bareSend(
    url,
    Number(rate),
    Number(seconds),
    connections === undefined || connections === "" ? 256 : Number(connections),
    ca === "" ? undefined : ca,
    warmOn === "same" ? "same" : "other",
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
