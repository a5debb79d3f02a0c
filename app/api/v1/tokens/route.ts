import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { createTokenForActor, listApiTokens } from "@/lib/api-tokens/api-tokens";
import { CreateTokenInput } from "@/lib/api-tokens/schemas";

export const GET = apiRoute({}, async ({ actor }) => json({ items: await listApiTokens(actor), nextCursor: null }));

/** Creates a token for the caller (`project` + `scope: "export"`: admins only); the secret is in this answer only. */
export const POST = apiRoute({}, async ({ request, actor }) => {
  const { secret, token } = await createTokenForActor(actor, await parseBody(request, CreateTokenInput));
  return json({ ...token, secret }, 201);
});
