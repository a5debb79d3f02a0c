// Next's server puts AsyncLocalStorage on globalThis before its request storages are created; so must
// a test, before anything loads them (import this module first).
import "next/dist/server/node-environment-baseline";
import type { NextRequest } from "next/server";
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { createWorkStore } from "next/dist/server/async-storage/work-store";
import { createRequestStoreForAPI } from "next/dist/server/async-storage/request-store";

type WorkStoreContext = Parameters<typeof createWorkStore>[0];
type RequestStoreArgs = Parameters<typeof createRequestStoreForAPI>;

/**
 * Runs `fn` in the request scope Next gives an App Router route handler, so a handler that reads
 * `headers()` and `cookies()` from next/headers (next-auth's does) can be called straight from a
 * test with a real NextRequest, as Next's server would call it.
 */
export function inRequestScope<T>(request: NextRequest, page: string, fn: () => Promise<T>): Promise<T> {
  const workStore = createWorkStore({
    page,
    // Only what a route handler's scope reads; none of it is rendering.
    renderOpts: { experimental: {} },
    isPrefetchRequest: false,
    buildId: "test",
    previouslyRevalidatedTags: [],
  } as unknown as WorkStoreContext);
  const requestStore = createRequestStoreForAPI(
    request as unknown as RequestStoreArgs[0],
    request.nextUrl as unknown as RequestStoreArgs[1],
    undefined as unknown as RequestStoreArgs[2],
    undefined,
    undefined as unknown as RequestStoreArgs[4],
    undefined,
  );
  return workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, fn));
}
