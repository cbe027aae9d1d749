// Joins the chain's verdict to the run's: a link that loses makes the run invalid, one that cannot tell makes a valid
// run unknown; and writes each link's ID lists beside the run's (ids/chain-<sink>-<class>.txt).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Verdict } from "../../contracts/verdict.ts";
import { linkClasses } from "../../contracts/verdict-chain.ts";
import type { ChainReading } from "./read-chain.ts";
import { linkListFile } from "./reconcile-link.ts";

export function applyChain(verdict: Verdict, chain: ChainReading | undefined): Verdict {
  if (chain === undefined) return verdict;
  verdict.chain = chain.verdict;
  if (chain.verdict.valid === true) return verdict;
  verdict.reasons.push(...chain.verdict.reasons);
  if (chain.verdict.valid === false) verdict.valid = false;
  else if (verdict.valid === true) verdict.valid = "unknown";
  return verdict;
}

/** runDir: the folder verify.json went to (the run's, or a history folder's); its ids/ exists by then. */
export function writeChainLists(runDir: string, chain: ChainReading | undefined): void {
  if (chain === undefined) return;
  for (const link of chain.links)
    for (const cls of linkClasses) {
      if (link.result.classes[cls].count === 0) continue;
      const ids: string[] = [];
      link.eachId(cls, (id) => ids.push(id));
      writeFileSync(join(runDir, linkListFile(link.result.sink, cls)), `${ids.join("\n")}\n`);
    }
}
