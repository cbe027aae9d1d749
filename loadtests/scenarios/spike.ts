// spike: baseline, a jump to peak within seconds, hold, and back: the classic throttle-to-DLQ incident.
import { defineScenario } from "../../config/define.ts";

export default defineScenario({
  description: "baseline 50/s, spike to 1,500/s within 2 s, hold 10 s, back to baseline",
  executor: "ramping-arrival-rate",
  startRate: 50,
  timeUnit: "1s",
  stages: [
    { duration: "5s", target: 50 },
    { duration: "2s", target: 1500 },
    { duration: "10s", target: 1500 },
    { duration: "2s", target: 50 },
    { duration: "5s", target: 50 },
  ],
  maxInFlight: 5000,
});
