import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { createUser, expect, test } from "./fixtures";
import { createProject, docShot, userPage } from "./workspace-support";

// Feedback reaching the labeler: a reviewer's edit shown as a diff on the labeler's own response page,
// work sent back pinned first in My work and counted on the home page and in the nav, and "No work
// left" pointing at a skipped draft. Screens saved at 1280×800 and 390×844 (docs/screenshots).

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

async function submit(page: Page, slug: string, content: string): Promise<string> {
  const task = await (await page.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
  const res = await page.request.post(`/api/v1/tasks/${task.id}/submit`, { data: { content } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id as string;
}

/**
 * A labeler with two reviewed responses: one a reviewer edited and accepted, one sent back for revision.
 * The labeler's page is signed in; the reviewer's name is what the labeler must never see.
 */
async function reviewedWork(browser: Browser, request: APIRequestContext) {
  const slug = await createProject(request, [
    { id: "hills", prompt: "How many hills does Lisbon have, traditionally?" },
    { id: "tram", prompt: "Which tram goes up to the castle?" },
    { id: "fado", prompt: "Where can I hear fado?" },
  ]);
  const [labeler, reviewer] = await Promise.all([createUser(request, "labeler"), createUser(request, "reviewer")]);
  const writer = await userPage(browser, labeler);
  const edited = await submit(writer, slug, "Lisbon has **seven hills**, they say.");
  const sentBack = await submit(writer, slug, "Tram 28.");

  const judge = await userPage(browser, reviewer);
  const decide = async (id: string, data: object) => {
    const res = await judge.request.post(`/api/v1/responses/${id}/review`, { data });
    expect(res.status(), await res.text()).toBe(200);
  };
  await decide(edited, {
    decision: "edit",
    editedContent: "Lisbon is said to have **seven hills**, from São Jorge to Graça.",
    comment: "Good; I named two of them.",
    scores: { helpfulness: 4, honesty: 5 },
  });
  await decide(sentBack, { decision: "revise", comment: "Say where it starts: **Martim Moniz**." });
  await judge.context().close();

  return { writer, edited, reviewerName: reviewer.name };
}

test("a reviewer's edit reaches the labeler: My work opens the response with the diff", async ({ browser, page }) => {
  const { writer, edited, reviewerName: name } = await reviewedWork(browser, page.request);
  await writer.goto("/my-work");
  const others = writer.getByRole("list", { name: "Your responses, newest first" });
  await expect(others).toContainText("Edited by the reviewer");
  // The card opens the labeler's response page: decision, comment, scores and the reviewer's diff.
  await others.getByRole("link", { name: "How many hills does Lisbon have, traditionally?" }).click();
  await expect(writer).toHaveURL(new RegExp(`/my-work/${edited}$`));
  await expect(writer.getByRole("heading", { name: "What the reviewer changed" })).toBeVisible();
  const diff = writer.getByRole("group", { name: "The reviewer's changes to your response" });
  await expect(diff.locator("ins").first()).toBeVisible();
  await expect(diff.locator("del").first()).toBeVisible();
  await expect(diff).toContainText("from São Jorge to Graça");
  await expect(writer.getByText("Good; I named two of them.")).toBeVisible();
  await expect(writer.getByRole("list", { name: "Scores" })).toContainText("Helpfulness4/5");
  // The conversation shows the labeler's own text, rendered as markdown.
  const mine = writer.getByRole("listitem", { name: "Response written by you" });
  await expect(mine.locator("strong")).toHaveText("seven hills");
  await expect(writer.locator("main")).not.toContainText(name);
  for (const size of SIZES) {
    await writer.setViewportSize(size);
    await writer.getByRole("heading", { name: "What the reviewer changed" }).scrollIntoViewIfNeeded();
    await expectNoSidewaysScroll(writer);
    await docShot(writer, `my-response-diff-${size.name}`);
  }
  await writer.context().close();
});

test("work sent back is pinned first in My work and counted on the home page and in the nav", async ({
  browser,
  page,
}) => {
  const { writer, reviewerName: name } = await reviewedWork(browser, page.request);
  // My work: the sent-back response first, apart, with the reviewer's comment; the nav counts it.
  await writer.goto("/my-work");
  const pinned = writer.getByRole("list", { name: "Sent back to you" });
  await expect(pinned.getByRole("listitem")).toHaveCount(1);
  await expect(pinned).toContainText("Which tram goes up to the castle?");
  await expect(pinned).toContainText("Say where it starts: Martim Moniz.");
  await expect(pinned.getByRole("link", { name: "Revise" })).toBeVisible();
  const sections = await writer.locator("main h2").allTextContents();
  expect(sections[0]).toContain("Sent back to you");
  await expect(writer.getByTestId("sent-back-count")).toHaveText(/1/);
  // The reviewer is a pseudonym to the labeler, never their name.
  await expect(writer.locator("main")).not.toContainText(name);
  const others = writer.getByRole("list", { name: "Your responses, newest first" });
  await expect(others).toContainText("How many hills does Lisbon have, traditionally?");
  await expect(others).toContainText("Lisbon has **seven hills**, they say.");
  await expect(others).toContainText("Edited and accepted");
  for (const size of SIZES) {
    await writer.setViewportSize(size);
    // On a phone the nav folds into the Menu button, which carries the count instead.
    if (size.name === "phone") await expect(writer.getByTestId("sent-back-count-menu")).toHaveText(/1/);
    await expectNoSidewaysScroll(writer);
    await docShot(writer, `my-work-${size.name}`);
  }

  // Home: the send-back is announced with a link to it.
  await writer.setViewportSize(SIZES[0]);
  await writer.goto("/");
  const notice = writer.getByText("1 response sent back to you");
  await expect(notice).toBeVisible();
  await expect(writer.getByTestId("sent-back-count")).toHaveText(/1/);
  for (const size of SIZES) {
    await writer.setViewportSize(size);
    await expectNoSidewaysScroll(writer);
    await docShot(writer, `home-sent-back-${size.name}`);
  }
  await writer.setViewportSize(SIZES[0]);
  await writer.getByRole("link", { name: "See what the reviewers asked" }).click();
  await expect(writer).toHaveURL(/\/my-work#sent-back$/);
  await expect(writer.getByRole("list", { name: "Sent back to you" })).toBeVisible();
  await writer.context().close();
});

test("“No work left” links to a skipped draft", async ({ browser, page }) => {
  const slug = await createProject(page.request, [{ id: "only", prompt: "Name a miradouro." }]);
  const labeler = await createUser(page.request, "labeler");
  const writer = await userPage(browser, labeler);
  const task = await (await writer.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
  expect((await writer.request.put(`/api/v1/tasks/${task.id}/draft`, { data: { content: "Santa Luzia" } })).ok()).toBe(
    true,
  );
  expect((await writer.request.post(`/api/v1/tasks/${task.id}/skip`, { data: {} })).ok()).toBe(true);

  await writer.goto(`/work/${slug}`);
  await expect(writer.getByRole("heading", { name: "No work left in this project" })).toBeVisible();
  await expect(writer.getByText("1 skipped prompt still has your draft.")).toBeVisible();
  await writer.getByRole("link", { name: "Return to it from My work" }).click();
  await expect(writer).toHaveURL(/\/my-work#skipped-heading$/);
  await expect(writer.getByRole("region", { name: "Skipped, with a draft" })).toContainText("Santa Luzia");
  await writer.context().close();
});
