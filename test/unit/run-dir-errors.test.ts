// A runs folder that cannot be made or written, and a run directory deleted mid-run: named errors with the OS error and
// a hint, exit 4 before the load and 2 after it (#16 item 12: they were exit 255, and /proc spun forever).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeDirs } from "../../common/make-dirs.ts";
import { RunDirWriteError, RunsDirError } from "../../contracts/errors.ts";
import { createRunDir, prepareRunsDir, RunDir } from "../../contracts/run-dir.ts";
import { assertRunDirKept, runDirIdentity } from "../../runner/stages/run-dir-guard.ts";
import { nodeBin } from "../support/cli.ts";

const scratch = () => mkdtempSync(join(tmpdir(), "run-dir-errors-"));
const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe("makeDirs", () => {
  it("makes every missing level", () => {
    const dir = join(scratch(), "a", "b", "c");
    makeDirs(dir);
    makeDirs(dir);
    expect(existsSync(dir)).toBe(true);
  });

  it("under a file: ENOTDIR naming the file", () => {
    const root = scratch();
    writeFileSync(join(root, "file.txt"), "x");
    expect(() => makeDirs(join(root, "file.txt", "runs", "r1"))).toThrow(
      expect.objectContaining({ code: "ENOTDIR", path: join(root, "file.txt") }),
    );
  });

  it("under /proc: ENOENT at once, where Node's recursive mkdir loops forever", () => {
    const script = `import("${join(import.meta.dirname, "..", "..", "common", "make-dirs.ts")}").then(({ makeDirs }) => {
      try { makeDirs("/proc/harness-runs/r1/ledger"); console.log("made"); } catch (e) { console.log(e.code); }
    })`;
    const child = spawnSync(nodeBin, ["-e", script], { timeout: 30_000, encoding: "utf8" });
    expect(child.signal).toBeNull();
    expect(child.stdout.trim()).toBe("ENOENT");
  });
});

describe("the runs folder, checked before the load", () => {
  it("under a file: RunsDirError, exit 4, naming the folder, ENOTDIR and --runs-dir", () => {
    const root = scratch();
    writeFileSync(join(root, "file.txt"), "x");
    const folder = join(root, "file.txt", "runs");
    const error = catchError(() => prepareRunsDir(folder));
    expect(error).toBeInstanceOf(RunsDirError);
    expect(error).toMatchObject({ exitCode: 4, folder });
    expect((error as Error).message).toBe(
      `Cannot use the runs folder ${folder}: ENOTDIR (a part of the path is a file, not a folder). No request was sent.`,
    );
    expect((error as RunsDirError).hint).toContain("--runs-dir");
  });

  it("a writable folder is made and left without the probe file", () => {
    const folder = join(scratch(), "runs");
    prepareRunsDir(folder);
    expect(existsSync(folder)).toBe(true);
    expect(createRunDir(folder, "20261130T000000Z-aaaaaaaa").dir).toBe(join(folder, "20261130T000000Z-aaaaaaaa"));
  });

  it.each([
    ["EACCES", "EACCES (permission denied)", "write access"],
    ["EROFS", "EROFS (read-only file system)", "read-only file system"],
    ["ENOSPC", "ENOSPC (no space left on the device)", "Free some space"],
    ["ENOENT", "ENOENT (no such file or folder, and it cannot be made there)", "--runs-dir"],
  ])("%s: the OS error in words and a hint", (code, words, hint) => {
    const error = new RunsDirError("/runs", errno(code));
    expect(error.message).toBe(`Cannot use the runs folder /runs: ${words}. No request was sent.`);
    expect(error.hint).toContain(hint);
    expect(error.exitCode).toBe(4);
  });
});

describe("a run directory deleted mid-run", () => {
  it("RunDir refuses to write into it (no empty folder made anew): RunDirWriteError, exit 2, naming it", () => {
    const run = createRunDir(join(scratch(), "runs"), "20261130T000000Z-bbbbbbbb");
    rmSync(run.dir, { recursive: true });
    const error = catchError(() => new RunDir(run).write("compare", compareFile));
    expect(error).toBeInstanceOf(RunDirWriteError);
    expect(error).toMatchObject({ exitCode: 2, dir: run.dir, file: "compare.json" });
    expect((error as Error).message).toContain(`The run directory ${run.dir} was deleted or replaced during the run`);
    expect((error as Error).message).toContain("ENOENT");
    expect((error as Error).message).toContain("verdict is unknown");
    expect(existsSync(run.dir)).toBe(false);
  });

  it("a folder made anew at its path (by a writer's mkdir) is not the run's: the guard says so", () => {
    const run = createRunDir(join(scratch(), "runs"), "20261130T000000Z-cccccccc");
    const identity = runDirIdentity(run.dir) ?? "";
    assertRunDirKept(run, identity, "verify.json");
    rmSync(run.dir, { recursive: true });
    makeDirs(run.dir);
    expect(() => assertRunDirKept(run, identity, "verify.json")).toThrow(
      expect.objectContaining({ name: "RunDirWriteError", exitCode: 2 }),
    );
  });
});

const compareFile = { schemaVersion: 2 as const, baseline: "r0", comparisons: [], differences: [] };

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
