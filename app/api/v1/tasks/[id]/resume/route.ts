import { apiRoute, json } from "@/lib/api/handler";
import { resumeSkippedTask } from "@/lib/tasks/resume-task";

/** Back to a skipped prompt, with its draft: it becomes the caller's active task in its project. */
export const POST = apiRoute({ capability: "label" }, async ({ actor, params }) =>
  json(await resumeSkippedTask(actor, params.id!)),
);
