#!/usr/bin/env node
// The `harness` executable: Node 24 runs this TypeScript directly (type stripping); all logic is in main.ts.
import { enableCompileCache } from "node:module";

// Node keeps each module's compiled code (types already stripped) in its cache folder, keyed by the source's hash: the
// next start skips that work. Loaded after it, so the command's own modules are cached too. NODE_DISABLE_COMPILE_CACHE=1
// turns it off.
enableCompileCache();
const { main } = await import("./main.ts");

// `harness ... | head` closes the pipe early: that is the reader's choice, not an error to crash on.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv);
// Every resource is released by now; a handle something left open (a socket a library did not close) must not keep a
// nightly job waiting: the exit is bounded. The timer is unref'd, so a clean exit does not wait for it.
setTimeout(() => {
  if (process.env.HARNESS_DEBUG === "1")
    process.stderr.write(`[exit] still open after the command ended: ${process.getActiveResourcesInfo().join(", ")}\n`);
  process.exit();
}, 1_000).unref();
