// Creates a folder and its missing parents one level at a time, failing with the OS error of the level that fails.
import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * `mkdir -p` without Node's `{ recursive: true }`, which loops forever where mkdir answers ENOENT under a parent that
 * exists (procfs, sysfs): the process spins at full CPU and never reaches the event loop, so not even SIGINT ends it.
 * Here each missing level is made once; its error (ENOENT, EACCES, EROFS, ENOSPC, ENOTDIR) is thrown as Node gives it.
 */
export function makeDirs(path: string): void {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    const kind = kindOf(at);
    if (kind === "dir") break;
    if (kind === "other") throw notADirectory(at);
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      // Made meanwhile by another process (two runs starting at once): that is what was wanted.
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && kindOf(dir) === "dir") continue;
      throw error;
    }
  }
}

/** "missing" covers ENOTDIR too (a file further up): the walk goes on up and names that file. */
function kindOf(path: string): "dir" | "other" | "missing" {
  try {
    return statSync(path).isDirectory() ? "dir" : "other";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return "missing";
    throw error;
  }
}

function notADirectory(path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`ENOTDIR: not a directory, mkdir '${path}'`);
  error.code = "ENOTDIR";
  error.syscall = "mkdir";
  error.path = path;
  return error;
}
