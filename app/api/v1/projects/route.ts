import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { createProject } from "@/lib/projects/projects";
import { listProjects } from "@/lib/projects/list-projects";
import { CreateProjectInput } from "@/lib/projects/schemas";

export const GET = apiRoute({}, async ({ actor }) => json({ items: await listProjects(actor), nextCursor: null }));

export const POST = apiRoute({ capability: "admin" }, async ({ request, actor }) => {
  const input = await parseBody(request, CreateProjectInput);
  return json(await createProject(actor, input), 201);
});
