#!/usr/bin/env node
// The `harness` executable: Node 24 runs this TypeScript directly (type stripping); all logic is in main.ts.
import { main } from "./main.ts";

process.exitCode = await main(process.argv);
