import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { editResponse } from "@/lib/tasks/edit-response";
import { EditResponseInput } from "@/lib/tasks/schemas";

/** The author changes a response still waiting for review: the next revision (201), or 200 when the text is unchanged. */
export const POST = apiRoute({ capability: "label" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, EditResponseInput, { message: "The response is not valid" });
  const { created, response } = await editResponse(actor, params.id!, input);
  return json(response, created ? 201 : 200);
});
