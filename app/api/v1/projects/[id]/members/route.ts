import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { addMember, listMembers } from "@/lib/projects/members";
import { AddMemberInput } from "@/lib/projects/schemas";

/** The project's members: `{"items":[{userId, email, name, role}]}` (admins). */
export const GET = apiRoute({ capability: "admin" }, async ({ actor, params }) =>
  json({ items: await listMembers(actor, params.id!) }),
);

/** `{"email","role"}`: adds the member (201) or changes the role of one already there (200). */
export const POST = apiRoute({ capability: "admin" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, AddMemberInput, { message: "The member is not valid" });
  const { created, member } = await addMember(actor, params.id!, input);
  return json(member, created ? 201 : 200);
});
