import type { Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { SubmitResponseInput } from "@/lib/tasks/schemas";
import type { ApiError } from "./api";

type Limits = { slotCount: number; maxResponseTokens: number };

/** The shared schema imports the tokenizer (megabytes); fetching it at first validation keeps it out of first paint. */
export function lazySubmitResolver(limits: Limits): Resolver<SubmitResponseInput> {
  let resolve: Resolver<SubmitResponseInput> | undefined;
  return async (values, context, options) => {
    if (!resolve) {
      const { submitResponseSchema } = await import("@/lib/tasks/schemas");
      resolve = zodResolver(submitResponseSchema(limits));
    }
    return resolve(values, context, options);
  };
}

/** Server validation issues that point at one turn (`["turns", 1]`), to show under that editor. */
export function turnIssues(details: unknown): Array<{ index: number; message: string }> {
  if (!Array.isArray(details)) return [];
  return details.flatMap((issue: { path?: unknown[]; message?: string }) =>
    issue?.path?.[0] === "turns" && typeof issue.path[1] === "number"
      ? [{ index: issue.path[1], message: issue.message ?? "Not valid" }]
      : [],
  );
}

export function describeError(error: ApiError): string {
  if (error.status === 0) return "Could not reach the server. Your text is kept on this device; try again.";
  if (error.status === 401)
    return "You were signed out. Sign in again in another tab, then retry; your text is kept on this device.";
  return error.message;
}

export const onMac = () => /Mac|iPhone|iPad/.test(navigator.platform);
