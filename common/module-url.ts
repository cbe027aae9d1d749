// A module loaded by URL at run time (a worker thread, a child process), named by its source file in either layout.
// The sources run as TypeScript in a checkout; the installed package runs the compiled dist/, where each `.ts` is a
// `.js` (tsc rewrites import specifiers, not URLs built from strings, so those are mapped here).

/** Whether this code runs compiled: then every module beside it is compiled too. */
const compiled = !import.meta.url.endsWith(".ts");

/** A `.ts` module's URL (made from import.meta.url) as the module exists where the code runs: its `.js` when compiled. */
export function runnableUrl(source: URL): URL {
  if (!compiled || !source.pathname.endsWith(".ts")) return source;
  const url = new URL(source.href);
  url.pathname = `${url.pathname.slice(0, -".ts".length)}.js`;
  return url;
}
