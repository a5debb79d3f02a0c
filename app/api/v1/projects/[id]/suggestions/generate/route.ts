import { apiRoute, json } from "@/lib/api/handler";
import { cancelGeneration, generationProgress, startGeneration } from "@/lib/assistant/generation-runs";

export const GET = apiRoute({ capability: "admin" }, async ({ actor, params }) =>
  json(await generationProgress(actor, params.id!)),
);

/** 202: the run is queued; its progress is the answer and GET follows it. */
export const POST = apiRoute({ capability: "admin" }, async ({ actor, params }) =>
  json(await startGeneration(actor, params.id!), 202),
);

export const DELETE = apiRoute({ capability: "admin" }, async ({ actor, params }) =>
  json(await cancelGeneration(actor, params.id!)),
);
