// saga-chaos: the saga's charge and ship steps fail often for a few seconds mid-run; the failed sagas must all be
// compensated (none half done), and the compensations cluster in the chaos window.
import { defineScenario } from "../../config/define.ts";

export default defineScenario({
  description: "12 s at 30 executions/s; from 4 s to 8 s charge fails 30 % and ship 60 %: compensated, never half done",
  executor: "constant-arrival-rate",
  rate: 30,
  timeUnit: "1s",
  duration: "12s",
  maxInFlight: 500,
  channels: { sfn: 1 },
  chaos: [
    {
      at: "4s",
      duration: "4s",
      action: "fault",
      params: { sagaChargeFailureRate: 0.3, sagaShipFailureRate: 0.6 },
    },
  ],
});
