import { apiRoute, json } from "@/lib/api/handler";
import { readJsonBody } from "@/lib/api/body";
import { skipTask } from "@/lib/tasks/skip-task";

/** The body is optional: `{}`, `{"reason": "…"}` or nothing at all. */
export const POST = apiRoute({ capability: "label" }, async ({ request, actor, params }) =>
  json(await skipTask(actor, params.id!, await readJsonBody(request, { optional: true }))),
);
