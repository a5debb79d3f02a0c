import { readdirSync } from "node:fs";
import path from "node:path";
import type { APIResponse } from "@playwright/test";
import { createUser, e2eAdmin, expect, signIn, test, uniq } from "./fixtures";

// Security headers (docs/security.md): every page (found on the file system, so a new page is covered or
// fails this test) carries a Content-Security-Policy with a fresh nonce and no inline scripts,
// frame protection, nosniff and a Referrer-Policy; the API carries a policy that lets nothing run.

const APP = path.join(__dirname, "..", "app");

/** `/review/responses/[id]` for app/(app)/review/responses/[id]/page.tsx; route groups dropped. */
function pageRoutes(dir = APP, route = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isFile()) return entry.name === "page.tsx" ? [route || "/"] : [];
    if (entry.name === "api" && dir === APP) return [];
    const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
    return pageRoutes(path.join(dir, entry.name), route + segment);
  });
}

function directives(policy: string | undefined): Map<string, string[]> {
  expect(policy, "Content-Security-Policy header").toBeTruthy();
  return new Map(
    policy!
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

function expectCommonHeaders(res: APIResponse, url: string) {
  const h = res.headers();
  expect(h["x-content-type-options"], url).toBe("nosniff");
  expect(h["referrer-policy"], url).toBe("same-origin");
  expect(h["x-frame-options"], url).toBe("DENY");
}

/** The page policy: checks it and returns its nonce. */
function expectPagePolicy(res: APIResponse, url: string): string {
  expectCommonHeaders(res, url);
  const csp = directives(res.headers()["content-security-policy"]);
  const scripts = csp.get("script-src") ?? [];
  expect(scripts, url).not.toContain("'unsafe-inline'");
  expect(scripts, url).not.toContain("'unsafe-eval'");
  expect(scripts, url).toContain("'strict-dynamic'");
  expect(csp.get("frame-ancestors"), url).toEqual(["'none'"]);
  expect(csp.get("object-src"), url).toEqual(["'none'"]);
  expect(csp.get("base-uri"), url).toEqual(["'none'"]);
  expect(csp.get("form-action"), url).toEqual(["'self'"]);
  const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
  expect(nonce, `${url}: a nonce in script-src`).toMatch(/^[A-Za-z0-9+/]{20,}={0,2}$/);
  return nonce!;
}

test("every page has a nonce-based CSP, frame protection, nosniff and a Referrer-Policy", async ({ page }) => {
  const api = page.request;
  const auth = { authorization: `Bearer ${e2eAdmin().token}` };
  // Real ids for every dynamic segment: a project with a submitted response.
  const slug = uniq("e2e-headers");
  expect(
    (await api.post("/api/v1/projects", { headers: auth, data: { name: slug, slug, guidelines: "# G" } })).status(),
  ).toBe(201);
  const imported = await api.post(`/api/v1/projects/${slug}/prompts`, {
    headers: { ...auth, "content-type": "application/x-ndjson" },
    data: `${JSON.stringify({ id: "h1", prompt: "Hello?" })}\n${JSON.stringify({ id: "h2", prompt: "Again?" })}\n`,
  });
  expect(imported.status()).toBe(200);
  // The admin writes the response, so its own pages (My work's edit) open for the admin too.
  const task = await (await api.post(`/api/v1/projects/${slug}/tasks/next`, { headers: auth })).json();
  const response = await (
    await api.post(`/api/v1/tasks/${task.id}/submit`, { headers: auth, data: { content: "Hi." } })
  ).json();
  expect(response.id).toBeTruthy();

  const ids: Record<string, string> = {
    "/admin/projects/[slug]": slug,
    "/admin/projects/[slug]/analytics": slug,
    "/review/[slug]": slug,
    "/work/[slug]": slug,
    "/review/prompts/[id]": task.promptId,
    "/review/responses/[id]": response.id,
    "/my-work/[id]": response.id,
    "/my-work/[id]/edit": response.id,
    "/projects/[slug]/prompts": slug,
    "/projects/[slug]/responses": slug,
    "/review/[slug]/rank": slug,
    "/review/[slug]/start": slug,
  };
  // A page that only sends the reviewer on (to the first waiting response, or back to the queue).
  const redirecting = `/review/${slug}/start`;
  const routes = pageRoutes();
  expect(routes.length).toBeGreaterThan(10);
  const urls = routes.map((route) => {
    if (!route.includes("[")) return route;
    expect(ids[route], `no id for ${route}: add one to this test`).toBeDefined();
    return route.replace(/\[[^\]]+\]/, ids[route]!);
  });

  // Anonymous: the login page is served, every other page redirects to it; both carry the headers.
  for (const url of urls) {
    const res = await api.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBe(url === "/login" ? 200 : 307);
    if (url !== "/login") expect(res.headers().location, url).toContain("/login?callbackUrl=");
    expectPagePolicy(res, url);
  }

  const anonymous = await api.get("/api/v1/projects");
  expect(anonymous.status()).toBe(401);
  expectCommonHeaders(anonymous, "anonymous /api/v1/projects");
  expect(directives(anonymous.headers()["content-security-policy"]).get("default-src")).toEqual(["'none'"]);

  // An admin sees every page; Next.js puts the header's nonce on each of its scripts.
  await signIn(page, { email: e2eAdmin().email, password: e2eAdmin().password });
  const nonces = new Set<string>();
  for (const url of [...urls.filter((u) => u !== "/login"), "/no-such-page"]) {
    const res = await api.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBe(url === "/no-such-page" ? 404 : url === redirecting ? 307 : 200);
    const nonce = expectPagePolicy(res, url);
    nonces.add(nonce);
    if (url === redirecting) continue;
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, url).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, `${url}: every script carries the nonce`).toContain(`nonce="${nonce}"`);
    nonces.add(nonce);
  }
  // The same page twice: two nonces.
  const again = expectPagePolicy(await api.get("/admin/projects"), "/admin/projects");
  expect(nonces.has(again)).toBe(false);
  expect(nonces.size).toBe(urls.length); // every request its own

  // The API: JSON is never a document, so its policy lets nothing load or run.
  for (const [url, status] of [
    ["/api/v1/me", 200],
    ["/api/v1/projects", 200],
    [`/api/v1/projects/${slug}/export`, 200],
    ["/api/auth/csrf", 200],
    ["/api/v1/nope", 404],
  ] as const) {
    const res = await api.get(url);
    expect(res.status(), url).toBe(status);
    expectCommonHeaders(res, url);
    const csp = directives(res.headers()["content-security-policy"]);
    expect(csp.get("default-src"), url).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors"), url).toEqual(["'none'"]);
  }
});

test("the app runs under its CSP: sign in through the form without a single violation", async ({ page }) => {
  const violations: string[] = [];
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  page.on("console", (m) => m.type() === "error" && violations.push(`${m.text()} (${m.location().url})`));
  const user = await createUser(page.request, "labeler");
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("link", { name: "Exemplar" })).toBeVisible();
  await expect(page).not.toHaveURL(/\/login/);
  await page.getByRole("link", { name: "My work" }).click(); // a client-side navigation loads more chunks
  await expect(page).toHaveURL(/\/my-work/);
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
});
