// The installed package runs dist/, where every `.ts` is a `.js`: a module the sources load by URL (a worker thread, a
// child process) must name its file through runnableUrl, or it works in a checkout and fails once installed.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { runnableUrl } from "../../common/module-url.ts";
import { projectRoot } from "../../common/project-root.ts";
import { notSource } from "../../scripts/check-boundaries.ts";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    // Hidden folders (.git, .harness with the local stack's state and bench tools) hold no source of ours.
    if (entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dir === projectRoot && notSource.has(entry.name) ? [] : sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

describe("module URLs", () => {
  it("every URL of a .ts module built from import.meta.url goes through runnableUrl", () => {
    const bare: string[] = [];
    for (const file of sources(projectRoot)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(\S*)\(?new URL\(\s*["'][^"']+\.ts["']\s*,\s*import\.meta\.url\s*\)/g))
        if (!(m[1] ?? "").endsWith("runnableUrl(")) bare.push(`${relative(projectRoot, file)}: ${m[0]}`);
    }
    expect(bare).toEqual([]);
  });

  it("leaves a source URL as it is when the code runs from the sources", () => {
    const url = new URL("./worker.ts", import.meta.url);
    expect(runnableUrl(url).href).toBe(url.href);
  });
});
