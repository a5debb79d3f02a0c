import "server-only";
import { env } from "@/lib/env";
import { withGate } from "@/lib/api/concurrency-gate";

/**
 * A refused import cannot know when a running one ends (an upload over a slow link takes minutes), so this is a
 * polling interval: short enough that a waiting pipeline gets in soon after, and a refusal costs the server
 * nothing, since it reads none of the body.
 */
export const IMPORT_RETRY_AFTER_SECONDS = 10;

/**
 * Runs an import in one of this instance's EXEMPLAR_MAX_CONCURRENT_IMPORTS places, freed however it ends. Each
 * import holds a database connection of its own while its client uploads (importPromptStream), so the cap bounds
 * what imports add to the instance's connection budget (docs/scaling.md). Past the cap it throws the 429
 * (`rateLimited`, answered with Retry-After by apiRoute) at once, before any of the body is read.
 */
export async function withImportSlot(run: () => Promise<Response>): Promise<Response> {
  const gate = {
    name: "imports",
    limit: env().EXEMPLAR_MAX_CONCURRENT_IMPORTS,
    noun: "import",
    retryAfterSeconds: IMPORT_RETRY_AFTER_SECONDS,
  };
  return withGate(gate, run);
}
