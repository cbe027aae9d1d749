// Runs the CLI the way a user does: a separate Node 24 process on bin/harness.ts, in a chosen folder.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../common/project-root.ts";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const nodeBin = join(projectRoot, "node_modules", ".bin", "node");
export const harnessBin = join(projectRoot, "bin", "harness.ts");

export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, [harnessBin, ...args], {
      cwd: options.cwd ?? projectRoot,
      env: { ...process.env, CI: "true", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
