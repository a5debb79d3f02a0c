import { apiRoute, json } from "@/lib/api/handler";
import { readJsonBody } from "@/lib/api/body";
import { submitResponse } from "@/lib/tasks/submit-response";

export const POST = apiRoute({ capability: "label" }, async ({ request, actor, params }) => {
  const { created, response } = await submitResponse(actor, params.id!, await readJsonBody(request));
  return json(response, created ? 201 : 200);
});
