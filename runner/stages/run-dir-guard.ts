// Notices a run directory deleted or replaced while its run goes on, so the run ends with verdict unknown, not a bug.
import { statSync } from "node:fs";
import { RunDirWriteError } from "../../contracts/errors.ts";
import type { RunPaths } from "../../contracts/run-dir.ts";
import type { RunArtifacts, RunContext, RunStage } from "./context.ts";

/**
 * The folder's identity: a folder made anew at the same path (a writer's mkdir) is another one. The inode alone is not
 * enough (the file system hands a freed inode to the next folder), so its birth time is part of it where known.
 */
export function runDirIdentity(dir: string): string | null {
  try {
    const stat = statSync(dir);
    return `${stat.dev}:${stat.ino}:${stat.birthtimeMs}`;
  } catch {
    return null;
  }
}

/** Throws RunDirWriteError (exit 2) when the run directory is not the one the load filled; `cause` is what failed. */
export function assertRunDirKept(run: RunPaths, identity: string, doing: string, cause?: unknown): void {
  if (runDirIdentity(run.dir) === identity) return;
  const gone: NodeJS.ErrnoException =
    cause instanceof Error ? cause : Object.assign(new Error(`ENOENT: '${run.dir}'`), { code: "ENOENT" });
  throw new RunDirWriteError(run.dir, doing, gone, true);
}

/**
 * A stage after the load, checked when it ends and when it throws: whatever it wrote (or failed to read) into a run
 * directory that is gone proves nothing, and its own error (ENOENT from a reader) would read as a bug.
 */
export function keepingRunDir<K extends keyof RunArtifacts & string>(stage: RunStage<K>): RunStage<K> {
  return {
    name: stage.name,
    async run(ctx: RunContext): Promise<RunArtifacts[K]> {
      const { run, runDirIdentity: identity } = ctx.artifacts.get("load");
      let artifact: RunArtifacts[K];
      try {
        artifact = await stage.run(ctx);
      } catch (error) {
        assertRunDirKept(run, identity, `the ${stage.name} stage's files`, error);
        throw error;
      }
      assertRunDirKept(run, identity, `the ${stage.name} stage's files`);
      return artifact;
    },
  };
}
