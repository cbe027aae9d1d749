#!/usr/bin/env node
// The `harness` executable. In a checkout it runs the TypeScript sources (Node 24 strips their types), so nothing can
// run a stale build; installed from npm only the compiled dist/ ships (Node does not strip types under node_modules).
import { existsSync } from "node:fs";

const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(
    `error: harness needs Node 24; this is Node ${process.versions.node}.\n` +
      "hint: add it to the project with `npm install --save-dev node@24` (npm scripts and npx then run Node 24), or switch with nvm.\n",
  );
  process.exit(4);
}
const source = new URL("./harness.ts", import.meta.url);
await import(existsSync(source) ? source.href : new URL("../dist/bin/harness.js", import.meta.url).href);
