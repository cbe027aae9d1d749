#!/usr/bin/env node
// The `harness` executable: Node 24 runs this TypeScript directly (type stripping); all logic is in main.ts.
import { main } from "./main.ts";

// `harness ... | head` closes the pipe early: that is the reader's choice, not an error to crash on.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv);
