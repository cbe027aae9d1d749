// soak: a moderate rate for a long time, for leaks, slow DLQ growth and drift.
import { defineScenario } from "../../config/define.ts";

export default defineScenario({
  description: "200/s for 30 minutes",
  executor: "constant-arrival-rate",
  rate: 200,
  timeUnit: "1s",
  duration: "30m",
  maxInFlight: 5000,
  thresholds: { http_req_failed: ["rate<0.001"], http_req_duration: ["p(99)<1000"] },
});
