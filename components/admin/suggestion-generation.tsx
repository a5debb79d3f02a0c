import { requireActor } from "@/lib/auth/current-user";
import { getAssistantSettings } from "@/lib/assistant/connections";
import { generationProgress } from "@/lib/assistant/generation-runs";
import { SuggestionGenerationPanel } from "./suggestion-generation-panel";

/**
 * The project page's panel for suggestions generated ahead of the labelers (docs/api.md "Pre-generation API"):
 * start, progress and cancel. Reads the latest run once; the client part follows it while it runs.
 */
export async function SuggestionGeneration({ projectId }: { projectId: string }) {
  const actor = await requireActor("admin");
  const [progress, connection] = await Promise.all([
    generationProgress(actor, projectId),
    getAssistantSettings(actor, projectId).catch(() => null),
  ]);
  return (
    <section className="card stack" aria-labelledby="pregeneration-heading">
      <h2 id="pregeneration-heading">Suggestions generated ahead</h2>
      {connection ? (
        <p className="muted small">
          The model <code>{connection.model}</code> writes a suggestion for every open prompt before a labeler opens it,{" "}
          {connection.concurrency} at a time; labelers then get it without waiting.
        </p>
      ) : (
        <p className="muted small">
          This project has no model connection; set one (<code>PUT /api/v1/projects/{"{id}"}/assistant</code>) to
          generate suggestions.
        </p>
      )}
      <SuggestionGenerationPanel
        projectId={projectId}
        canStart={connection !== null}
        initial={JSON.parse(JSON.stringify(progress))}
      />
    </section>
  );
}
