// breakpoint: raise the rate until errors or latency cross a bound, then stop (k6's breakpoint test).
import { defineScenario } from "../../config/define.ts";

export default defineScenario({
  description: "raise 50 -> 5,000/s over 5 minutes; abort when errors pass 5% or p(99) passes 2 s",
  executor: "ramping-arrival-rate",
  startRate: 50,
  timeUnit: "1s",
  stages: [{ duration: "5m", target: 5000 }],
  maxInFlight: 10_000,
  thresholds: {
    http_req_failed: [{ threshold: "rate<0.05", abortOnFail: true, delayAbortEval: "5s" }],
    http_req_duration: [{ threshold: "p(99)<2000", abortOnFail: true, delayAbortEval: "5s" }],
  },
});
