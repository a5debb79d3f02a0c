import { errorResponse, json } from "@/lib/api/handler";
import { pingDatabase } from "@/lib/db";

/**
 * Readiness for a load balancer (docs/scaling.md): 200 when this instance can reach the database, else
 * 503 with Retry-After in the usual error shape. Public and says nothing else: no version, no counts.
 */
export async function GET(): Promise<Response> {
  try {
    await pingDatabase();
    const response = json({ status: "ok" });
    response.headers.set("Cache-Control", "no-store");
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
