// The folder of this tool's package.json, for finding its own dependencies and scenarios.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");
