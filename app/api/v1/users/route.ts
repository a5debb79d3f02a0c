import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { createUser, listUsers } from "@/lib/users/users";
import { CreateUserInput } from "@/lib/users/schemas";

export const GET = apiRoute({ capability: "admin" }, async ({ actor }) =>
  json({ items: await listUsers(actor), nextCursor: null }),
);

export const POST = apiRoute({ capability: "admin" }, async ({ request, actor }) => {
  const { user, generatedPassword } = await createUser(actor, await parseBody(request, CreateUserInput));
  return json({ ...user, ...(generatedPassword ? { password: generatedPassword } : {}) }, 201);
});
