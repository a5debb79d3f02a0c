import { apiRoute, json } from "@/lib/api/handler";
import { readTextBody } from "@/lib/api/body";
import { env } from "@/lib/env";
import { importPrompts } from "@/lib/import/import-prompts";
import { getProject } from "@/lib/projects/projects";

/** Body: JSONL, one prompt a line (docs/api.md lists the accepted shapes). */
export const POST = apiRoute({ capability: "admin" }, async ({ request, actor, params }) => {
  // Check the project exists before reading a large body.
  const project = await getProject(actor, params.id!);
  const text = await readTextBody(request, env().EXEMPLAR_MAX_IMPORT_BYTES);
  return json(await importPrompts(actor, project.id, text));
});
