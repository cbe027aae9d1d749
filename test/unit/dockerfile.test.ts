// The Dockerfile builds the `export k8s` image from the package: Node 24, only what the package ships, `harness` as the
// entrypoint, no secrets. (test/e2e/package-install.test.ts checks that its COPY sources exist after a build and run.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../common/project-root.ts";
import { copySources } from "../support/dockerfile.ts";

const dockerfile = readFileSync(join(projectRoot, "Dockerfile"), "utf8");
/** Instructions with their continuation lines joined, comments left out. */
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));

/** Whether .dockerignore (`*`, then `!path` exceptions) lets a path into the build context. */
function inContext(path: string): boolean {
  const rules = readFileSync(join(projectRoot, ".dockerignore"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  let included = true;
  for (const rule of rules) {
    const negated = rule.startsWith("!");
    const pattern = negated ? rule.slice(1) : rule;
    if (pattern === "*" || pattern === path || path.startsWith(`${pattern}/`)) included = negated;
  }
  return included;
}

describe("Dockerfile", () => {
  it("builds on Node 24 and has harness as its entrypoint", () => {
    expect(instructions.filter((i) => i.startsWith("FROM "))).toEqual(["FROM node:24-bookworm-slim"]);
    expect(instructions).toContain('ENTRYPOINT ["harness"]');
    expect(instructions).toContain("USER node");
  });

  it("copies only the manifest, the lockfile and what the package ships, all inside the build context", () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { files: string[] };
    const sources = copySources(dockerfile);
    expect(sources).toEqual(["package.json", "package-lock.json", "bin/launch.js", "dist"]);
    for (const source of sources) {
      expect(["package.json", "package-lock.json", ...manifest.files], source).toContain(source);
      expect(inContext(source), `${source} is left out by .dockerignore`).toBe(true);
    }
    expect(inContext("node_modules")).toBe(false);
    expect(inContext("runs")).toBe(false);
  });

  it("installs the production dependencies from the lockfile and holds no secret", () => {
    expect(instructions.some((i) => /^RUN npm ci --omit=dev\b/.test(i))).toBe(true);
    expect(dockerfile).not.toMatch(/AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)|password|token=|secret=/i);
  });
});
