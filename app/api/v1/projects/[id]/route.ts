import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { getProject, latestGuidelines, updateProject } from "@/lib/projects/projects";
import { UpdateProjectInput } from "@/lib/projects/schemas";

export const GET = apiRoute({}, async ({ actor, params }) => {
  const project = await getProject(actor, params.id!);
  const guidelines = await latestGuidelines(project.id);
  return json({ ...project, guidelines: { version: guidelines.version, markdown: guidelines.markdown } });
});

export const PATCH = apiRoute({ capability: "admin" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, UpdateProjectInput.partial());
  return json(await updateProject(actor, params.id!, input));
});
