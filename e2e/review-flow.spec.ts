import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { createUser, expect, test, type E2EUser } from "./fixtures";
import { adminHeaders, createProject, docShot, userPage } from "./workspace-support";

// The reviewer's day (docs/review.md, "The screens"): the home with each project's queues and Start,
// the review screen with the guidelines beside it, scores given with keys, Accept in the sticky bar,
// Undo, and the ranking queue with a tie. Screens at 1280×800 and 390×844 go to docs/screenshots.

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Each labeler claims and submits the next task of the project once per text, through the API. */
async function submitAs(browser: Browser, labeler: E2EUser, slug: string, texts: string[]): Promise<string[]> {
  const page = await userPage(browser, labeler);
  const ids: string[] = [];
  for (const text of texts) {
    const task = await (await page.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
    const submitted = await page.request.post(`/api/v1/tasks/${task.id}/submit`, { data: { content: text } });
    expect(submitted.status(), await submitted.text()).toBe(201);
    ids.push((await submitted.json()).id);
  }
  await page.context().close();
  return ids;
}

async function publishGuidelines(request: APIRequestContext, slug: string, markdown: string) {
  const res = await request.put(`/api/v1/projects/${slug}/guidelines`, { headers: adminHeaders(), data: { markdown } });
  expect(res.status(), await res.text()).toBe(201);
}

test("reviewer home, keys for scores, the sticky bar, undo, and the ranking queue with a tie", async ({
  browser,
  page,
  dialogs,
}) => {
  const name = `Porto tips ${Date.now().toString(36).slice(-4)}`;
  const slug = await createProject(
    page.request,
    [
      { id: "porto-1", prompt: "Where do I eat a **francesinha** in Porto?" },
      { id: "porto-2", prompt: "How do I get from the airport to Ribeira?" },
    ],
    { name, guidelines: "# Porto\n\nName the place and the street.\n\nGive prices in euros." },
  );
  const patched = await page.request.patch(`/api/v1/projects/${slug}`, {
    headers: adminHeaders(),
    data: { responsesPerPrompt: 2 },
  });
  expect(patched.status(), await patched.text()).toBe(200);
  const [ana, rui] = [await createUser(page.request, "labeler"), await createUser(page.request, "labeler")];
  await submitAs(browser, ana, slug, [
    "Café Santiago on **Rua de Passos Manuel**: about 14 €.",
    "Take the metro's purple line to Trindade, then walk down.",
  ]);
  await submitAs(browser, rui, slug, ["Try _Bufete Fase_, on Rua de Santa Catarina.", "A taxi: 25 minutes, 25 €."]);
  // Written under version 1; version 2 is published since, so the review shows 1 with 2 a click away.
  await publishGuidelines(
    page.request,
    slug,
    "# Porto\n\nName the place and the street.\n\nGive prices in euros, with tips.",
  );

  const reviewer = await createUser(page.request, "reviewer");
  const review = await userPage(browser, reviewer);

  // The home: the project's queues, with Start.
  await review.goto("/review");
  const card = review.getByRole("listitem").filter({ has: review.getByRole("heading", { name }) });
  await expect(card.getByRole("definition").nth(0)).toHaveText("4"); // waiting for review
  await expect(card.getByRole("definition").nth(2)).toHaveText("2"); // prompts to rank
  await expect(review.getByText("You are all caught up")).toHaveCount(0);
  for (const size of SIZES) {
    await review.setViewportSize(size);
    expect(await sidewaysOverflow(review)).toBeLessThanOrEqual(0);
    await docShot(review, `review-home-${size.name}`);
  }
  await review.setViewportSize(SIZES[0]);

  // Start opens the oldest response waiting, with the guidelines it was written under beside it.
  await card.getByRole("link", { name: "Start reviewing" }).click();
  await expect(review.getByRole("heading", { name: "Review a response" })).toBeVisible();
  await expect(review.getByText("Café Santiago")).toBeVisible();
  const guidelines = review.getByRole("region", { name: "Guidelines version 1" });
  await expect(guidelines).toContainText("Give prices in euros.");
  await review.getByRole("button", { name: "What changed" }).click();
  const changes = review.getByRole("region", { name: "Changes from version 1 to 2" });
  await expect(changes.locator("ins", { hasText: "with tips" })).toBeVisible();
  await review.getByRole("button", { name: "v1", exact: true }).click();
  await expect(guidelines).toBeVisible();

  // Scores with keys: "1" goes to the first criterion, then 1–5 scores each and moves on; after the
  // last one the focus is on Accept. The page hydrates after it shows: press until the key lands.
  const helpfulness = review.getByRole("group", { name: /Helpfulness/ });
  await expect(async () => {
    await review.keyboard.press("1");
    await expect(helpfulness.getByRole("radio").first()).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  for (const key of ["4", "5", "5", "3"]) await review.keyboard.press(key);
  await expect(helpfulness.getByRole("radio", { name: /^4\b/ })).toBeChecked();
  await expect(review.getByRole("group", { name: /Honesty/ }).getByRole("radio", { name: /^5\b/ })).toBeChecked();
  await expect(
    review.getByRole("group", { name: /Following the guidelines/ }).getByRole("radio", { name: /^3\b/ }),
  ).toBeChecked();
  const accept = review.getByRole("button", { name: "Accept" });
  await expect(accept).toBeFocused();
  await review.keyboard.press("?");
  const keys = review.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(keys).toContainText("Go to a criterion: 1 Helpfulness");
  await review.keyboard.press("Escape");

  // The decision bar stays in view at the bottom of a scrolled page, at both sizes.
  for (const size of SIZES) {
    await review.setViewportSize(size);
    await review.evaluate(() => window.scrollBy(0, 400));
    await expect(accept).toBeInViewport();
    expect(await sidewaysOverflow(review)).toBeLessThanOrEqual(0);
    await review.evaluate(() => window.scrollTo(0, 0));
    await docShot(review, `review-screen-${size.name}`);
  }
  await review.setViewportSize(SIZES[0]);
  await accept.click();

  // Accepted: the next response opens, with Undo for a few seconds; undo reopens the first one.
  await expect(review.getByText("Response accepted. Here is the next one waiting for you.")).toBeVisible();
  await review.getByRole("button", { name: "Undo" }).click();
  await expect(review.getByText("Decision undone: the response is waiting for review again.")).toBeVisible();
  await expect(review.getByText("Café Santiago")).toBeVisible();
  await review.goto("/review");
  await expect(card.getByRole("definition").nth(0)).toHaveText("4");

  // The ranking queue: the first prompt with two responses; tie them and save.
  await card.getByRole("link", { name: "Rank responses" }).click();
  await expect(review.getByRole("heading", { name: "Rank responses" })).toBeVisible();
  await expect(review.getByRole("region", { name: "Text of response A" })).toBeVisible();
  await review.getByRole("checkbox", { name: /Tied with/ }).check();
  await expect(review.getByRole("list", { name: "Ranking, best first" })).toContainText("1.Response B");
  for (const size of SIZES) {
    await review.setViewportSize(size);
    expect(await sidewaysOverflow(review)).toBeLessThanOrEqual(0);
    await docShot(review, `ranking-queue-${size.name}`);
  }
  await review.setViewportSize(SIZES[0]);
  await review.getByRole("button", { name: "Save ranking" }).click();
  await expect(review.getByText("Ranking saved.").first()).toBeVisible();
  await expect(review.getByText("The last prompt waiting for your ranking.")).toBeVisible();
  const exported = await page.request.get(`/api/v1/projects/${slug}/export?format=preference&status=all`, {
    headers: { ...adminHeaders(), "accept-encoding": "identity" },
  });
  expect(exported.status()).toBe(200);
  expect(await exported.text()).toBe(""); // a tie is no preference pair
  expect(dialogs).toEqual([]);
  await review.context().close();
});
