// `harness setup`: installs what can be installed, says the exact command for what cannot; safe to run twice.
import type { Output } from "../common/output.ts";
import { type CheckResult, checkMoto, checkNode, checkPinnedPackage } from "./checks.ts";
import type { Probe } from "./probe.ts";

export interface SetupOptions {
  /** Also install what `npm test` needs beyond npm: Debian's chromium (report browser test) and xmllint (JUnit schema). */
  testTools: boolean;
}

export interface SetupResult {
  ok: boolean;
  steps: Array<{ step: string; ok: boolean; detail: string }>;
}

export async function setup(
  probe: Probe,
  output: Output,
  projectRoot: string,
  options: SetupOptions,
): Promise<SetupResult> {
  const steps: SetupResult["steps"] = [];
  const record = (step: string, ok: boolean, detail: string) => {
    steps.push({ step, ok, detail });
    output.err(`[setup] ${ok ? "ok  " : "FAIL"} ${step}: ${detail}`);
  };

  const node = checkNode(probe);
  record(
    "node 24",
    node.status === "ok",
    node.status === "ok" ? `Node ${node.version}` : `${node.detail}; ${node.fix}`,
  );

  output.err("[setup] checking the pinned emulators (fauxqs, dynalite)...");
  let packages: CheckResult[] = ["fauxqs", "dynalite"].map((name) => checkPinnedPackage(probe, name, name));
  if (packages.some((p) => p.status !== "ok")) {
    output.err("[setup] running `npm ci` to install the pinned packages...");
    const ci = await probe.exec("npm", ["ci", "--prefix", projectRoot], { timeoutMs: 600_000 });
    if (!ci.ok) output.err(ci.stderr.trim());
    packages = ["fauxqs", "dynalite"].map((name) => checkPinnedPackage(probe, name, name));
  }
  for (const p of packages)
    record(p.name, p.status === "ok", p.status === "ok" ? `${p.version}` : `${p.detail}; run ${p.fix}`);

  output.err("[setup] looking for moto's server (CloudWatch)...");
  const moto = await checkMoto(probe);
  record(
    "moto",
    moto.status === "ok",
    moto.status === "ok"
      ? `${moto.version} (${moto.detail})`
      : `${moto.detail}. Install it with: ${moto.fix} (or set HARNESS_MOTO to a moto_server)`,
  );

  if (options.testTools) {
    output.err("[setup] looking for the test tools: chromium (report browser test), xmllint (JUnit schema test)...");
    const tools = [
      { name: "chromium", command: "chromium", args: ["--version"], pkg: "chromium" },
      { name: "xmllint", command: "xmllint", args: ["--version"], pkg: "libxml2-utils" },
    ];
    const present = async () =>
      Promise.all(tools.map(async (t) => ({ ...t, found: await probe.exec(t.command, t.args) })));
    let found = await present();
    const missing = found.filter((t) => !t.found.ok).map((t) => t.pkg);
    if (missing.length > 0) {
      output.err(`[setup] installing Debian's ${missing.join(", ")} with apt-get (this takes a minute)...`);
      const update = await probe.exec("apt-get", ["update", "-qq"], { timeoutMs: 300_000 });
      const install = update.ok
        ? await probe.exec("apt-get", ["install", "-y", "-qq", ...missing], { timeoutMs: 900_000 })
        : update;
      if (!install.ok) output.err(install.stderr.trim().split("\n").slice(-3).join("\n"));
      found = await present();
    }
    for (const tool of found) {
      const version = `${tool.found.stdout}${tool.found.stderr}`.trim().split("\n")[0] ?? "";
      // Only `npm test` needs these: a machine without them can still run the local target, so they warn, not fail.
      output.err(
        tool.found.ok
          ? `[setup] ok   ${tool.name}: ${version}`
          : `[setup] warn ${tool.name}: not installed; npm test needs it. Run as root: apt-get update && apt-get install -y ${tool.pkg}`,
      );
    }
  }

  const ok = steps.every((s) => s.ok);
  output.err(
    ok ? "[setup] done: `npx harness doctor` should now say Ready." : "[setup] incomplete: see the FAIL lines above.",
  );
  return { ok, steps };
}
