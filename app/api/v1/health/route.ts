import { errorResponse, json } from "@/lib/api/handler";
import { pingDatabase } from "@/lib/db";

/**
 * Readiness for a load balancer (docs/scaling.md): 200 when this instance can reach the database, else
 * 503 with Retry-After in the usual error shape. Public and says nothing else: no version, no counts.
 * Not an `apiRoute`: it authenticates nobody. The ping runs at most once a second (lib/db.ts).
 */
export async function GET(): Promise<Response> {
  let response: Response;
  try {
    await pingDatabase();
    response = json({ status: "ok" });
  } catch (error) {
    response = errorResponse(error);
  }
  response.headers.set("Cache-Control", "no-store");
  return response;
}
