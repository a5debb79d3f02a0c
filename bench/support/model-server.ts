/**
 * The local OpenAI-compatible server (lib/testing/openai-compatible-server.ts) in a process of its own, so the
 * benchmark's process holds only Exemplar's side. Answers every request after MODEL_LATENCY_MS (default 50).
 * Prints {"baseUrl"} on its first line; on stdin, "stats" prints {"requests","peakInFlight"} and "reset" starts
 * both over.
 */
import { createInterface } from "node:readline";
import { startOpenAiCompatibleServer } from "@/lib/testing/openai-compatible-server";

async function main() {
  const server = await startOpenAiCompatibleServer({
    reply: { kind: "reply", latencyMs: Number(process.env.MODEL_LATENCY_MS ?? 50) },
  });
  console.log(JSON.stringify({ baseUrl: server.baseUrl }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === "stats")
      console.log(JSON.stringify({ requests: server.requests.length, peakInFlight: server.peakInFlight }));
    if (line === "reset") {
      server.requests.length = 0;
      server.resetPeak();
      console.log("{}");
    }
  }
  await server.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
