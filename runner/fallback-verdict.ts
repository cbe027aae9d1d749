// When the verifier itself cannot run (target down, crash), the run still gets a verdict: unknown, with the reason.
export { unknownVerdict } from "../verifier/unknown-verdict.ts";
