import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Calls the real route handlers of app/api in-process, as Next would: the routes are found on
 * the file system (so a new route is reachable without registering it here) and get a real
 * Request. Authentication goes through the bearer-token path, the one pipelines use.
 */
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = { pattern: RegExp; keys: string[]; file: string };

const API_ROOT = path.join(process.cwd(), "app", "api");

function findRoutes(dir: string, segments: string[] = []): Route[] {
  const routes: Route[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) routes.push(...findRoutes(full, [...segments, entry]));
    else if (entry === "route.ts") {
      const keys: string[] = [];
      const source = segments
        .map((s) => {
          const dynamic = /^\[(\.\.\.)?(\w+)\]$/.exec(s);
          if (!dynamic) return s.replace(/[.*+?^${}()|\\]/g, "\\$&");
          keys.push(dynamic[2]!);
          return dynamic[1] ? "(.+)" : "([^/]+)";
        })
        .join("/");
      routes.push({ pattern: new RegExp(`^/api/${source}$`), keys, file: full });
    }
  }
  return routes;
}

export const API_ROUTES = findRoutes(API_ROOT);

// biome-ignore lint/suspicious/noExplicitAny: each test reads the JSON shape its route answers
export type ApiResult = { status: number; headers: Headers; body: any; text: string };

export async function callApi(
  method: string,
  url: string,
  /** `body`: raw bytes or a stream (a client that sends anything), instead of `json`. */
  options: {
    token?: string;
    json?: unknown;
    body?: string | Uint8Array | ReadableStream<Uint8Array>;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResult> {
  const { pathname } = new URL(url, "http://exemplar.test");
  const route = API_ROUTES.find((r) => r.pattern.test(pathname));
  if (!route) throw new Error(`no route for ${pathname}`);
  const match = route.pattern.exec(pathname)!;
  const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(match[i + 1]!)]));
  const module = (await import(/* @vite-ignore */ route.file)) as Record<string, Handler | undefined>;
  const handler = module[method];
  if (!handler) return { status: 405, headers: new Headers(), body: null, text: "" };
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] ??= "application/json";
  }
  const init = { method, headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit;
  const response = await handler(new Request(new URL(url, "http://exemplar.test"), init), {
    params: Promise.resolve(params),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** A client bound to one token, for readable tests. */
export function apiAs(token?: string) {
  return {
    get: (url: string) => callApi("GET", url, { token }),
    post: (url: string, json?: unknown) => callApi("POST", url, { token, json }),
    put: (url: string, json?: unknown) => callApi("PUT", url, { token, json }),
    patch: (url: string, json?: unknown) => callApi("PATCH", url, { token, json }),
    delete: (url: string) => callApi("DELETE", url, { token }),
    postText: (url: string, body: string, contentType = "application/x-ndjson") =>
      callApi("POST", url, { token, body, headers: { "content-type": contentType } }),
  };
}
