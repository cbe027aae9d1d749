// The IO a prerequisite check needs, behind one interface so the checks are testable without a machine.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { findPackageDir } from "../common/package-dir.ts";

export interface ExecResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export interface Probe {
  env: Readonly<Record<string, string | undefined>>;
  nodeVersion: string;
  exec(command: string, args: readonly string[], options?: { timeoutMs?: number }): Promise<ExecResult>;
  /** Version of an installed npm package as this project resolves it, or undefined. */
  packageVersion(name: string): string | undefined;
  /** Version this project pins in package.json, or undefined. */
  pinnedVersion(name: string): string | undefined;
  fileExists(path: string): boolean;
  readText(path: string): string | undefined;
  homeDir: string;
}

export function systemProbe(projectRoot: string): Probe {
  const manifest = JSON.parse(readFileSync(`${projectRoot}/package.json`, "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return {
    env: process.env,
    nodeVersion: process.versions.node,
    homeDir: process.env.HOME ?? "",
    exec: (command, args, options) =>
      new Promise((resolve) => {
        execFile(
          command,
          [...args],
          { timeout: options?.timeoutMs ?? 20_000, maxBuffer: 16 * 1024 * 1024 },
          (error, stdout, stderr) => {
            resolve({ ok: error === null, stdout: String(stdout), stderr: String(stderr) });
          },
        );
      }),
    packageVersion(name) {
      const dir = findPackageDir(name, projectRoot);
      if (dir === undefined) return undefined;
      return (JSON.parse(readFileSync(`${dir}/package.json`, "utf8")) as { version?: string }).version;
    },
    pinnedVersion: (name) => manifest.dependencies?.[name] ?? manifest.devDependencies?.[name],
    fileExists: existsSync,
    readText(path) {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
  };
}
