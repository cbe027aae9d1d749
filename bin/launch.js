#!/usr/bin/env node
// The `harness` executable. In a checkout it runs the TypeScript sources (Node 24 strips their types), so nothing can
// run a stale build; installed from npm only the compiled dist/ ships (Node does not strip types under node_modules).
import { existsSync } from "node:fs";

const source = new URL("./harness.ts", import.meta.url);
await import(existsSync(source) ? source.href : new URL("../dist/bin/harness.js", import.meta.url).href);
