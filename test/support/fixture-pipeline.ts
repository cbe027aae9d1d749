// Starts the fixture pipeline (test/fixtures/pipeline) as a child process for a test, and stops it and its emulators.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { stopAndWait } from "../../local/emulators/service.ts";
import type { FixtureTruth } from "../fixtures/pipeline/journal.ts";
import { nodeBin } from "./cli.ts";

export interface FixturePipeline {
  api: string;
  sqs: string;
  dynamodb: string;
  queueUrl: string;
  dlqUrl: string;
  table: string;
  pids: number[];
}

export type { FixtureTruth } from "../fixtures/pipeline/journal.ts";

const main = fileURLToPath(new URL("../fixtures/pipeline/main.ts", import.meta.url));

export async function startFixturePipeline(
  stateDir: string,
): Promise<{ pipeline: FixturePipeline; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(nodeBin, [main, stateDir], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const pipeline = await new Promise<FixturePipeline>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the fixture pipeline exited with ${code} before it was ready`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith('{"ready"'));
      if (line !== undefined) resolve((JSON.parse(line) as { ready: FixturePipeline }).ready);
    });
  });
  child.stdout?.resume();
  return {
    pipeline,
    async stop() {
      if (child.exitCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      }
      // Should the fixture have died without stopping its emulators.
      await Promise.all(pipeline.pids.map((pid) => stopAndWait(pid)));
    },
  };
}

/** The run's truth file, as the fixture writes it from its own record once the run has settled. */
export async function fixtureTruth(pipeline: FixturePipeline, runId: string): Promise<FixtureTruth> {
  const res = await fetch(`${pipeline.api}/_fixture/truth?runId=${encodeURIComponent(runId)}`);
  const { file } = (await res.json()) as { file: string };
  return JSON.parse(readFileSync(file, "utf8")) as FixtureTruth;
}

export async function fixtureSettings(
  pipeline: FixturePipeline,
  settings: { workers?: number; serviceMs?: number; answerDeadlineMs?: number; lastAnswerMs?: number },
): Promise<void> {
  const res = await fetch(`${pipeline.api}/_fixture/settings`, { method: "POST", body: JSON.stringify(settings) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`the fixture refused its settings: ${res.status}`);
}
