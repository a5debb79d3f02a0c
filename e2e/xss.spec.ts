import { randomBytes } from "node:crypto";
import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { e2eAdmin, expect, screenshot, signIn, test, uniq, type E2EUser } from "./fixtures";
import { XSS_CORPUS, corpusMarkdown, type XssPayload } from "./xss-corpus";

// Hostile input (docs/security.md): the XSS corpus is stored through the API in every user-writable field,
// then every screen that shows those fields is opened as the role that sees it. Any script from
// user text (a `__xss` call, a dialog), any CSP violation (an injected element the policy had to
// stop: the rendering layer failed even if CSP held) and any console error fails the test, and
// every payload's marker must be readable on the screen, so an empty screen cannot pass.

const admin = () => ({ authorization: `Bearer ${e2eAdmin().token}` });
const texts = XSS_CORPUS.map((p) => p.text);
const [first, second, third, fourth] = XSS_CORPUS as [XssPayload, XssPayload, XssPayload, XssPayload, ...XssPayload[]];
const half = Math.ceil(XSS_CORPUS.length / 2);
// Two halves: prompts and responses have two turns, so multi-turn rendering is covered too.
const TURNS = [corpusMarkdown(XSS_CORPUS.slice(0, half)), corpusMarkdown(XSS_CORPUS.slice(half))];

/** Runs in every frame before any page script: the traps a successful payload would spring. */
function installTraps() {
  const w = window as unknown as Record<string, unknown> & { __xssEvents: string[] };
  w.__xssEvents = [];
  const record = (what: string) => {
    w.__xssEvents.push(what);
    console.error(`XSS: ${what}`); // reaches the test even from a frame of another origin
  };
  w.__xss = (id: unknown) => record(`__xss(${String(id)}) ran`);
  for (const name of ["alert", "confirm", "prompt"]) w[name] = (msg: unknown) => record(`${name}(${String(msg)})`);
  document.addEventListener("securitypolicyviolation", (e) =>
    record(
      `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} (${e.sample})`,
    ),
  );
}

type Visitor = { page: Page; problems: string[] };

async function visitor(context: BrowserContext): Promise<Visitor> {
  await context.addInitScript(installTraps);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { page, problems };
}

async function signedIn(browser: Browser, user: Pick<E2EUser, "email" | "password">): Promise<Visitor> {
  const v = await visitor(await browser.newContext());
  await signIn(v.page, user);
  return v;
}

/**
 * Opens a screen, lets it hydrate and run its effects, and checks that the payloads are there as
 * text and that nothing ran.
 */
async function expectHarmless(
  v: Visitor,
  url: string,
  shot: string,
  payloads: XssPayload[] = XSS_CORPUS,
  open?: (page: Page) => Promise<void>,
) {
  v.problems.length = 0;
  const res = await v.page.goto(url);
  expect(res?.status(), url).toBe(200);
  await v.page.waitForLoadState("networkidle");
  await open?.(v.page);
  const events = await v.page.evaluate(() => (window as unknown as { __xssEvents: string[] }).__xssEvents);
  expect([...events, ...v.problems], `scripts ran or were blocked on ${url}`).toEqual([]);
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, the text a person sees
  const text = await v.page.locator("body").innerText();
  const missing = payloads.filter((p) => !text.includes(p.marker)).map((p) => p.marker);
  expect(missing, `payloads not shown as text on ${url}`).toEqual([]);
  await screenshot(v.page, `xss-${shot}`);
}

type Created = { id: string; promptId: string };

/** The answer's JSON, after checking its status (or any 2xx). */
async function ok(res: Awaited<ReturnType<APIRequestContext["get"]>>, status?: number): Promise<Created> {
  if (status) expect(res.status(), await res.text()).toBe(status);
  else expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as Created;
}

/** Batches of parallel API calls: quick, without opening 48 connections at once. */
async function inBatches<T>(items: T[], run: (item: T, i: number) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += 8) await Promise.all(items.slice(i, i + 8).map((item, j) => run(item, i + j)));
}

