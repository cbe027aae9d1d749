// An e2e folder with a config and a local target brought up by the CLI before the tests and down after them.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { runCli } from "./cli.ts";

/** Registers beforeAll/afterAll; returns the folder (its config is written when the hooks run). */
export function useLocalStack(prefix: string, config: string | (() => string)): { cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), `${prefix}-`));
  beforeAll(async () => {
    writeFileSync(join(cwd, "harness.config.ts"), typeof config === "string" ? config : config());
    const up = await runCli(["local", "up"], { cwd });
    expect(up.code, up.stderr).toBe(0);
  });
  afterAll(async () => {
    await runCli(["local", "down"], { cwd });
  });
  return { cwd };
}
