import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { listGuidelinesVersions, updateGuidelines } from "@/lib/projects/projects";
import { UpdateGuidelinesInput } from "@/lib/projects/schemas";

export const GET = apiRoute({}, async ({ actor, params }) =>
  json({ items: await listGuidelinesVersions(actor, params.id!), nextCursor: null }),
);

export const PUT = apiRoute({ capability: "admin" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, UpdateGuidelinesInput);
  const { created, ...version } = await updateGuidelines(actor, params.id!, input);
  return json(version, created ? 201 : 200);
});
