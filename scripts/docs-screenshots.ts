// `npm run docs:screenshots`: the README's pictures from one real local run: the live dashboard mid-load, then the report.
//
// Runs `harness run --dashboard --keep-dashboard` on the embedded local target in a temporary folder (it starts and
// stops the stack itself), photographs the live page in Debian's chromium (playwright-core) three quarters into the
// load, then report.html above the fold, and stops the dashboard. Writes docs/screenshots/*.png.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../common/project-root.ts";
import { chromiumAvailable, chromiumPath, launchChromium } from "../test/fixtures/report/browser.ts";

const config = `export default {
  runsDir: "runs",
  targets: {
    local: {
      kind: "local",
      maxRps: 500,
      consumers: { batchSize: 10, maxConcurrency: 2, visibilityTimeoutSeconds: 1 },
      maxReceiveCount: 2,
    },
  },
  scenarios: {
    spike: {
      executor: "ramping-arrival-rate", startRate: 20, maxInFlight: 1000,
      stages: [{ duration: "6s", target: 40 }, { duration: "2s", target: 220 }, { duration: "6s", target: 220 },
               { duration: "2s", target: 40 }, { duration: "8s", target: 40 }],
      chaos: [
        { at: "5s", duration: "6s", action: "fault", params: { consumerErrorRate: 0.4 } },
        { at: "14s", duration: "4s", action: "fault", params: { gatewayLatencyMs: 40 } },
      ],
    },
  },
  drain: { timeout: "90s", settle: "2s" },
  gates: { maxLost: 0 },
};
`;

const loadSeconds = 24;
const out = join(projectRoot, "docs", "screenshots");
const viewport = { width: 1000, height: 1060 };

async function main(): Promise<void> {
  if (!chromiumAvailable()) throw new Error(`${chromiumPath} is missing: apt-get install chromium`);
  mkdirSync(out, { recursive: true });
  const cwd = mkdtempSync(join(tmpdir(), "harness-screenshots-"));
  writeFileSync(join(cwd, "harness.config.ts"), config);
  const child = spawn(
    join(projectRoot, "node_modules", ".bin", "node"),
    [join(projectRoot, "bin", "harness.ts"), "run", "--scenario", "spike", "--dashboard", "--keep-dashboard"],
    { cwd, env: { ...process.env, CI: "true" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  const browser = await launchChromium();
  try {
    const url = (await waitFor(
      () => stderr.match(/watch it live: (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1],
      60_000,
    )) as string;
    const page = await browser.newPage({ viewport });
    await page.goto(url);
    await waitFor(
      async () => ((await page.evaluate("window.harnessLive.state.rows.length")) as number) >= loadSeconds * 0.75,
      90_000,
    );
    await page.waitForTimeout(400);
    await shoot(page, join(out, "live-dashboard.png"));
    await waitFor(() => stderr.includes("[dashboard] the run ended"), 180_000);
    const report = await browser.newPage({ viewport });
    await report.goto(`file://${join(cwd, "runs", "latest", "report.html")}`);
    await report.waitForTimeout(400);
    await shoot(report, join(out, "report.png"));
  } finally {
    await browser.close();
    child.kill("SIGINT");
  }
}

async function shoot(page: import("playwright-core").Page, file: string): Promise<void> {
  await page.screenshot({ path: file, clip: { x: 0, y: 0, ...viewport } });
  process.stderr.write(`wrote ${file} (${Math.round(statSync(file).size / 1024)} KB)\n`);
}

async function waitFor<T>(probe: () => T | Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting for the run");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

await main();