test("the XSS corpus in every user-writable field runs nowhere and shows as text", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const api = page.request;
  const run = randomBytes(3).toString("hex");

  // Users: one per payload (names take 120 characters); the first four do the work below.
  const users: E2EUser[] = texts.map((name, i) => ({
    email: `xss-${run}-${i}@example.test`,
    password: `pw-${randomBytes(8).toString("hex")}`,
    name,
    role: i === 3 ? "reviewer" : "labeler",
  }));
  await inBatches(users, async (u) => ok(await api.post("/api/v1/users", { headers: admin(), data: u }), 201));
  const [labelerA, labelerB, labelerC, reviewer] = users as [E2EUser, E2EUser, E2EUser, E2EUser, ...E2EUser[]];

  // API tokens named after each payload (the admin's tokens page lists everyone's), created by the signed-in
  // admin: a token cannot create tokens.
  const tokenMaker = await signedIn(browser, e2eAdmin());
  await inBatches(texts, async (name) =>
    ok(await tokenMaker.page.request.post("/api/v1/tokens", { data: { name } }), 201),
  );
  await tokenMaker.page.context().close();

  // The project the work happens in: guidelines, rubric and reject reasons are all payloads.
  const slug = uniq("xss");
  const rubric = Array.from({ length: Math.ceil(texts.length / 5) }, (_, c) => ({
    key: `c${c}`,
    label: texts[c],
    levels: Array.from({ length: 5 }, (_, l) => texts[(c * 5 + l) % texts.length]),
  }));
  await ok(
    await api.post("/api/v1/projects", {
      headers: admin(),
      data: {
        name: texts[0],
        slug,
        description: texts[0],
        guidelines: corpusMarkdown(),
        responsesPerPrompt: 2,
        rubric,
        rejectReasons: texts.slice(0, 30),
        access: "everyone",
      },
    }),
    201,
  );
  // A second guidelines version, so the history shows two.
  await ok(
    await api.put(`/api/v1/projects/${slug}/guidelines`, {
      headers: admin(),
      data: { markdown: corpusMarkdown([...XSS_CORPUS].reverse()) },
    }),
    201,
  );
  // The other project names and descriptions.
  await inBatches(texts.slice(1), async (name) =>
    ok(
      await api.post("/api/v1/projects", {
        headers: admin(),
        data: { name, slug: uniq("xss"), description: name, guidelines: "# Plain", access: "everyone" },
      }),
      201,
    ),
  );

  // Prompts: payloads as ids, system message, user turns, written assistant context and metadata
  // (both a `metadata` object and unknown top-level keys, whose names are payloads too).
  const metadata = Object.fromEntries(XSS_CORPUS.map((p) => [p.marker, p.text]));
  const lines = [
    { id: texts[1], system: corpusMarkdown(), turns: TURNS, metadata, [first.text]: third.text },
    {
      id: texts[2],
      messages: [
        { role: "system", content: corpusMarkdown() },
        { role: "user", content: TURNS[0] },
        { role: "assistant", content: TURNS[1] },
        { role: "user", content: corpusMarkdown() },
      ],
    },
  ];
  await ok(
    await api.post(`/api/v1/projects/${slug}/prompts`, {
      headers: { ...admin(), "content-type": "application/x-ndjson" },
      data: `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`,
    }),
  );

  // Labeler A opens the writing screen (which claims the first prompt), then submits through the API.
  const a = await signedIn(browser, labelerA);
  await expectHarmless(a, `/work/${slug}`, "writing-screen");
  const taskA = await ok(await a.page.request.post(`/api/v1/projects/${slug}/tasks/next`));
  const responseA = await ok(
    await a.page.request.post(`/api/v1/tasks/${taskA.id}/submit`, { data: { turns: TURNS } }),
    201,
  );
  const b = await signedIn(browser, labelerB);
  const taskB = await ok(await b.page.request.post(`/api/v1/projects/${slug}/tasks/next`));
  expect(taskB.promptId).toBe(taskA.promptId);
  const responseB = await ok(
    await b.page.request.post(`/api/v1/tasks/${taskB.id}/submit`, { data: { turns: [...TURNS].reverse() } }),
    201,
  );

  // Labeler C gets the second prompt: written assistant context; and the home page's project list.
  const c = await signedIn(browser, labelerC);
  await expectHarmless(c, "/", "home");
  await expectHarmless(c, `/work/${slug}`, "writing-screen-context");

  // The reviewer rejects A (a payload reason, a payload comment) and sends B back for revision.
  const r = await signedIn(browser, reviewer);
  const review = (id: string, data: object) => r.page.request.post(`/api/v1/responses/${id}/review`, { data });
  await ok(await review(responseA.id, { decision: "reject", reason: texts[5], comment: corpusMarkdown() }));
  await ok(await review(responseB.id, { decision: "revise", comment: corpusMarkdown() }));

  // B sees the comment beside the text, resubmits; the reviewer edits it (revisions 2 and 3).
  await expectHarmless(b, `/work/${slug}`, "revision-notice");
  await ok(
    await b.page.request.post(`/api/v1/tasks/${taskB.id}/submit`, {
      data: { turns: TURNS.map((t) => `${t}\n\nrevised`) },
    }),
  );
  await ok(
    await review(responseB.id, {
      decision: "edit",
      editedTurns: TURNS.map((t) => `edited\n\n${t}`),
      comment: corpusMarkdown(),
    }),
  );
  await ok(
    await r.page.request.post(`/api/v1/prompts/${taskA.promptId}/ranking`, {
      data: { responseIds: [responseB.id, responseA.id] },
    }),
  );

  await expectHarmless(r, "/review", "review-projects");
  // The queue shows the start of each response.
  await expectHarmless(r, `/review/${slug}?status=all`, "review-queue", XSS_CORPUS.slice(0, 4));
  await expectHarmless(r, `/review/responses/${responseA.id}`, "response-rejected");
  await expectHarmless(r, `/review/responses/${responseB.id}`, "response-revisions");
  await expectHarmless(r, `/review/prompts/${taskA.promptId}`, "ranking");
  await expectHarmless(a, "/my-work", "my-work-rejected");
  await expectHarmless(b, "/my-work", "my-work-edited");
  // The author's response page: the reviewer's edit as a diff, the comment, the conversation.
  await expectHarmless(b, `/my-work/${responseB.id}`, "my-response-edited");

  const admins = await visitor(page.context());
  await signIn(page, { email: e2eAdmin().email, password: e2eAdmin().password });
  await expectHarmless(admins, "/admin/projects", "admin-projects");
  // The earlier guidelines version is folded away: open it.
  await expectHarmless(admins, `/admin/projects/${slug}?section=guidelines`, "admin-project", XSS_CORPUS, (p) =>
    p.getByText("Version 1").click(),
  );
  await expectHarmless(admins, `/admin/projects/${slug}/analytics`, "analytics", [first, second, fourth]);
  await expectHarmless(admins, "/admin/users", "users");
  await expectHarmless(admins, "/tokens", "tokens");
  await expectHarmless(admins, "/admin/audit", "audit-log", [first]);
});
