import { apiRoute, json } from "@/lib/api/handler";
import { getTaskView } from "@/lib/tasks/task-view";

export const GET = apiRoute({ capability: "label" }, async ({ actor, params }) =>
  json(await getTaskView(actor, params.id!)),
);
