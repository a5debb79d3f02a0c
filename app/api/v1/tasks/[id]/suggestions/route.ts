import { apiRoute, json, parseBody } from "@/lib/api/handler";
import { SuggestionsInput } from "@/lib/assistant/schemas";
import { suggest, suggestStream } from "@/lib/assistant/suggestions";

export const POST = apiRoute({ capability: "label" }, async ({ request, actor, params }) => {
  const input = await parseBody(request, SuggestionsInput, {
    message: "The suggestion request is not valid",
    optional: true,
  });
  if (!(request.headers.get("accept") ?? "").includes("text/event-stream"))
    return json(await suggest(actor, params.id!, input, request.signal));
  const stream = await suggestStream(actor, params.id!, input, request.signal);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: compression would hold events back until a buffer fills.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
});
