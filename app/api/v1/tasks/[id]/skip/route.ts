import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { SkipTaskInput } from "@/lib/tasks/schemas";
import { skipTask } from "@/lib/tasks/skip-task";

/** The body is optional: `{}`, `{"reason": "…"}` or nothing at all. */
export const POST = apiRoute({ capability: "label" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, SkipTaskInput, { message: "The skip is not valid", optional: true });
  return json(await skipTask(actor, params.id!, input));
});
