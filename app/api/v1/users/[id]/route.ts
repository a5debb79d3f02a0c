import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { updateUser } from "@/lib/users/users";
import { UpdateUserInput } from "@/lib/users/schemas";

export const PATCH = apiRoute({ capability: "admin" }, async ({ request, actor, params }) =>
  json(await updateUser(actor, params.id!, await parseBody(request, UpdateUserInput))),
);
