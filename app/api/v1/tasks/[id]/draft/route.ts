import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { saveDraft } from "@/lib/tasks/save-draft";
import { SaveDraftInput } from "@/lib/tasks/schemas";

export const PUT = apiRoute({ capability: "label" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, SaveDraftInput, { message: "The draft is not valid" });
  return json(await saveDraft(actor, params.id!, input));
});
