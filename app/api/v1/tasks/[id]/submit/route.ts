import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { SubmitRequest } from "@/lib/tasks/schemas";
import { submitResponse } from "@/lib/tasks/submit-response";

export const POST = apiRoute({ capability: "label" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, SubmitRequest, { message: "The response is not valid" });
  const { created, response } = await submitResponse(actor, params.id!, input);
  return json(response, created ? 201 : 200);
});
