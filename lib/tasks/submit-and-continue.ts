import "server-only";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import type { ResponseView } from "@/lib/review/response-view";
import { claimNextTask } from "@/lib/tasks/claim-next-task";
import type { SubmitRequest } from "@/lib/tasks/schemas";
import { submitResponse } from "@/lib/tasks/submit-response";
import type { TaskView } from "@/lib/tasks/task-view";

/** Why no next task came with a submit: the error `POST /projects/{id}/tasks/next` would have answered. */
export type NextRefused = { status: number; code: string; message: string; details?: unknown };

export type SubmitAndContinue = {
  created: boolean;
  response: ResponseView;
  /** The next task exactly as `claimNextTask` returns it; null when none is left or the claim was refused. */
  next: TaskView | null;
  /** Set only when the claim was refused (a paused project…): the submit itself counted. */
  nextError?: NextRefused;
};

/**
 * A submit, then the claim of the labeler's next task in the same project: the writing screen's
 * "Submit and continue" in one round trip instead of two (docs/api.md). The claim runs only once
 * the submit has counted, so a refused submit claims nothing. A claim refused for a reason the
 * labeler can act on (the project was paused meanwhile) does not undo the submit: the answer
 * carries the response, `next: null` and that reason. Anything else (the database gone) fails the
 * request; repeating it is safe, because a repeated submit returns the first response.
 */
export async function submitAndContinue(
  actor: Actor,
  taskId: string,
  input: SubmitRequest,
): Promise<SubmitAndContinue> {
  const { created, response } = await submitResponse(actor, taskId, input);
  try {
    return { created, response, next: await claimNextTask(actor, response.projectId) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const nextError: NextRefused = { status: error.status, code: error.code, message: error.message };
    if (error.details !== undefined) nextError.details = error.details;
    return { created, response, next: null, nextError };
  }
}
