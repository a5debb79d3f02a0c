// Tokenizes the protocol view's messages off the main thread, so typing stays under the 50 ms
// target on a 20,000-token conversation (docs/performance.md). Started by tokenizer-client.ts; it keeps no state but the encodings.
import type { Tokenizer } from "@/lib/tokenizer/encodings";
import { tokenizeText, type Encoding } from "@/lib/tokenizer/tokenize";
import { TOKEN_SPLIT } from "@/lib/tokenizer/bounded";
import type { TokenizeRequest, TokenizeResponse } from "./tokenizer-client";

const encodings = new Map<Tokenizer, Promise<Encoding>>();

function load(tokenizer: Tokenizer): Promise<Encoding> {
  let loading = encodings.get(tokenizer);
  if (!loading) {
    // Only the project's encoding is fetched: each is megabytes of ranks.
    loading =
      tokenizer === "cl100k_base"
        ? import("gpt-tokenizer/encoding/cl100k_base")
        : import("gpt-tokenizer/encoding/o200k_base");
    encodings.set(tokenizer, loading);
  }
  return loading;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<TokenizeRequest>) => void) | null;
  postMessage: (message: TokenizeResponse, transfer: Transferable[]) => void;
};

scope.onmessage = async ({ data: { id, tokenizer, texts } }) => {
  try {
    const encoding = await load(tokenizer);
    const results = texts.map((text) => tokenizeText(encoding, text, TOKEN_SPLIT[tokenizer]));
    scope.postMessage(
      { id, results },
      results.flatMap((r) => [r.ends.buffer, r.tokens.buffer, r.special.buffer]),
    );
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }, []);
  }
};
