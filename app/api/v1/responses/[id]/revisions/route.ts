import { apiRoute, json } from "@/lib/api/handler";
import { readJsonBody } from "@/lib/api/body";
import { editResponse } from "@/lib/tasks/edit-response";

/** The author changes a response still waiting for review: the next revision (201), or 200 when the text is unchanged. */
export const POST = apiRoute({ capability: "label" }, async ({ request, actor, params }) => {
  const { created, response } = await editResponse(actor, params.id!, await readJsonBody(request));
  return json(response, created ? 201 : 200);
});
