import path from "node:path";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { e2eAdmin, expect, screenshot, signIn, uniq, type E2EUser } from "./fixtures";

// Shared by the workspace specs: projects made through the admin API, signed-in pages.

export const adminHeaders = () => ({ authorization: `Bearer ${e2eAdmin().token}` });

export async function createProject(
  request: APIRequestContext,
  prompts: object[],
  options: { guidelines?: string; name?: string } = {},
): Promise<string> {
  const slug = uniq("e2e-ws");
  const res = await request.post("/api/v1/projects", {
    headers: adminHeaders(),
    data: {
      name: options.name ?? `Writing ${slug.slice(-4)}`,
      slug,
      guidelines: options.guidelines ?? "# Guidelines\n\nBe concrete and kind.",
      access: "everyone",
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const imported = await request.post(`/api/v1/projects/${slug}/prompts`, {
    headers: { ...adminHeaders(), "content-type": "application/x-ndjson" },
    data: prompts.map((p) => JSON.stringify(p)).join("\n"),
  });
  expect(imported.status(), await imported.text()).toBe(200);
  return slug;
}

/** A signed-in page in a context of its own (its own storage: another browser profile). */
export async function userPage(browser: Browser, user: E2EUser, baseURL?: string): Promise<Page> {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

/** The labeler's server draft, through the API the screen uses. */
export async function serverDraft(page: Page, slug: string): Promise<string[] | undefined> {
  const task = await (await page.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
  return task.draft?.turns;
}

export const saveStatus = (page: Page) => page.getByTestId("save-status");

const DOCS = path.join(__dirname, "..", "docs", "screenshots");
export async function docShot(page: Page, name: string) {
  await page.screenshot({ path: path.join(DOCS, `${name}.png`) });
  await screenshot(page, `workspace-${name}`);
}
