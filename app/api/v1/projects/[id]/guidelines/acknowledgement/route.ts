import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { acknowledgeGuidelines } from "@/lib/tasks/guidelines-acknowledgement";
import { AcknowledgeGuidelinesInput } from "@/lib/tasks/schemas";

/** "I have read the changes": `{"version": N}` (docs/workspace.md). */
export const POST = apiRoute({ capability: "label" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, AcknowledgeGuidelinesInput, { message: "The acknowledgement is not valid" });
  return json(await acknowledgeGuidelines(actor, params.id!, input));
});
