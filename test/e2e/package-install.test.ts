// The installed package as a team uses it: `npm pack` here, the tarball installed into an empty project elsewhere, a
// harness.config.ts and a payload module there importing from "harness", and `npx harness run` on the local target.
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../common/project-root.ts";
import { copySources } from "../support/dockerfile.ts";

interface Exec {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A team's shell: this test runs on Node 24 (npm's `node` package), whose folder goes first on PATH. What `npm test`
 * tells its scripts about itself is left out (its `npm_config_prefix` makes an npx inside it find `node` as npm's own);
 * npm's other settings (registry, CA file, cache) stay.
 */
const env: Record<string, string | undefined> = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith("npm_") || (name.startsWith("npm_config_") && !/prefix$|_call$/.test(name)),
    ),
  ),
  CI: "true",
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
};

function exec(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every file under a folder, relative to it. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

const config = `import { defineConfig, definePayload } from "harness";

// The payload module is imported in the engine's worker threads; it imports "harness" too.
export const inline = definePayload(({ n }) => ({ n }));

export default defineConfig({
  defaultTarget: "local",
  targets: { local: { kind: "local" } },
  scenarios: {
    smoke: {
      executor: "constant-arrival-rate",
      rate: 20,
      timeUnit: "1s",
      duration: "20s",
      maxInFlight: 200,
      payload: "./payloads/order.ts",
      thresholds: { http_req_failed: ["rate<0.01"] },
    },
  },
});
`;

const awsConfig = `import { defineConfig } from "harness";

export default defineConfig({
  targets: {
    "prod-like": {
      kind: "aws", environment: "staging", region: "eu-west-1", maxRps: 5000,
      http: { url: "https://api.example.test/orders" },
      sinks: [{ name: "orders", table: "orders" }],
    },
  },
  scenarios: { steady: { executor: "constant-arrival-rate", rate: 100, duration: "2m" } },
});
`;

const payload = `import { definePayload } from "harness";

export default definePayload(({ n }) => ({ type: "OrderPlaced", quantity: 1 + (n % 5) }));
`;

describe("the installed package", () => {
  const work = mkdtempSync(join(tmpdir(), "harness-package-"));
  const team = join(work, "team-pipeline");
  let tarball = "";

  beforeAll(async () => {
    // prepack builds dist/ from the sources first, as `npm publish` would.
    const pack = await exec("npm", ["pack", "--pack-destination", work, "--loglevel=error"], projectRoot, 180_000);
    expect(pack.code, pack.stderr).toBe(0);
    tarball = join(work, pack.stdout.trim().split("\n").at(-1) ?? "");
    expect(existsSync(tarball), `npm pack wrote no tarball: ${pack.stdout}`).toBe(true);

    mkdirSync(join(team, "payloads"), { recursive: true });
    writeFileSync(join(team, "package.json"), `${JSON.stringify({ name: "team-pipeline", private: true }, null, 2)}\n`);
    const install = await exec(
      "npm",
      ["install", "--save-dev", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball],
      team,
      240_000,
    );
    expect(install.code, install.stderr).toBe(0);
    writeFileSync(join(team, "harness.config.ts"), config);
    writeFileSync(join(team, "payloads", "order.ts"), payload);
  }, 420_000);

  it("builds the Dockerfile's image layout from the build (replayed without Docker): the config in /work finds harness", async () => {
    // What the Dockerfile copies exists after the build (npm pack ran it), and is enough: the lockfile's production
    // dependencies, the launcher and dist/ at /opt/harness, linked where a config under /work imports it.
    const opt = join(work, "opt", "harness");
    for (const source of copySources(readFileSync(join(projectRoot, "Dockerfile"), "utf8"))) {
      expect(existsSync(join(projectRoot, source)), `Dockerfile copies ${source}, which the build did not make`).toBe(
        true,
      );
      cpSync(join(projectRoot, source), join(opt, source), { recursive: true });
    }
    const install = await exec(
      "npm",
      ["ci", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
      opt,
      240_000,
    );
    expect(install.code, install.stderr).toBe(0);
    const image = join(work, "work");
    mkdirSync(join(image, "node_modules"), { recursive: true });
    symlinkSync(opt, join(image, "node_modules", "harness"));
    writeFileSync(join(image, "harness.config.ts"), awsConfig);
    const args = ["export", "k8s", "--target", "prod-like", "--scenario", "steady", "--instances", "2"];
    const run = await exec("node", [join(opt, "bin", "launch.js"), ...args, "--image", "harness:test"], image, 60_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split(/^---$/m)).toHaveLength(2);
  }, 300_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it("ships compiled JavaScript and declarations, not the TypeScript sources", () => {
    const installed = join(team, "node_modules", "harness");
    const files = filesUnder(installed);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
      bin: Record<string, string>;
      exports: Record<string, { types: string; default: string }>;
    };
    const entry = manifest.exports["."];
    expect(files).toContain((manifest.bin.harness ?? "").replace(/^\.\//, ""));
    expect(files).toContain((entry?.types ?? "").replace(/^\.\//, ""));
    expect(files).toContain((entry?.default ?? "").replace(/^\.\//, ""));
    // The runtime-loaded modules (worker threads, the reference app, the SQS emulator's wrapper) are there compiled.
    for (const file of [
      "dist/loadtests/engine/worker-thread.js",
      "dist/verifier/sources/ledger-worker.js",
      "dist/verifier/sources/sink-worker.js",
      "dist/local/app/main.js",
      "dist/local/emulators/fauxqs-loopback.js",
    ])
      expect(files).toContain(file);
    // And every module the compiled code loads by URL is there under the name runnableUrl gives it.
    const loaded = files
      .filter((f) => f.endsWith(".js"))
      .flatMap((f) =>
        [
          ...readFileSync(join(installed, f), "utf8").matchAll(
            /runnableUrl\(new URL\("([^"]+)\.ts", import\.meta\.url\)\)/g,
          ),
        ].map((m) => join(dirname(f), `${m[1]}.js`)),
      );
    expect(loaded.length).toBeGreaterThanOrEqual(6);
    expect(loaded.filter((f) => !files.includes(f))).toEqual([]);
  });

  it("type-checks a config against the shipped declarations, which catch a wrong field", async () => {
    const tsc = join(projectRoot, "node_modules", "typescript", "bin", "tsc");
    const flags = ["--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext", "--target", "es2024"];
    const good = await exec("node", [tsc, ...flags, "harness.config.ts", "payloads/order.ts"], team, 60_000);
    expect(good.code, good.stdout).toBe(0);
    writeFileSync(join(team, "wrong.config.ts"), config.replace("rate: 20,", 'rate: "20/s",'));
    const wrong = await exec("node", [tsc, ...flags, "wrong.config.ts"], team, 60_000);
    rmSync(join(team, "wrong.config.ts"));
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toMatch(
      /wrong\.config\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/,
    );
  });

  it("runs the smoke scenario on the local target from the team's own project to PASS", async () => {
    const node = await exec("npx", ["node", "--version"], team, 30_000);
    expect(node.stdout.trim()).toMatch(/^v24\./);
    const run = await exec(
      "npx",
      ["harness", "run", "--target", "local", "--scenario", "smoke", "--duration", "3s"],
      team,
      240_000,
    );
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/: PASS, valid=true, exit 0/);
    expect(run.stdout).toContain("load: 60 sent (60 accepted, 0 rejected, 0 unknown), 0 dropped arrivals");
    expect(run.stdout).toContain("messages: delivered 60");
    // The run directory is the team's, beside its config.
    expect(existsSync(join(team, "runs", "latest", "verify.json"))).toBe(true);
  }, 300_000);
});
