import type { TaskView } from "@/lib/tasks/task-view";

/** A TaskView as the API sends it (dates as strings), made whole again for the writing screen. */
export function reviveTaskView(json: TaskView): TaskView {
  return {
    ...json,
    expiresAt: new Date(json.expiresAt),
    draft: json.draft
      ? { ...json.draft, updatedAt: json.draft.updatedAt ? new Date(json.draft.updatedAt) : null }
      : null,
    revision: json.revision ? { ...json.revision, requestedAt: new Date(json.revision.requestedAt) } : null,
  };
}
