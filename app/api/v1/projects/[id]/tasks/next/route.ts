import { apiRoute, json } from "@/lib/api/handler";
import { claimNextTask } from "@/lib/tasks/claim-next-task";

export const POST = apiRoute({ capability: "label" }, async ({ actor, params }) => {
  const task = await claimNextTask(actor, params.id!);
  return task ? json(task) : new Response(null, { status: 204 });
});
