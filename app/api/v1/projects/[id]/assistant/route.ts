import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { deleteAssistantSettings, getAssistantSettings, putAssistantSettings } from "@/lib/assistant/connections";
import { PutAssistantInput } from "@/lib/assistant/schemas";

export const GET = apiRoute({ capability: "admin" }, async ({ actor, params }) =>
  json(await getAssistantSettings(actor, params.id!)),
);

export const PUT = apiRoute({ capability: "admin" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, PutAssistantInput, { message: "The model connection is not valid" });
  return json(await putAssistantSettings(actor, params.id!, input));
});

export const DELETE = apiRoute({ capability: "admin" }, async ({ actor, params }) => {
  await deleteAssistantSettings(actor, params.id!);
  return new Response(null, { status: 204 });
});
