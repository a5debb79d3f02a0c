import { apiRoute, json } from "@/lib/api/handler";
import { getResponseDetail } from "@/lib/review/response-detail";

/** The author, reviewers and admins may read a response (lib/review/response-detail.ts decides). */
export const GET = apiRoute({ capability: "label" }, async ({ actor, params }) =>
  json(await getResponseDetail(actor, params.id!)),
);
