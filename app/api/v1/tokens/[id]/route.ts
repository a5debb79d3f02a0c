import { apiRoute } from "@/lib/api/handler";
import { revokeApiToken } from "@/lib/api-tokens/api-tokens";

export const DELETE = apiRoute({}, async ({ actor, params }) => {
  await revokeApiToken(actor, params.id!);
  return new Response(null, { status: 204 });
});
