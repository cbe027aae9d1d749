// saga: orders started as Step Functions executions, each checked by the saga check (the target needs a saga).
import { defineScenario } from "../../config/define.ts";

export default defineScenario({
  description: "10 s at 30 executions/s on the sfn channel: every saga completes or is compensated (saga: {} on local)",
  executor: "constant-arrival-rate",
  rate: 30,
  timeUnit: "1s",
  duration: "10s",
  maxInFlight: 500,
  channels: { sfn: 1 },
});
