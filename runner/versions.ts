// Tool versions recorded in plan.json and certificates, so a run can be reproduced.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findPackageDir } from "../common/package-dir.ts";
import { projectRoot } from "../common/project-root.ts";

function packageVersion(name: string): string | undefined {
  const dir = findPackageDir(name);
  if (dir === undefined) return undefined;
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: string }).version;
}

export function toolVersions(): Record<string, string> {
  const own = (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string }).version;
  const versions: Record<string, string> = { harness: own, node: process.versions.node };
  for (const name of ["fauxqs", "dynalite", "@aws-sdk/client-sqs"]) {
    const v = packageVersion(name);
    if (v !== undefined) versions[name] = v;
  }
  return versions;
}
