// ramp: a steady climb to the expected peak and a hold, to see where latency bends.
import { defineScenario } from "../../config/define.ts";

export default defineScenario({
  description: "ramp 0 -> 500/s over 60 s, hold 60 s",
  executor: "ramping-arrival-rate",
  startRate: 0,
  timeUnit: "1s",
  stages: [
    { duration: "60s", target: 500 },
    { duration: "60s", target: 500 },
  ],
  maxInFlight: 5000,
});
