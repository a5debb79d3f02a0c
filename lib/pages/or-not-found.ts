import "server-only";
import { forbidden, notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/**
 * A page's lookup, answered as a page: "not found" (a bad slug or id, or a project the caller may
 * not see) renders the 404 page, "forbidden" (a project they see but may not do this in, e.g. review
 * where they only label) the 403 page. Anything else is a real error.
 */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    if (error instanceof AppError && error.code === "forbidden") forbidden();
    throw error;
  }
}
