import { apiRoute, json } from "@/lib/api/handler";
import { readJsonBody } from "@/lib/api/body";
import { acknowledgeGuidelines } from "@/lib/tasks/guidelines-acknowledgement";

/** "I have read the changes": `{"version": N}` (docs/workspace.md). */
export const POST = apiRoute({ capability: "label" }, async ({ request, actor, params }) =>
  json(await acknowledgeGuidelines(actor, params.id!, await readJsonBody(request))),
);
