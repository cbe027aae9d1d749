// uPlot's script and style, read once from the installed package (resolved from node_modules, not the source tree).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface UplotAssets {
  js: string;
  css: string;
}

let cached: UplotAssets | null = null;

/** uPlot (MIT, Leon Sorokin, github.com/leeoniya/uPlot): inlined into report.html so the page needs no network. */
export function uplotAssets(): UplotAssets {
  if (cached !== null) return cached;
  const require = createRequire(import.meta.url);
  const js = readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8");
  const css = readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8");
  // Inlined in <script> and <style>: a closing tag inside would end the element early.
  if (/<\/(script|style)/i.test(js + css)) throw new Error("uPlot's files contain a closing script or style tag");
  cached = { js, css };
  return cached;
}
