// How each pinned emulator is started: fauxqs (SQS) and dynalite (DynamoDB) from npm, moto's server (CloudWatch).

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { envValue } from "../../common/cli-context.ts";
import { runnableUrl } from "../../common/module-url.ts";
import { findPackageDir } from "../../common/package-dir.ts";
import { motoPipCommand } from "../../prereqs/checks.ts";
import { cloudwatchReady, dynamodbReady, sqsReady } from "./probes.ts";
import type { ServiceSpec } from "./service.ts";

/** The package's folder, or a path that fails to start with the spec's missing hint. */
function packageDir(name: string): string {
  return findPackageDir(name) ?? join("node_modules", name);
}

/** HARNESS_EMULATOR_NODE_ARGS adds Node flags to the Node emulators (fauxqs, dynalite), e.g. to profile them. */
function emulatorNodeArgs(): string[] {
  return (envValue(process.env, "HARNESS_EMULATOR_NODE_ARGS") ?? "").split(" ").filter((a) => a !== "");
}

export function fauxqsSpec(port: number, region: string): ServiceSpec {
  return {
    name: "fauxqs",
    command: process.execPath,
    args: [
      ...emulatorNodeArgs(),
      fileURLToPath(runnableUrl(new URL("./fauxqs-loopback.ts", import.meta.url))),
      packageDir("fauxqs"),
    ],
    env: { FAUXQS_PORT: String(port), FAUXQS_HOST: "127.0.0.1", FAUXQS_DEFAULT_REGION: region },
    port,
    ready: sqsReady,
    missingHint: "Run `npm ci` to install the pinned fauxqs.",
  };
}

export function dynaliteSpec(port: number): ServiceSpec {
  return {
    name: "dynalite",
    command: process.execPath,
    args: [
      ...emulatorNodeArgs(),
      join(packageDir("dynalite"), "cli.js"),
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--createTableMs",
      "0",
      "--deleteTableMs",
      "0",
      "--updateTableMs",
      "0",
    ],
    port,
    ready: dynamodbReady,
    missingHint: "Run `npm ci` to install the pinned dynalite.",
  };
}

export function motoSpec(port: number, env: Readonly<Record<string, string | undefined>> = process.env): ServiceSpec {
  return {
    name: "moto",
    command: envValue(env, "HARNESS_MOTO") ?? "moto_server",
    args: ["-H", "127.0.0.1", "-p", String(port)],
    port,
    ready: cloudwatchReady,
    missingHint: `Install moto's server with ${motoPipCommand}, or set HARNESS_MOTO to a moto_server.`,
  };
}
