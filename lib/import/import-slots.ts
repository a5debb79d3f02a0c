import "server-only";
import { errorBody } from "@/lib/api/handler";
import { env } from "@/lib/env";
import { ERROR_STATUS } from "@/lib/errors";

/**
 * A refused import cannot know when a running one ends (an upload over a slow link takes minutes), so this is a
 * polling interval: short enough that a waiting pipeline gets in soon after, and a refusal costs the server
 * nothing, since it reads none of the body.
 */
export const IMPORT_RETRY_AFTER_SECONDS = 10;

// On globalThis like the pool (lib/db.ts): a module evaluated twice in one process still counts one set.
const globalForImports = globalThis as unknown as { exemplarRunningImports?: { count: number } };

/**
 * Runs an import in one of this instance's EXEMPLAR_MAX_CONCURRENT_IMPORTS places, freed however it ends. Each
 * import holds a database connection of its own while its client uploads (importPromptStream), so the cap bounds
 * what imports add to the instance's connection budget (docs/scaling.md). Past the cap the answer is 429 at once,
 * before any of the body is read.
 */
export async function withImportSlot(run: () => Promise<Response>): Promise<Response> {
  const running = (globalForImports.exemplarRunningImports ??= { count: 0 });
  const limit = env().EXEMPLAR_MAX_CONCURRENT_IMPORTS;
  if (running.count >= limit) return importsBusy(limit);
  running.count += 1;
  try {
    return await run();
  } finally {
    running.count -= 1;
  }
}

function importsBusy(limit: number): Response {
  const seconds = IMPORT_RETRY_AFTER_SECONDS;
  const imports = limit === 1 ? "another import is" : `${limit} other imports are`;
  const message = `The server is busy: ${imports} running; retry in ${seconds} seconds`;
  return Response.json(errorBody("rate_limited", message, { retryAfter: seconds }), {
    status: ERROR_STATUS.rate_limited,
    headers: { "Retry-After": String(seconds) },
  });
}
