// The one atomic write of the project: a temp file beside the target, then a rename, so no reader sees half a file.
import { closeSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { makeDirs } from "./make-dirs.ts";

function tempOf(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

/** Writes text or bytes to path atomically, creating its folder. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  makeDirs(dirname(path));
  const tmp = tempOf(path);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Pretty JSON with a trailing newline, atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Streams into a temp file through its descriptor (lists too big for one string), then renames; removed on failure. */
export function writeStreamAtomic(path: string, write: (fd: number) => void): void {
  makeDirs(dirname(path));
  const tmp = tempOf(path);
  const fd = openSync(tmp, "w");
  try {
    write(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, path);
}
