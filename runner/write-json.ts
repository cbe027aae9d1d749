// Writes an artifact atomically (temp file, then rename), so a crash never leaves half a JSON file.
import { renameSync, writeFileSync } from "node:fs";

export function writeJson(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}
