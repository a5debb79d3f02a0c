/** The API's one error shape (lib/api/handler.ts), or what we make of a failure that never got one. */
export type ApiError = { status: number; code: string; message: string; details?: unknown };

export type FetchResult<T> = { ok: true; status: number; data: T } | { ok: false; error: ApiError };

/**
 * JSON calls to /api/v1 from the browser; the session cookie authenticates them. Never throws:
 * a network failure is status 0, so callers can tell "retry later" from "the server said no".
 */
export async function fetchApi<T = unknown>(
  method: "POST" | "PUT",
  path: string,
  body: unknown,
  init: { keepalive?: boolean } = {},
): Promise<FetchResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      keepalive: init.keepalive,
    });
  } catch {
    return { ok: false, error: { status: 0, code: "network", message: "Could not reach the server" } };
  }
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return { ok: true, status: response.status, data: payload as T };
  const error = (payload as { error?: Partial<ApiError> } | null)?.error;
  return {
    ok: false,
    error: {
      status: response.status,
      code: error?.code ?? "http_error",
      message: error?.message ?? `The server answered ${response.status}`,
      details: error?.details,
    },
  };
}
