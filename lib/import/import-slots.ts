import "server-only";
import { env } from "@/lib/env";
import { rateLimited } from "@/lib/errors";

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
 * what imports add to the instance's connection budget (docs/scaling.md). Past the cap it throws the 429
 * (`rateLimited`, answered with Retry-After by apiRoute) at once, before any of the body is read.
 */
export async function withImportSlot(run: () => Promise<Response>): Promise<Response> {
  const running = (globalForImports.exemplarRunningImports ??= { count: 0 });
  const limit = env().EXEMPLAR_MAX_CONCURRENT_IMPORTS;
  if (running.count >= limit) throw importsBusy(limit);
  running.count += 1;
  try {
    return await run();
  } finally {
    running.count -= 1;
  }
}

function importsBusy(limit: number) {
  const seconds = IMPORT_RETRY_AFTER_SECONDS;
  const imports = limit === 1 ? "another import is" : `${limit} other imports are`;
  return rateLimited(`The server is busy: ${imports} running; retry in ${seconds} seconds`, seconds);
}
