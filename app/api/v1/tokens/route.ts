import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { createApiToken, listApiTokens } from "@/lib/tokens/api-tokens";
import { CreateTokenInput } from "@/lib/tokens/schemas";

export const GET = apiRoute({}, async ({ actor }) => json({ items: await listApiTokens(actor), nextCursor: null }));

/** Creates a token for the caller; the secret is in this answer only. */
export const POST = apiRoute({}, async ({ request, actor }) => {
  const { name, expiresInDays } = await parseBody(request, CreateTokenInput);
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
  const { secret, token } = await createApiToken(actor.id, name, expiresAt);
  return json({ ...token, secret }, 201);
});
