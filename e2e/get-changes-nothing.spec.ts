import type { Page } from "@playwright/test";
import { createUser, e2eAdmin, expect, test } from "./fixtures";
import { createProject, userPage } from "./workspace-support";

// A GET changes nothing, whoever makes the browser send it: a link, a prefetch, or an image in
// someone's markdown opened by a reviewer or an admin. The writing screen claims with a POST from
// its script; user markdown loads no images at all (same-origin ones would act in the reader's
// name, remote ones are tracking pixels).

/** Whether the page's user holds a task in the project, through the project list the home page reads. */
async function holdsTask(page: Page, slug: string): Promise<boolean> {
  const res = await page.request.get("/api/v1/projects");
  expect(res.status()).toBe(200);
  const items = (await res.json()).items as Array<{ slug: string; hasActiveTask: boolean }>;
  return items.find((p) => p.slug === slug)!.hasActiveTask;
}

test("opening the writing screen's URL claims nothing; its script claims with a POST", async ({ browser, page }) => {
  const slug = await createProject(page.request, [{ id: "get-1", prompt: "Which bridge in Porto first?" }]);
  const labeler = await createUser(page.request, "labeler");
  const writer = await userPage(browser, labeler);

  // The page itself, as an <img> or a link preview would fetch it: no script runs.
  const html = await writer.request.get(`/work/${slug}`);
  expect(html.status()).toBe(200);
  expect(await holdsTask(writer, slug)).toBe(false);
  expect(await html.text()).not.toContain("Which bridge in Porto first?");

  // The screen in a browser: the claim is the script's POST to tasks/next.
  const claims: string[] = [];
  writer.on("request", (r) => {
    if (r.url().includes("/tasks/next")) claims.push(r.method());
  });
  await writer.goto(`/work/${slug}`);
  await expect(writer.getByText("Which bridge in Porto first?")).toBeVisible();
  expect(claims).toEqual(["POST"]);
  expect(await holdsTask(writer, slug)).toBe(true);
  await writer.context().close();
});

test("images in a response are links for the reviewer and the admin: nothing is fetched, nothing claimed or exported", async ({
  browser,
  page,
}) => {
  const slug = await createProject(page.request, [
    { id: "img-1", prompt: "Show me the Dom Luís bridge." },
    { id: "img-2", prompt: "And the Arrábida?" },
  ]);
  const labeler = await createUser(page.request, "labeler");
  const reviewer = await createUser(page.request, "reviewer");
  const admin = await createUser(page.request, "admin");

  // The labeler submits a response with a same-origin page, a same-origin API call and a remote pixel as images.
  const writer = await userPage(browser, labeler);
  const task = await (await writer.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
  const text = `Here: ![claim](/work/${slug}) ![export](/api/v1/projects/${slug}/export) ![pixel](https://example.invalid/p.png)`;
  const submitted = await writer.request.post(`/api/v1/tasks/${task.id}/submit`, { data: { turns: [text] } });
  expect(submitted.status(), await submitted.text()).toBe(201);
  const responseId = (await submitted.json()).id as string;
  await writer.context().close();

  const readers = [await userPage(browser, reviewer), await userPage(browser, admin)];

  for (const reader of readers) {
    const fetched: string[] = [];
    reader.on("request", (r) => {
      const url = new URL(r.url());
      if (url.hostname === "example.invalid" || url.pathname.startsWith("/work/") || url.pathname.endsWith("/export"))
        fetched.push(r.url());
    });
    for (const screen of [`/review/${slug}?status=all`, `/review/responses/${responseId}`]) {
      await reader.goto(screen);
      await reader.waitForLoadState("networkidle");
    }
    await expect(reader.getByText("Show me the Dom Luís bridge.")).toBeVisible();
    expect(fetched).toEqual([]);
    expect(await holdsTask(reader, slug)).toBe(false);
    const pixel = reader.getByRole("link", { name: "Image: pixel" });
    await expect(pixel).toHaveAttribute("href", "https://example.invalid/p.png");
    await expect(pixel).toHaveAttribute("rel", "noopener noreferrer nofollow");
    await expect(reader.getByRole("link", { name: "Image: claim" })).toHaveAttribute("href", `/work/${slug}`);
    expect(await reader.locator(".markdown img").count()).toBe(0);
    await reader.context().close();
  }

  // No export ran in anyone's name.
  const headers = { authorization: `Bearer ${e2eAdmin().token}` };
  const projectId = (await (await page.request.get(`/api/v1/projects/${slug}`, { headers })).json()).id as string;
  const audit = await page.request.get(`/api/v1/audit?action=export.run&projectId=${projectId}`, { headers });
  expect(audit.status(), await audit.text()).toBe(200);
  expect((await audit.json()).items).toEqual([]);
});
