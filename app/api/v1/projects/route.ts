import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { createProject } from "@/lib/projects/projects";
import { listProjects } from "@/lib/projects/list-projects";
import { CreateProjectInput, ListProjectsQuery } from "@/lib/projects/schemas";

/** The projects the caller may see; `?status=archived` (or `all`) lists archived ones too. */
export const GET = apiRoute({}, async ({ request, actor }) => {
  const query = ListProjectsQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new AppError("validation_error", "Bad query parameters", query.error.issues);
  return json({ items: await listProjects(actor, query.data), nextCursor: null });
});

export const POST = apiRoute({ capability: "admin" }, async ({ request, actor }) => {
  const input = await parseBody(request, CreateProjectInput);
  return json(await createProject(actor, input), 201);
});
