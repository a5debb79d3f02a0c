import { apiRoute, json } from "@/lib/api/handler";
import { countWaiting } from "@/lib/analytics/my-work";

/** What waits for the caller outside the queue: responses sent back to them, skipped prompts with a draft. */
export const GET = apiRoute({ capability: "label" }, async ({ actor }) => json(await countWaiting(actor)));
