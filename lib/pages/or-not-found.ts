import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/** A page's lookup that answers "not found" (a bad slug or id in the URL) renders the 404 page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
