// Starts fauxqs listening on 127.0.0.1 only: its startFauxqs() hard-codes 0.0.0.0 (every interface), and a test
// emulator without authentication has no business being reachable from the network. argv[2]: fauxqs's package dir.
import net from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
  const [first] = args;
  if (typeof first === "object" && first !== null && (first as net.ListenOptions).host === "0.0.0.0") {
    args[0] = { ...(first as net.ListenOptions), host: "127.0.0.1" };
  }
  return (listen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof net.Server.prototype.listen;

const packageDir = process.argv[2];
if (packageDir === undefined) throw new Error("usage: fauxqs-loopback.ts <fauxqs package dir>");
const { startFauxqs } = (await import(pathToFileURL(join(packageDir, "dist", "app.js")).href)) as {
  startFauxqs(options: { logger: boolean | { level: string } }): Promise<unknown>;
};
// As fauxqs's own CLI does: port, host and region come from FAUXQS_* variables.
// Warnings and errors only: a log line per request costs fauxqs a fifth of its CPU under load.
await startFauxqs({ logger: { level: "warn" } });
