import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { API_ROUTES, callApi } from "@/lib/testing/api-client";
import {
  createProjectWithPrompts,
  createTestProject,
  createTestUsers,
  jsonl,
  uniq,
  type TestUser,
} from "@/lib/testing/factories";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import { sessionCookie } from "@/lib/testing/session-cookie";
import { startOpenAiCompatibleServer, type OpenAiCompatibleServer } from "@/lib/testing/openai-compatible-server";
import { stopJobQueue } from "@/lib/assistant/job-queue";

/**
 * The authorization matrix (docs/security-authz.md): every route file under app/api and every HTTP method it
 * exports, found on the file system, against every kind of caller, with a bearer token and with a
 * browser's session cookie. A route without a row in EXPECTED fails the first test, so a new route
 * cannot ship unreviewed. Each request carries a valid body and the ids of real objects (labeler A's
 * task, A's submitted response, …), so a refusal comes from the authorization layer, and an allowed
 * cell really does its work (2xx). Token and cookie callers each get a fixture set of their own.
 */
const TOKEN_ACTORS = [
  "anon",
  "labeler",
  "other",
  "reviewer",
  "admin",
  "deact",
  "revoked",
  "expired",
  "expOther",
  "expOwn",
] as const;
const COOKIE_ACTORS = ["sLabeler", "sOther", "sReviewer", "sAdmin", "sDeact", "sXsite"] as const;
const ACTORS = [...TOKEN_ACTORS, ...COOKIE_ACTORS] as const;
type ActorKey = (typeof ACTORS)[number];
type CookieActor = (typeof COOKIE_ACTORS)[number];
// anon: no credentials · labeler: labeler A, who owns the task/response ids in the URLs · other: labeler B ·
// deact: a deactivated labeler's token (revoked by the deactivation) · revoked, expired: an admin's token,
// revoked or past its expiry · expOther, expOwn: an admin's export token scoped to another project / to the
// project in the URL.
// s…: the same people signed in, sending their session cookie from the app's own origin (as the UI does) ·
// sDeact: the session of a labeler deactivated since · sXsite: the admin's session on a request another site
// made (Origin: https://evil.example): reads pass (the other site cannot read the answer), writes are 403.

