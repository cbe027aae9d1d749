// `harness setup` on a fake machine: installs missing test tools with apt-get, and a failed install warns without failing.
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import type { Probe } from "../../prereqs/probe.ts";
import { setup } from "../../prereqs/setup.ts";
import { fakeProbe } from "../support/fake-probe.ts";

function recording(base: Probe, installs: boolean): { probe: Probe; calls: string[] } {
  const calls: string[] = [];
  let installed = false;
  const probe: Probe = {
    ...base,
    exec: async (command, args, options) => {
      const line = [command, ...args].join(" ");
      calls.push(line);
      if (command === "apt-get") {
        if (args[0] === "install" && installs) installed = true;
        return { ok: installs, stdout: "", stderr: installs ? "" : "E: permission denied" };
      }
      if (command === "chromium" || command === "xmllint")
        return { ok: installed, stdout: `${command} 1.0`, stderr: "" };
      return base.exec(command, args, options);
    },
  };
  return { probe, calls };
}

describe("setup", () => {
  it("installs chromium and libxml2-utils with apt-get when they are missing", async () => {
    const { probe, calls } = recording(fakeProbe(), true);
    const output = memoryOutput();
    const result = await setup(probe, output, "/project", { testTools: true });
    expect(result.ok).toBe(true);
    expect(calls).toContain("apt-get install -y -qq chromium libxml2-utils");
    expect(output.stderr.join("\n")).toContain("[setup] ok   chromium: chromium 1.0");
  });

  it("warns with the exact command when apt-get cannot install, and the local target stays ready", async () => {
    const { probe } = recording(fakeProbe(), false);
    const output = memoryOutput();
    const result = await setup(probe, output, "/project", { testTools: true });
    expect(result.ok).toBe(true);
    expect(output.stderr.join("\n")).toContain("apt-get update && apt-get install -y chromium");
  });

  it("skips the test tools when asked, and fails when an emulator cannot be installed", async () => {
    const { probe, calls } = recording(fakeProbe({ packageVersion: () => undefined }), true);
    const result = await setup(probe, memoryOutput(), "/project", { testTools: false });
    expect(calls.some((c) => c.startsWith("apt-get"))).toBe(false);
    expect(calls).toContain("npm ci --prefix /project");
    expect(result.ok).toBe(false);
    expect(result.steps.filter((s) => !s.ok).map((s) => s.step)).toEqual(["fauxqs", "dynalite"]);
  });
});
