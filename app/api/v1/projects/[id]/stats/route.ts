import { apiRoute, json } from "@/lib/api/handler";
import { projectAnalytics } from "@/lib/analytics/project-analytics";

// The quality analytics as JSON; docs/review.md ("Metrics") defines each number.
export const GET = apiRoute({ capability: "admin" }, async ({ actor, params }) => {
  return json(await projectAnalytics(actor, params.id!));
});
