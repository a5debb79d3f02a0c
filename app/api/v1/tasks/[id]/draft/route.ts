import { apiRoute, json } from "@/lib/api/handler";
import { readJsonBody } from "@/lib/api/body";
import { saveDraft } from "@/lib/tasks/save-draft";

export const PUT = apiRoute({ capability: "label" }, async ({ request, actor, params }) =>
  json(await saveDraft(actor, params.id!, await readJsonBody(request))),
);
