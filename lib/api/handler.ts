import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError, ERROR_STATUS, isDatabaseUnavailable } from "@/lib/errors";
import { actorFromRequest } from "@/lib/auth/current-user";
import { assertCan, type Actor, type Capability } from "@/lib/auth/permissions";
import { readJsonBody } from "@/lib/api/body";
import { assertBrowserWriteAllowed, type BodyKind } from "@/lib/api/browser-writes";
import { prisma } from "@/lib/db";
import { projectKey } from "@/lib/ids";

type RouteContext = { params: Promise<Record<string, string>> };
type HandlerContext = { request: Request; actor: Actor; params: Record<string, string> };

/**
 * One wrapper for every API route (docs/architecture.md "Request flow"): authenticate (bearer token or session) → for a
 * session, refuse a cross-site write (lib/api/browser-writes.ts) → check the role → run the handler →
 * map any error to the one JSON error shape. Ownership checks live in lib/<domain>, where the queries are.
 * `body`: the media type of the route's body when it is not JSON (what the browser UI sends).
 */
export function apiRoute(
  options: { capability?: Capability; scoped?: "export"; body?: BodyKind },
  handler: (ctx: HandlerContext) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const actor = await actorFromRequest(request);
      if (actor.via === "session") assertBrowserWriteAllowed(request, options.body ?? "json");
      if (options.capability) assertCan(actor, options.capability);
      const params = (await context?.params) ?? {};
      if (actor.scope) await assertScopeAllows(actor.scope, options.scoped, params.id);
      return await handler({ request, actor, params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * A project-scoped token reaches only routes that accept its scope, and only for its project
 * (`params.id`, an id or a slug). Checked here, once, so no route can forget it.
 */
async function assertScopeAllows(
  scope: NonNullable<Actor["scope"]>,
  accepted: string | undefined,
  projectParam?: string,
) {
  if (accepted !== scope.scope || !projectParam) {
    throw new AppError("forbidden", `This token is limited to ${scope.scope} of one project`);
  }
  const project = await prisma.project.findUnique({ where: projectKey(projectParam), select: { id: true } });
  if (project?.id !== scope.projectId)
    throw new AppError("forbidden", `This token is limited to ${scope.scope} of another project`);
}

/**
 * Reads a JSON body and checks its shape with the domain's schema: the one shape check of a request, made
 * here at the edge; lib functions take the typed value (docs/architecture.md "Request flow").
 * `message`: the domain's words for a body that is not valid. `optional`: no body (or `null`) is `{}`.
 */
export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { message?: string; optional?: boolean } = {},
): Promise<z.infer<S>> {
  const raw = await readJsonBody(request, { optional: options.optional });
  return parseInput(schema, options.optional ? (raw ?? {}) : raw, options.message);
}

/** A value checked with `schema`, or 400 `validation_error` with the issues as details. */
function parseInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  message = "The request body is not valid",
): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new AppError("validation_error", message, result.error.issues);
  return result.data;
}

export function json(data: unknown, status = 200): Response {
  return NextResponse.json(data, { status });
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const retryAfter = (error.details as { retryAfter?: unknown } | undefined)?.retryAfter;
    const headers: Record<string, string> =
      (error.code === "rate_limited" || error.code === "model_unavailable") && typeof retryAfter === "number"
        ? { "Retry-After": String(retryAfter), "Cache-Control": "no-store" }
        : {};
    return NextResponse.json(errorBody(error.code, error.message, error.details), { status: error.status, headers });
  }
  // A unique index caught what a check-then-insert raced past (two creates at once).
  if ((error as { code?: unknown } | null)?.code === "P2002") {
    return NextResponse.json(errorBody("conflict", "That already exists"), { status: 409 });
  }
  if (isDatabaseUnavailable(error)) {
    return NextResponse.json(errorBody("service_unavailable", "The database is unavailable; try again shortly"), {
      status: ERROR_STATUS.service_unavailable,
      headers: { "Retry-After": "5" },
    });
  }
  // Never leak stack traces or SQL to the client; the server log has them.
  console.error(error);
  return NextResponse.json(errorBody("internal_error", "Something went wrong on our side"), { status: 500 });
}
