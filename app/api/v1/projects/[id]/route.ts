import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { getProject, latestGuidelines, updateProject } from "@/lib/projects/projects";
import { DeleteProjectQuery, UpdateProjectInput } from "@/lib/projects/schemas";
import { deleteProject } from "@/lib/projects/delete-project";
import { AppError } from "@/lib/errors";

export const GET = apiRoute({}, async ({ actor, params }) => {
  const project = await getProject(actor, params.id!);
  const guidelines = await latestGuidelines(project.id);
  return json({ ...project, guidelines: { version: guidelines.version, markdown: guidelines.markdown } });
});

export const PATCH = apiRoute({ capability: "admin" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, UpdateProjectInput.partial());
  return json(await updateProject(actor, params.id!, input));
});

/** Deletes the project; one with responses only with `?confirm=<its slug>` (409 otherwise). */
export const DELETE = apiRoute({ capability: "admin" }, async ({ request, actor, params }) => {
  const query = DeleteProjectQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new AppError("validation_error", "Bad query parameters", query.error.issues);
  return json(await deleteProject(actor, params.id!, query.data.confirm));
});
