// Example payload: an order per message, varied by its index; the engine adds id and sentAt on top.
import { definePayload } from "../../config/payload.ts";

const skus = ["SKU-RED", "SKU-GREEN", "SKU-BLUE"] as const;

export default definePayload(({ n }) => ({
  type: "OrderPlaced",
  sku: skus[n % skus.length],
  quantity: 1 + (n % 5),
  amountCents: 1999 * (1 + (n % 5)),
}));
