// smoke: a short, gentle constant rate that proves the pipeline works end to end.
import { defineScenario } from "../../config/define.ts";

export default defineScenario({
  description: "20 s at 20 messages/s: the pipeline works end to end",
  executor: "constant-arrival-rate",
  rate: 20,
  timeUnit: "1s",
  duration: "20s",
  maxInFlight: 200,
  thresholds: { http_req_failed: ["rate<0.01"] },
});