// 401: not authenticated; 403: the role (or the token's scope) lacks the capability, a token tries to create a
// token, or a cookie write comes from another site; 404: not theirs, and indistinguishable from an id that does
// not exist. "e2e": next-auth's handler needs a live Next request.
//                                                          anon labeler other reviewer admin deact revoked expired expOther expOwn · sLabeler sOther sReviewer sAdmin sDeact sXsite
const EXPECTED: Record<string, readonly number[] | "e2e"> = {
  "GET /api/auth/[...nextauth]": "e2e",
  "POST /api/auth/[...nextauth]": "e2e",
  "GET /api/v1/audit": [401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 200],
  // Readiness for load balancers: public, and it says only "ok".
  "GET /api/v1/health": [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  "GET /api/v1/me": [401, 200, 200, 200, 200, 401, 401, 401, 403, 403, 200, 200, 200, 200, 401, 200],
  "GET /api/v1/me/waiting": [401, 200, 200, 200, 200, 401, 401, 401, 403, 403, 200, 200, 200, 200, 401, 200],
  "GET /api/v1/projects": [401, 200, 200, 200, 200, 401, 401, 401, 403, 403, 200, 200, 200, 200, 401, 200],
  "POST /api/v1/projects": [401, 403, 403, 403, 201, 401, 401, 401, 403, 403, 403, 403, 403, 201, 401, 403],
  "GET /api/v1/projects/[id]": [401, 200, 200, 200, 200, 401, 401, 401, 403, 403, 200, 200, 200, 200, 401, 200],
  "PATCH /api/v1/projects/[id]": [401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 403],
  // An empty project of its own per fixture set: admins delete it; nobody else learns anything.
  "DELETE /api/v1/projects/[id]": [401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 403],
  // The main project's model connection (the model server of this file): GET, then PUT; DELETE on another project.
  "GET /api/v1/projects/[id]/assistant": [
    401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 200,
  ],
  "PUT /api/v1/projects/[id]/assistant": [
    401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 403,
  ],
  "DELETE /api/v1/projects/[id]/assistant": [
    401, 403, 403, 403, 204, 401, 401, 401, 403, 403, 403, 403, 403, 204, 401, 403,
  ],
  "GET /api/v1/projects/[id]/members": [401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 200],
  "POST /api/v1/projects/[id]/members": [
    401, 403, 403, 403, 201, 401, 401, 401, 403, 403, 403, 403, 403, 201, 401, 403,
  ],
  "DELETE /api/v1/projects/[id]/members/[userId]": [
    401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 403,
  ],
  "GET /api/v1/projects/[id]/export": [401, 403, 403, 403, 200, 401, 401, 401, 403, 200, 403, 403, 403, 200, 401, 200],
  // The export's count and first lines: the same callers as the export itself.
  "GET /api/v1/projects/[id]/export/preview": [
    401, 403, 403, 403, 200, 401, 401, 401, 403, 200, 403, 403, 403, 200, 401, 200,
  ],
  "GET /api/v1/projects/[id]/guidelines": [
    401, 200, 200, 200, 200, 401, 401, 401, 403, 403, 200, 200, 200, 200, 401, 200,
  ],
  "PUT /api/v1/projects/[id]/guidelines": [
    401, 403, 403, 403, 201, 401, 401, 401, 403, 403, 403, 403, 403, 201, 401, 403,
  ],
  "POST /api/v1/projects/[id]/guidelines/acknowledgement": [
    401, 200, 200, 200, 200, 401, 401, 401, 403, 403, 200, 200, 200, 200, 401, 403,
  ],
  "POST /api/v1/projects/[id]/prompts": [
    401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 403,
  ],
  "GET /api/v1/projects/[id]/prompts": [401, 403, 403, 200, 200, 401, 401, 401, 403, 403, 403, 403, 200, 200, 401, 200],
  "GET /api/v1/projects/[id]/responses": [
    401, 403, 403, 200, 200, 401, 401, 401, 403, 403, 403, 403, 200, 200, 401, 200,
  ],
  "GET /api/v1/projects/[id]/stats": [401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 200],
  "GET /api/v1/projects/[id]/stats/[table]": [
    401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 200,
  ],
  // Pre-generation of the main project's suggestions: started (202, queued; no worker runs here), followed, cancelled.
  "GET /api/v1/projects/[id]/suggestions/generate": [
    401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 200,
  ],
  "POST /api/v1/projects/[id]/suggestions/generate": [
    401, 403, 403, 403, 202, 401, 401, 401, 403, 403, 403, 403, 403, 202, 401, 403,
  ],
  "DELETE /api/v1/projects/[id]/suggestions/generate": [
    401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 403,
  ],
  "POST /api/v1/projects/[id]/tasks/next": [
    401, 200, 200, 200, 200, 401, 401, 401, 403, 403, 200, 200, 200, 200, 401, 403,
  ],
  // Rankings are per reviewer: the reviewer ranked this prompt, the admin has not (GET runs before POST).
  "GET /api/v1/prompts/[id]": [401, 403, 403, 200, 200, 401, 401, 401, 403, 403, 403, 403, 200, 200, 401, 200],
  "GET /api/v1/prompts/[id]/ranking": [401, 403, 403, 200, 404, 401, 401, 401, 403, 403, 403, 403, 200, 404, 401, 404],
  "POST /api/v1/prompts/[id]/ranking": [401, 403, 403, 200, 201, 401, 401, 401, 403, 403, 403, 403, 200, 201, 401, 403],
  "GET /api/v1/responses/[id]": [401, 200, 404, 200, 200, 401, 401, 401, 403, 403, 200, 404, 200, 200, 401, 200],
  "POST /api/v1/responses/[id]/review": [
    401, 403, 403, 200, 200, 401, 401, 401, 403, 403, 403, 403, 200, 200, 401, 403,
  ],
  // Right after the row above: each reviewing role takes back the decision it just made; nobody else has one.
  "DELETE /api/v1/responses/[id]/review": [
    401, 403, 403, 200, 200, 401, 401, 401, 403, 403, 403, 403, 200, 200, 401, 403,
  ],
  // Edit after submit is the author's alone: reviewers and admins decide, they do not rewrite here.
  "POST /api/v1/responses/[id]/revisions": [
    401, 201, 404, 404, 404, 401, 401, 401, 403, 403, 201, 404, 404, 404, 401, 403,
  ],
  "GET /api/v1/tasks/[id]": [401, 200, 404, 404, 404, 401, 401, 401, 403, 403, 200, 404, 404, 404, 401, 404],
  "GET /api/v1/tasks/[id]/candidate-ranking": [
    401, 200, 404, 404, 404, 401, 401, 401, 403, 403, 200, 404, 404, 404, 401, 404,
  ],
  "PUT /api/v1/tasks/[id]/candidate-ranking": [
    401, 200, 404, 404, 404, 401, 401, 401, 403, 403, 200, 404, 404, 404, 401, 403,
  ],
  "PUT /api/v1/tasks/[id]/draft": [401, 200, 404, 404, 404, 401, 401, 401, 403, 403, 200, 404, 404, 404, 401, 403],
  "POST /api/v1/tasks/[id]/resume": [401, 200, 404, 404, 404, 401, 401, 401, 403, 403, 200, 404, 404, 404, 401, 403],
  "POST /api/v1/tasks/[id]/skip": [401, 200, 404, 404, 404, 401, 401, 401, 403, 403, 200, 404, 404, 404, 401, 403],
  "POST /api/v1/tasks/[id]/submit": [401, 201, 404, 404, 404, 401, 401, 401, 403, 403, 201, 404, 404, 404, 401, 403],
  "POST /api/v1/tasks/[id]/suggestions": [
    401, 200, 404, 404, 404, 401, 401, 401, 403, 403, 200, 404, 404, 404, 401, 403,
  ],
  "GET /api/v1/tokens": [401, 200, 200, 200, 200, 401, 401, 401, 403, 403, 200, 200, 200, 200, 401, 200],
  "POST /api/v1/tokens": [401, 403, 403, 403, 403, 401, 401, 401, 403, 403, 201, 201, 201, 201, 401, 403],
  // Labeler A's token: A and admins may revoke it (again: still 204), nobody else learns it exists.
  "DELETE /api/v1/tokens/[id]": [401, 204, 404, 404, 204, 401, 401, 401, 403, 403, 204, 404, 404, 204, 401, 403],
  "GET /api/v1/users": [401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 200],
  "POST /api/v1/users": [401, 403, 403, 403, 201, 401, 401, 401, 403, 403, 403, 403, 403, 201, 401, 403],
  "PATCH /api/v1/users/[id]": [401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 403],
  "POST /api/v1/users/[id]/password": [401, 403, 403, 403, 200, 401, 401, 401, 403, 403, 403, 403, 403, 200, 401, 403],
};

type Fixtures = Awaited<ReturnType<typeof createFixtures>>;
/** `actor`: the person behind the caller (a cookie caller is the same person as the token caller). */
type Recipe = { url: (f: Fixtures, actor: TokenActor) => string; json?: (f: Fixtures) => unknown; text?: () => string };
type TokenActor = (typeof TOKEN_ACTORS)[number];
const PERSON: Record<CookieActor, TokenActor> = {
  sLabeler: "labeler",
  sOther: "other",
  sReviewer: "reviewer",
  sAdmin: "admin",
  sDeact: "deact",
  sXsite: "admin",
};
const personOf = (actor: ActorKey): TokenActor =>
  actor in PERSON ? PERSON[actor as CookieActor] : (actor as TokenActor);
const isCookieActor = (actor: ActorKey): actor is CookieActor => actor in PERSON;
const ORIGIN = "http://exemplar.test";
/** The model behind the main project's connection, and its key, which no answer may contain. */
let model: OpenAiCompatibleServer;
const MODEL_KEY = `sk-matrix-${uniq("key")}`;

/** How each route is called: the objects in its URL and a body that is valid for it. */
const REQUESTS: Record<string, Recipe> = {
  "GET /api/v1/audit": { url: () => "/api/v1/audit?limit=5" },
  "GET /api/v1/health": { url: () => "/api/v1/health" },
  "GET /api/v1/me": { url: () => "/api/v1/me" },
  "GET /api/v1/me/waiting": { url: () => "/api/v1/me/waiting" },
  "GET /api/v1/projects": { url: () => "/api/v1/projects" },
  "POST /api/v1/projects": { url: () => "/api/v1/projects", json: () => ({ name: uniq("matrix"), guidelines: "# G" }) },
  "GET /api/v1/projects/[id]": { url: (f) => `/api/v1/projects/${f.main.id}` },
  "PATCH /api/v1/projects/[id]": {
    url: (f) => `/api/v1/projects/${f.main.id}`,
    json: () => ({ description: uniq("d") }),
  },
  "DELETE /api/v1/projects/[id]": { url: (f) => `/api/v1/projects/${f.deletable}` },
  "GET /api/v1/projects/[id]/assistant": { url: (f) => `/api/v1/projects/${f.main.id}/assistant` },
  "PUT /api/v1/projects/[id]/assistant": {
    url: (f) => `/api/v1/projects/${f.main.id}/assistant`,
    json: () => ({ baseUrl: model.baseUrl, model: "matrix-model", mode: "draft", apiKey: MODEL_KEY }),
  },
  "DELETE /api/v1/projects/[id]/assistant": { url: (f) => `/api/v1/projects/${f.claims.id}/assistant` },
  "GET /api/v1/projects/[id]/members": { url: (f) => `/api/v1/projects/${f.main.id}/members` },
  "POST /api/v1/projects/[id]/members": {
    url: (f) => `/api/v1/projects/${f.main.id}/members`,
    json: (f) => ({ email: f.joinerEmail, role: "labeler" }),
  },
  "DELETE /api/v1/projects/[id]/members/[userId]": {
    url: (f) => `/api/v1/projects/${f.main.id}/members/${f.leaver}`,
  },
  "GET /api/v1/projects/[id]/export": { url: (f) => `/api/v1/projects/${f.main.id}/export?status=all` },
  "GET /api/v1/projects/[id]/export/preview": {
    url: (f) => `/api/v1/projects/${f.main.id}/export/preview?status=all`,
  },
  "GET /api/v1/projects/[id]/guidelines": { url: (f) => `/api/v1/projects/${f.main.id}/guidelines` },
  "PUT /api/v1/projects/[id]/guidelines": {
    url: (f) => `/api/v1/projects/${f.main.id}/guidelines`,
    json: () => ({ markdown: `# ${uniq("v")}` }),
  },
  "POST /api/v1/projects/[id]/guidelines/acknowledgement": {
    url: (f) => `/api/v1/projects/${f.main.id}/guidelines/acknowledgement`,
    json: () => ({ version: 1 }),
  },
  "POST /api/v1/projects/[id]/prompts": {
    url: (f) => `/api/v1/projects/${f.main.id}/prompts`,
    text: () => jsonl([{ id: uniq("m"), prompt: "More?" }]),
  },
  "GET /api/v1/projects/[id]/prompts": { url: (f) => `/api/v1/projects/${f.main.id}/prompts?q=matrix` },
  "GET /api/v1/projects/[id]/responses": { url: (f) => `/api/v1/projects/${f.main.id}/responses?status=all` },
  "GET /api/v1/projects/[id]/stats": { url: (f) => `/api/v1/projects/${f.main.id}/stats` },
  "GET /api/v1/projects/[id]/stats/[table]": { url: (f) => `/api/v1/projects/${f.main.id}/stats/labelers.csv` },
  "GET /api/v1/projects/[id]/suggestions/generate": {
    url: (f) => `/api/v1/projects/${f.main.id}/suggestions/generate`,
  },
  "POST /api/v1/projects/[id]/suggestions/generate": {
    url: (f) => `/api/v1/projects/${f.main.id}/suggestions/generate`,
  },
  "DELETE /api/v1/projects/[id]/suggestions/generate": {
    url: (f) => `/api/v1/projects/${f.main.id}/suggestions/generate`,
  },
  "POST /api/v1/projects/[id]/tasks/next": { url: (f) => `/api/v1/projects/${f.claims.id}/tasks/next` },
  "GET /api/v1/prompts/[id]": { url: (f) => `/api/v1/prompts/${f.rankedPromptId}` },
  "GET /api/v1/prompts/[id]/ranking": { url: (f) => `/api/v1/prompts/${f.rankedPromptId}/ranking` },
  "POST /api/v1/prompts/[id]/ranking": {
    url: (f) => `/api/v1/prompts/${f.rankedPromptId}/ranking`,
    json: (f) => ({ responseIds: [f.responseB, f.responseA] }),
  },
  "GET /api/v1/responses/[id]": { url: (f) => `/api/v1/responses/${f.responseA}` },
  // Each reviewing role decides a response of its own choosing; the rest aim at A's.
  "POST /api/v1/responses/[id]/review": {
    url: (f, actor) => `/api/v1/responses/${actor === "admin" ? f.responseB : f.responseA}/review`,
    json: () => ({ decision: "accept" }),
  },
  "DELETE /api/v1/responses/[id]/review": {
    url: (f, actor) => `/api/v1/responses/${actor === "admin" ? f.responseB : f.responseA}/review`,
  },
  "POST /api/v1/responses/[id]/revisions": {
    url: (f) => `/api/v1/responses/${f.editableResponse}/revisions`,
    json: () => ({ content: uniq("edited") }),
  },
  "GET /api/v1/tasks/[id]": { url: (f) => `/api/v1/tasks/${f.activeTask}` },
  "GET /api/v1/tasks/[id]/candidate-ranking": { url: (f) => `/api/v1/tasks/${f.activeTask}/candidate-ranking` },
  "PUT /api/v1/tasks/[id]/candidate-ranking": {
    url: (f) => `/api/v1/tasks/${f.activeTask}/candidate-ranking`,
    json: (f) => ({ suggestionIds: f.candidates, displayOrder: [...f.candidates].reverse() }),
  },
  "PUT /api/v1/tasks/[id]/draft": {
    url: (f) => `/api/v1/tasks/${f.activeTask}/draft`,
    json: () => ({ content: "A's draft, rewritten" }),
  },
  "POST /api/v1/tasks/[id]/resume": { url: (f) => `/api/v1/tasks/${f.skippedTask}/resume` },
  "POST /api/v1/tasks/[id]/skip": { url: (f) => `/api/v1/tasks/${f.skipTask}/skip`, json: () => ({}) },
  "POST /api/v1/tasks/[id]/submit": {
    url: (f) => `/api/v1/tasks/${f.submitTask}/submit`,
    json: () => ({ content: "A's answer" }),
  },
  // The draft row above filled the only turn: ask for it by number.
  "POST /api/v1/tasks/[id]/suggestions": {
    url: (f) => `/api/v1/tasks/${f.activeTask}/suggestions`,
    json: () => ({ turn: 0 }),
  },
  "GET /api/v1/tokens": { url: () => "/api/v1/tokens" },
  "POST /api/v1/tokens": { url: () => "/api/v1/tokens", json: () => ({ name: uniq("matrix") }) },
  "DELETE /api/v1/tokens/[id]": { url: (f) => `/api/v1/tokens/${f.labelerTokenId}` },
  "GET /api/v1/users": { url: () => "/api/v1/users" },
  "POST /api/v1/users": {
    url: () => "/api/v1/users",
    json: () => ({ email: `${uniq("u")}@example.test`, name: "Matrix", role: "labeler" }),
  },
  "PATCH /api/v1/users/[id]": { url: (f) => `/api/v1/users/${f.bystander}`, json: () => ({ role: "reviewer" }) },
  "POST /api/v1/users/[id]/password": { url: (f) => `/api/v1/users/${f.bystander}/password` },
};

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Every "METHOD /api/…/[param]" the app serves, from the route files themselves. */
async function routesOnDisk(): Promise<string[]> {
  const root = path.join(process.cwd(), "app");
  const keys: string[] = [];
  for (const route of API_ROUTES) {
    const urlPath = `/${path.relative(root, path.dirname(route.file)).split(path.sep).join("/")}`;
    const module = (await import(/* @vite-ignore */ route.file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS) if (typeof module[method] === "function") keys.push(`${method} ${urlPath}`);
  }
  return keys.sort();
}

async function createFixtures() {
  const [admin, reviewer, labeler, other, deactivated, bystander, joiner, leaver] = await createTestUsers(
    "admin",
    "reviewer",
    "labeler",
    "labeler",
    "labeler",
    "labeler",
    "labeler",
    "labeler",
  );
  const projects = async (n: number, prompts: unknown[], overrides = {}) =>
    Promise.all(Array.from({ length: n }, () => createProjectWithPrompts(admin.actor, prompts, overrides)));
  const [[main], [submitP, skipP, resumeP, editP, otherP], [claims]] = await Promise.all([
    projects(1, [{ prompt: "Ranked question" }, { prompt: "Second question" }], { responsesPerPrompt: 2 }),
    projects(5, [{ prompt: "Question" }]),
    projects(
      1,
      Array.from({ length: 10 }, (_, i) => ({ prompt: `Claim me ${i}` })),
    ),
  ]);
  const claim = async (who: TestUser, projectId: string) =>
    (await who.api.post(`/api/v1/projects/${projectId}/tasks/next`)).body.id as string;
  const submit = async (who: TestUser, taskId: string, content: string) =>
    (await who.api.post(`/api/v1/tasks/${taskId}/submit`, { content })).body.id as string;

  // Labeler A and B both answer the main project's first prompt; the reviewer ranks the two.
  const responseA = await submit(labeler, await claim(labeler, main!.id), "A's response");
  const responseB = await submit(other, await claim(other, main!.id), "B's response");
  const rankedPromptId = (await prisma.response.findUniqueOrThrow({ where: { id: responseA } })).promptId;
  expect(
    (await reviewer.api.post(`/api/v1/prompts/${rankedPromptId}/ranking`, { responseIds: [responseA, responseB] }))
      .status,
  ).toBe(201);

  const activeTask = await claim(labeler, main!.id);
  expect((await labeler.api.put(`/api/v1/tasks/${activeTask}/draft`, { content: "A's secret draft" })).status).toBe(
    200,
  );
  // Two candidates of one request for A's active task, as compare mode offers them, to rank.
  const { promptId: activePrompt } = await prisma.task.findUniqueOrThrow({ where: { id: activeTask } });
  const batchId = randomUUID();
  const candidates = (
    await prisma.suggestion.createManyAndReturn({
      data: [0, 1].map((candidate) => ({
        ...{ taskId: activeTask, projectId: main!.id, promptId: activePrompt, turn: 0, batchId, candidate },
        ...{ model: "matrix-model", parameters: {}, content: `Candidate ${candidate}`, latencyMs: 1 },
      })),
      select: { id: true },
    })
  ).map((s) => s.id);
  const skippedTask = await claim(labeler, resumeP!.id);
  await labeler.api.put(`/api/v1/tasks/${skippedTask}/draft`, { content: "to come back to" });
  expect((await labeler.api.post(`/api/v1/tasks/${skippedTask}/skip`, {})).status).toBe(200);
  const editableResponse = await submit(labeler, await claim(labeler, editP!.id), "first version");

  const { secret: deactSecret } = await createApiToken({ userId: deactivated.actor.id, name: "before deactivation" });
  const deactCookie = await sessionCookie(deactivated.actor.id);
  expect((await admin.api.patch(`/api/v1/users/${deactivated.actor.id}`, { active: false })).status).toBe(200);
  const revoked = await createApiToken({ userId: admin.actor.id, name: "revoked" });
  expect((await admin.api.delete(`/api/v1/tokens/${revoked.token.id}`)).status).toBe(204);
  const expired = await createApiToken({
    userId: admin.actor.id,
    name: "expired",
    expiresAt: new Date(Date.now() - 1000),
  });
  const exportOwn = await createApiToken({
    userId: admin.actor.id,
    name: "export",
    projectId: main!.id,
    scope: "export",
  });
  const exportOther = await createApiToken({
    userId: admin.actor.id,
    name: "export",
    projectId: otherP!.id,
    scope: "export",
  });
  const labelerToken = await createApiToken({ userId: labeler.actor.id, name: "to revoke" });
  expect(
    (await admin.api.post(`/api/v1/projects/${main!.id}/members`, { email: leaver.actor.email, role: "labeler" }))
      .status,
  ).toBe(201);
  const deletable = (await createTestProject(admin.actor)).id;
  const assistant = { baseUrl: model.baseUrl, model: "matrix-model", mode: "draft", apiKey: MODEL_KEY };
  expect((await admin.api.put(`/api/v1/projects/${main!.id}/assistant`, assistant)).status).toBe(200);

  const tokens: Record<TokenActor, string | undefined> = {
    anon: undefined,
    labeler: labeler.token,
    other: other.token,
    reviewer: reviewer.token,
    admin: admin.token,
    deact: deactSecret,
    revoked: revoked.secret,
    expired: expired.secret,
    expOther: exportOther.secret,
    expOwn: exportOwn.secret,
  };
  const adminCookie = await sessionCookie(admin.actor.id);
  const cookies: Record<CookieActor, Record<string, string>> = {
    sLabeler: { cookie: await sessionCookie(labeler.actor.id), origin: ORIGIN },
    sOther: { cookie: await sessionCookie(other.actor.id), origin: ORIGIN },
    sReviewer: { cookie: await sessionCookie(reviewer.actor.id), origin: ORIGIN },
    sAdmin: { cookie: adminCookie, origin: ORIGIN },
    sDeact: { cookie: deactCookie, origin: ORIGIN },
    sXsite: { cookie: adminCookie, origin: "https://evil.example" },
  };
  return {
    tokens,
    cookies,
    main: main!,
    claims: claims!,
    rankedPromptId,
    responseA,
    responseB,
    editableResponse,
    activeTask,
    candidates,
    skippedTask,
    submitTask: await claim(labeler, submitP!.id),
    skipTask: await claim(labeler, skipP!.id),
    labelerTokenId: labelerToken.token.id,
    bystander: bystander.actor.id,
    joinerEmail: joiner.actor.email,
    leaver: leaver.actor.id,
    deletable,
  };
}

let fixtures: Fixtures;
/** The cookie callers' own objects, so their allowed cells do the work afresh rather than repeat the tokens'. */
let cookieFixtures: Fixtures;
/** Every response body the matrix saw, for the secrets scan. */
const bodies: Array<{ cell: string; text: string }> = [];

describe("the authorization matrix", () => {
  beforeAll(async () => {
    model = await startOpenAiCompatibleServer();
    fixtures = await createFixtures();
    cookieFixtures = await createFixtures();
  }, 120_000);
  afterAll(async () => {
    // The generation run POST started was queued through this process's job queue.
    await stopJobQueue(false);
    await model.close();
  });

  it("has a row for every route and method under app/api, and no row for a route that is gone", async () => {
    const onDisk = await routesOnDisk();
    expect(Object.keys(EXPECTED).sort()).toEqual(onDisk);
    const called = Object.entries(EXPECTED)
      .filter(([, row]) => row !== "e2e")
      .map(([key]) => key);
    expect(Object.keys(REQUESTS).sort()).toEqual(called.sort());
    for (const row of Object.values(EXPECTED)) if (row !== "e2e") expect(row).toHaveLength(ACTORS.length);
  });

  it("answers every cell as the table says", async () => {
    const actual: Record<string, number[] | "e2e"> = {};
    // Table order, then actor order: the ranking GET depends on running before the POST.
    for (const [key, row] of Object.entries(EXPECTED)) {
      if (row === "e2e") {
        actual[key] = "e2e";
        continue;
      }
      const [method, template] = key.split(" ") as [string, string];
      const recipe = REQUESTS[key]!;
      actual[key] = [];
      for (const actor of ACTORS) {
        const f = isCookieActor(actor) ? cookieFixtures : fixtures;
        const res = await callApi(method, recipe.url(f, personOf(actor)), {
          token: isCookieActor(actor) ? undefined : f.tokens[actor],
          json: recipe.json?.(f),
          body: recipe.text?.(),
          // The import's body as the UI uploads it (components/projects/prompt-import.tsx).
          headers: {
            ...(recipe.text ? { "content-type": "application/x-ndjson" } : {}),
            ...(isCookieActor(actor) ? f.cookies[actor] : {}),
          },
        });
        (actual[key] as number[]).push(res.status);
        bodies.push({ cell: `${key} as ${actor}`, text: res.text });
        if (res.status >= 400) {
          // Every refusal is the one error shape, and says no more than its code.
          expect(Object.keys(res.body ?? {}), `${template} as ${actor}`).toEqual(["error"]);
        }
        if (actor === "sXsite" && method !== "GET")
          expect(res.body?.error?.code, `${template} as ${actor}`).toBe("cross_site_request");
      }
    }
    expect(actual).toEqual(EXPECTED);
  });

  it("never sends a password or token hash, or a model API key, in any answer", () => {
    expect(bodies.length).toBeGreaterThan(200);
    const leaks = bodies
      .filter(
        ({ text }) => /password_?hash|token_?hash|scrypt\$|api_?key_?encrypted/i.test(text) || text.includes(MODEL_KEY),
      )
      .map(({ cell }) => cell);
    expect(leaks).toEqual([]);
  });

  it("did the work of each allowed cell, and none of a refused one", async () => {
    for (const f of [fixtures, cookieFixtures]) {
      const task = await prisma.task.findUniqueOrThrow({ where: { id: f.activeTask }, select: { draft: true } });
      expect(task.draft).toEqual({ turns: ["A's draft, rewritten"] });
      const submitted = await prisma.task.findUniqueOrThrow({
        where: { id: f.submitTask },
        select: { status: true, response: { select: { authorId: true } } },
      });
      expect(submitted.status).toBe("submitted");
      // The reviewer and the admin each decided, then undid their decision: both responses wait again.
      const events = await prisma.auditEvent.findMany({
        where: { entityId: { in: [f.responseA, f.responseB] }, action: { in: ["review.decide", "review.undo"] } },
        select: { action: true, actor: { select: { role: true } } },
      });
      expect(events.map((e) => `${e.action} by ${e.actor?.role}`).sort()).toEqual([
        "review.decide by admin",
        "review.decide by reviewer",
        "review.undo by admin",
        "review.undo by reviewer",
      ]);
      expect(await prisma.review.count({ where: { responseId: { in: [f.responseA, f.responseB] } } })).toBe(0);
      const waiting = await prisma.response.count({
        where: { id: { in: [f.responseA, f.responseB] }, status: "submitted" },
      });
      expect(waiting).toBe(2);
    }
    // Tokens named "matrix…" came from the four signed-in people's browsers only: no token minted one, and the
    // cross-site request did not either.
    const minted = await prisma.apiToken.findMany({
      where: { name: { startsWith: "matrix-" } },
      select: { userId: true },
    });
    expect(minted).toHaveLength(4);
    expect(new Set(minted.map((t) => t.userId)).size).toBe(4);
  });
});

/**
 * The membership dimension (lib/projects/access.ts, docs/decisions/009-project-membership.md): every
 * project-scoped route against one members-only project, for callers who differ only in membership.
 * labMember: a labeler, member as labeler · revMember: a reviewer, member as reviewer · capped: a reviewer
 * who is a member as labeler only · outsider: a labeler, not a member · outReviewer: a reviewer, not a member
 * · removed: a labeler who was a member, wrote there and was removed (calls with their own task and response).
 * 403 is the role (the route's capability, or the project role for `capped`); 404 is "no such project" for
 * whoever may not see it, even for their own objects. null: not called for that caller (covered by
 * lib/projects/membership.api.test.ts).
 */
const MEMBER_ACTORS = ["labMember", "revMember", "capped", "outsider", "outReviewer", "removed"] as const;
type MemberActor = (typeof MEMBER_ACTORS)[number];
//                                                       labMember revMember capped outsider outReviewer removed
const MEMBER_EXPECTED: Record<string, ReadonlyArray<number | null>> = {
  "GET /api/v1/projects/[id]": [200, 200, 200, 404, 404, 404],
  "PATCH /api/v1/projects/[id]": [403, 403, 403, 403, 403, 403],
  "DELETE /api/v1/projects/[id]": [403, 403, 403, 403, 403, 403],
  "GET /api/v1/projects/[id]/export": [403, 403, 403, 403, 403, 403],
  "GET /api/v1/projects/[id]/export/preview": [403, 403, 403, 403, 403, 403],
  "GET /api/v1/projects/[id]/guidelines": [200, 200, 200, 404, 404, 404],
  "PUT /api/v1/projects/[id]/guidelines": [403, 403, 403, 403, 403, 403],
  "POST /api/v1/projects/[id]/guidelines/acknowledgement": [200, 200, 200, 404, 404, 404],
  "GET /api/v1/projects/[id]/assistant": [403, 403, 403, 403, 403, 403],
  "PUT /api/v1/projects/[id]/assistant": [403, 403, 403, 403, 403, 403],
  "DELETE /api/v1/projects/[id]/assistant": [403, 403, 403, 403, 403, 403],
  "GET /api/v1/projects/[id]/members": [403, 403, 403, 403, 403, 403],
  "POST /api/v1/projects/[id]/members": [403, 403, 403, 403, 403, 403],
  "DELETE /api/v1/projects/[id]/members/[userId]": [403, 403, 403, 403, 403, 403],
  "GET /api/v1/projects/[id]/prompts": [403, 200, 403, 403, 404, 403],
  "POST /api/v1/projects/[id]/prompts": [403, 403, 403, 403, 403, 403],
  "GET /api/v1/projects/[id]/responses": [403, 200, 403, 403, 404, 403],
  "GET /api/v1/projects/[id]/stats": [403, 403, 403, 403, 403, 403],
  "GET /api/v1/projects/[id]/stats/[table]": [403, 403, 403, 403, 403, 403],
  "GET /api/v1/projects/[id]/suggestions/generate": [403, 403, 403, 403, 403, 403],
  "POST /api/v1/projects/[id]/suggestions/generate": [403, 403, 403, 403, 403, 403],
  "DELETE /api/v1/projects/[id]/suggestions/generate": [403, 403, 403, 403, 403, 403],
  "POST /api/v1/projects/[id]/tasks/next": [200, 200, 200, 404, 404, 404],
  "GET /api/v1/prompts/[id]": [403, 200, 403, 403, 404, 403],
  "GET /api/v1/prompts/[id]/ranking": [403, 200, 403, 403, 404, 403],
  "POST /api/v1/prompts/[id]/ranking": [403, 200, 403, 403, 404, 403],
  "GET /api/v1/responses/[id]": [200, 200, 404, 404, 404, 404],
  "POST /api/v1/responses/[id]/review": [403, 200, 403, 403, 404, 403],
  "DELETE /api/v1/responses/[id]/review": [403, 200, 403, 403, 404, 403],
  "POST /api/v1/responses/[id]/revisions": [201, 404, 404, 404, 404, 404],
  "GET /api/v1/tasks/[id]": [200, 404, 404, 404, 404, 404],
  "GET /api/v1/tasks/[id]/candidate-ranking": [200, 404, 404, 404, 404, 404],
  "PUT /api/v1/tasks/[id]/candidate-ranking": [null, 404, 404, 404, 404, 404],
  "PUT /api/v1/tasks/[id]/draft": [200, 404, 404, 404, 404, 404],
  "POST /api/v1/tasks/[id]/resume": [null, 404, 404, 404, 404, 404],
  "POST /api/v1/tasks/[id]/skip": [null, 404, 404, 404, 404, 404],
  "POST /api/v1/tasks/[id]/submit": [null, 404, 404, 404, 404, 404],
  "POST /api/v1/tasks/[id]/suggestions": [null, 404, 404, 404, 404, 404],
};

type MemberFixtures = Awaited<ReturnType<typeof createMemberFixtures>>;
type MemberRecipe = { url: (f: MemberFixtures, actor: MemberActor) => string; json?: (f: MemberFixtures) => unknown };
const ownTask = (f: MemberFixtures, actor: MemberActor) => (actor === "removed" ? f.goneTask : f.labTask);
const ownResponse = (f: MemberFixtures, actor: MemberActor) => (actor === "removed" ? f.goneResponse : f.labResponse);
const MEMBER_REQUESTS: Record<string, MemberRecipe> = {
  "GET /api/v1/projects/[id]": { url: (f) => `/api/v1/projects/${f.project}` },
  "PATCH /api/v1/projects/[id]": { url: (f) => `/api/v1/projects/${f.project}`, json: () => ({ description: "x" }) },
  "DELETE /api/v1/projects/[id]": { url: (f) => `/api/v1/projects/${f.project}` },
  "GET /api/v1/projects/[id]/export": { url: (f) => `/api/v1/projects/${f.project}/export` },
  "GET /api/v1/projects/[id]/export/preview": { url: (f) => `/api/v1/projects/${f.project}/export/preview` },
  "GET /api/v1/projects/[id]/guidelines": { url: (f) => `/api/v1/projects/${f.project}/guidelines` },
  "PUT /api/v1/projects/[id]/guidelines": {
    url: (f) => `/api/v1/projects/${f.project}/guidelines`,
    json: () => ({ markdown: "# New" }),
  },
  "POST /api/v1/projects/[id]/guidelines/acknowledgement": {
    url: (f) => `/api/v1/projects/${f.project}/guidelines/acknowledgement`,
    json: () => ({ version: 1 }),
  },
  "GET /api/v1/projects/[id]/assistant": { url: (f) => `/api/v1/projects/${f.project}/assistant` },
  "PUT /api/v1/projects/[id]/assistant": { url: (f) => `/api/v1/projects/${f.project}/assistant`, json: () => ({}) },
  "DELETE /api/v1/projects/[id]/assistant": { url: (f) => `/api/v1/projects/${f.project}/assistant` },
  "GET /api/v1/projects/[id]/members": { url: (f) => `/api/v1/projects/${f.project}/members` },
  "POST /api/v1/projects/[id]/members": {
    url: (f) => `/api/v1/projects/${f.project}/members`,
    json: (f) => ({ email: f.outsiderEmail, role: "labeler" }),
  },
  "DELETE /api/v1/projects/[id]/members/[userId]": { url: (f) => `/api/v1/projects/${f.project}/members/${f.labId}` },
  "GET /api/v1/projects/[id]/prompts": { url: (f) => `/api/v1/projects/${f.project}/prompts?q=one` },
  "POST /api/v1/projects/[id]/prompts": { url: (f) => `/api/v1/projects/${f.project}/prompts` },
  "GET /api/v1/projects/[id]/responses": { url: (f) => `/api/v1/projects/${f.project}/responses` },
  "GET /api/v1/projects/[id]/stats": { url: (f) => `/api/v1/projects/${f.project}/stats` },
  "GET /api/v1/projects/[id]/stats/[table]": { url: (f) => `/api/v1/projects/${f.project}/stats/labelers.csv` },
  "GET /api/v1/projects/[id]/suggestions/generate": {
    url: (f) => `/api/v1/projects/${f.project}/suggestions/generate`,
  },
  "POST /api/v1/projects/[id]/suggestions/generate": {
    url: (f) => `/api/v1/projects/${f.project}/suggestions/generate`,
  },
  "DELETE /api/v1/projects/[id]/suggestions/generate": {
    url: (f) => `/api/v1/projects/${f.project}/suggestions/generate`,
  },
  "POST /api/v1/projects/[id]/tasks/next": { url: (f) => `/api/v1/projects/${f.project}/tasks/next` },
  "GET /api/v1/prompts/[id]": { url: (f) => `/api/v1/prompts/${f.prompt}` },
  "GET /api/v1/prompts/[id]/ranking": { url: (f) => `/api/v1/prompts/${f.prompt}/ranking` },
  "POST /api/v1/prompts/[id]/ranking": {
    url: (f) => `/api/v1/prompts/${f.prompt}/ranking`,
    json: (f) => ({ responseIds: [f.labResponse, f.goneResponse] }),
  },
  "GET /api/v1/responses/[id]": { url: (f, actor) => `/api/v1/responses/${ownResponse(f, actor)}` },
  "POST /api/v1/responses/[id]/review": {
    url: (f) => `/api/v1/responses/${f.goneResponse}/review`,
    json: () => ({ decision: "accept" }),
  },
  "DELETE /api/v1/responses/[id]/review": { url: (f) => `/api/v1/responses/${f.goneResponse}/review` },
  "POST /api/v1/responses/[id]/revisions": {
    url: (f, actor) => `/api/v1/responses/${ownResponse(f, actor)}/revisions`,
    json: () => ({ content: "changed" }),
  },
  "GET /api/v1/tasks/[id]": { url: (f, actor) => `/api/v1/tasks/${ownTask(f, actor)}` },
  "GET /api/v1/tasks/[id]/candidate-ranking": {
    url: (f, actor) => `/api/v1/tasks/${ownTask(f, actor)}/candidate-ranking`,
  },
  // The project has no model: the owner's cell would rank candidates that were never offered.
  "PUT /api/v1/tasks/[id]/candidate-ranking": {
    url: (f, actor) => `/api/v1/tasks/${ownTask(f, actor)}/candidate-ranking`,
    json: () => {
      const ids = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"];
      return { suggestionIds: ids, displayOrder: ids };
    },
  },
  "PUT /api/v1/tasks/[id]/draft": {
    url: (f, actor) => `/api/v1/tasks/${ownTask(f, actor)}/draft`,
    json: () => ({ content: "a draft" }),
  },
  "POST /api/v1/tasks/[id]/resume": { url: (f, actor) => `/api/v1/tasks/${ownTask(f, actor)}/resume` },
  "POST /api/v1/tasks/[id]/skip": { url: (f, actor) => `/api/v1/tasks/${ownTask(f, actor)}/skip`, json: () => ({}) },
  "POST /api/v1/tasks/[id]/submit": {
    url: (f, actor) => `/api/v1/tasks/${ownTask(f, actor)}/submit`,
    json: () => ({ content: "an answer" }),
  },
  "POST /api/v1/tasks/[id]/suggestions": {
    url: (f, actor) => `/api/v1/tasks/${ownTask(f, actor)}/suggestions`,
    json: () => ({ turn: 0 }),
  },
};

/** Routes whose URL names a project or something in one: each needs a row in MEMBER_EXPECTED. */
const isProjectScoped = (key: string) => /\/api\/v1\/(projects\/\[id\]|prompts|responses|tasks)(\/|$)/.test(key);

async function createMemberFixtures() {
  const [admin, lab, rev, capped, outsider, outReviewer, gone] = await createTestUsers(
    "admin",
    "labeler",
    "reviewer",
    "reviewer",
    "labeler",
    "reviewer",
    "labeler",
  );
  const project = await createProjectWithPrompts(
    admin.actor,
    [{ prompt: "One" }, { prompt: "Two" }, { prompt: "Three" }],
    { access: "members", responsesPerPrompt: 3 },
  );
  const join = async (who: TestUser, role: string) =>
    expect(
      (await admin.api.post(`/api/v1/projects/${project.id}/members`, { email: who.actor.email, role })).status,
    ).toBe(201);
  await join(lab, "labeler");
  await join(rev, "reviewer");
  await join(capped, "labeler");
  await join(gone, "labeler");
  const claim = async (who: TestUser) =>
    (await who.api.post(`/api/v1/projects/${project.id}/tasks/next`)).body.id as string;
  const submit = async (who: TestUser, taskId: string) =>
    (await who.api.post(`/api/v1/tasks/${taskId}/submit`, { content: "text" })).body.id as string;
  const goneResponse = await submit(gone, await claim(gone));
  const labResponse = await submit(lab, await claim(lab));
  const prompt = (await prisma.response.findUniqueOrThrow({ where: { id: labResponse } })).promptId;
  expect(
    (await rev.api.post(`/api/v1/prompts/${prompt}/ranking`, { responseIds: [goneResponse, labResponse] })).status,
  ).toBe(201);
  const goneTask = await claim(gone);
  const labTask = await claim(lab);
  expect((await admin.api.delete(`/api/v1/projects/${project.id}/members/${gone.actor.id}`)).status).toBe(200);
  const tokens: Record<MemberActor, string> = {
    labMember: lab.token,
    revMember: rev.token,
    capped: capped.token,
    outsider: outsider.token,
    outReviewer: outReviewer.token,
    removed: gone.token,
  };
  return {
    tokens,
    project: project.id,
    prompt,
    labId: lab.actor.id,
    outsiderEmail: outsider.actor.email,
    labTask,
    labResponse,
    goneTask,
    goneResponse,
  };
}

describe("the authorization matrix: membership", () => {
  let f: MemberFixtures;
  beforeAll(async () => {
    f = await createMemberFixtures();
  }, 60_000);

  it("has a membership row for every project-scoped route", async () => {
    const scoped = (await routesOnDisk()).filter(isProjectScoped).sort();
    expect(Object.keys(MEMBER_EXPECTED).sort()).toEqual(scoped);
    expect(Object.keys(MEMBER_REQUESTS).sort()).toEqual(scoped);
  });

  it("answers every cell as the table says", async () => {
    const actual: Record<string, Array<number | null>> = {};
    for (const [key, row] of Object.entries(MEMBER_EXPECTED)) {
      const [method] = key.split(" ") as [string];
      const recipe = MEMBER_REQUESTS[key]!;
      actual[key] = [];
      for (const [i, actor] of MEMBER_ACTORS.entries()) {
        if (row[i] === null) {
          actual[key].push(null);
          continue;
        }
        const res = await callApi(method, recipe.url(f, actor), { token: f.tokens[actor], json: recipe.json?.(f) });
        actual[key].push(res.status);
        if (res.status === 404) expect(res.body.error.code, `${key} as ${actor}`).toBe("not_found");
      }
    }
    expect(actual).toEqual(MEMBER_EXPECTED);
  });

  it("lists the project to its members only", async () => {
    for (const actor of MEMBER_ACTORS) {
      const items = (await callApi("GET", "/api/v1/projects", { token: f.tokens[actor] })).body.items as Array<{
        id: string;
      }>;
      const listed = items.some((p) => p.id === f.project);
      expect(listed, actor).toBe(["labMember", "revMember", "capped"].includes(actor));
    }
  });
});
