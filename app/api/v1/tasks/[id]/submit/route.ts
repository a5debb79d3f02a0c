import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { SubmitRequest } from "@/lib/tasks/schemas";
import { submitAndContinue } from "@/lib/tasks/submit-and-continue";
import { submitResponse } from "@/lib/tasks/submit-response";

export const POST = apiRoute({ capability: "label" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, SubmitRequest, { message: "The response is not valid" });
  if (!input.next) {
    const { created, response } = await submitResponse(actor, params.id!, input);
    return json(response, created ? 201 : 200);
  }
  const { created, response, next, nextError } = await submitAndContinue(actor, params.id!, input);
  return json({ ...response, next, ...(nextError ? { nextError } : {}) }, created ? 201 : 200);
});
