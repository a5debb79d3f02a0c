import path from "node:path";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { createUser, e2eAdmin, expect, screenshot, signIn, test, uniq, type E2EUser } from "./fixtures";

// The review loop (docs/review.md) through the UI of the production build: a reviewer sends a response
// back, its author revises and resubmits, the reviewer edits and accepts, the export holds the
// edited text; and side-by-side ranking of two responses to one prompt.

const DOCS = path.join(__dirname, "..", "docs", "screenshots");
const admin = () => ({ authorization: `Bearer ${e2eAdmin().token}` });

/** The screenshots docs/ shows (and the run keeps with the others). */
async function docShot(page: Page, name: string) {
  await page.waitForLoadState("networkidle"); // hydrated: the screenshot's hidden caret must not meet hydration
  await page.screenshot({ path: path.join(DOCS, `${name}.png`), fullPage: true });
  await screenshot(page, `review-${name}`);
}

async function createProject(request: APIRequestContext, responsesPerPrompt: number, prompts: object[]) {
  const slug = uniq("e2e-review");
  const res = await request.post("/api/v1/projects", {
    headers: admin(),
    data: {
      name: `Lisbon tips ${slug.slice(-4)}`,
      slug,
      guidelines: "# Lisbon\n\nBe concrete: times, places, prices.",
      responsesPerPrompt,
      access: "everyone",
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const imported = await request.post(`/api/v1/projects/${slug}/prompts`, {
    headers: { ...admin(), "content-type": "application/x-ndjson" },
    data: prompts.map((p) => JSON.stringify(p)).join("\n"),
  });
  expect(imported.status(), await imported.text()).toBe(200);
  return slug;
}

async function userPage(browser: Browser, user: E2EUser, dialogs: string[]) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page, user);
  return page;
}

test("revise loop: send back, resubmit, edit and accept, export the edited text", async ({
  page,
  browser,
  dialogs,
}) => {
  const slug = await createProject(page.request, 1, [
    { id: "tram-1", system: "You give travel tips.", turns: ["How do I ride tram 28 in Lisbon?"] },
  ]);
  const labeler = await createUser(page.request, "labeler");
  const reviewer = await createUser(page.request, "reviewer");
  const original = "Lisbon has seven hills. Take tram 28 from Martim Moniz.";
  const revised = "Lisbon has seven hills. Take tram 28 from Martim Moniz before 9 am; it is packed by 10.";
  const final = "Lisbon has seven steep hills. Take tram 28 from Martim Moniz before 9 am; it is packed by 10.";

  // The labeler writes and submits.
  const writer = await userPage(browser, labeler, dialogs);
  await writer.goto(`/work/${slug}`);
  await expect(writer.getByText("How do I ride tram 28 in Lisbon?")).toBeVisible();
  await writer.getByLabel("Your response").fill(original);
  await writer.getByRole("button", { name: "Submit" }).click();
  await expect(writer.getByRole("heading", { name: "No work left in this project" })).toBeVisible();

  // The reviewer opens it from the queue with the keyboard and sends it back with a comment.
  const review = await userPage(browser, reviewer, dialogs);
  await review.goto(`/review/${slug}`);
  await expect(review.getByRole("link", { name: "Open" })).toHaveCount(1);
  // The server-rendered list shows before its keys work (hydration): a "j" pressed earlier goes nowhere,
  // so press it until it moves the focus, as a person would press again.
  await expect(async () => {
    await review.keyboard.press("j");
    await expect(review.getByRole("link", { name: "Open" })).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await review.keyboard.press("o");
  await expect(review.getByRole("heading", { name: "Review a response" })).toBeVisible();
  await expect(review.getByText(original)).toBeVisible();
  await review.keyboard.press("?");
  await expect(review.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await review.keyboard.press("Escape");
  await expect(review.getByRole("dialog")).toBeHidden();
  // `v` without a comment asks for one, in place.
  await review.keyboard.press("v");
  await expect(review.getByText("Say what to change in a comment")).toBeVisible();
  await expect(review.getByLabel("Comment")).toBeFocused();
  await review.getByLabel("Comment").fill("Say **when** to take the tram: it is packed by mid-morning.");
  await review.getByRole("group", { name: "Helpfulness" }).getByRole("radio", { name: /^3 / }).check();
  await review.getByRole("button", { name: "Send back" }).click();
  await expect(review.getByText("Response sent back to its author for revision.")).toBeVisible();
  await expect(review.getByText("No responses match these filters.")).toBeVisible();

  // The labeler's next task is that response, with the comment beside the text.
  await writer.goto(`/work/${slug}`);
  const notice = writer.getByRole("region", { name: /Sent back for revision by anon-/ });
  await expect(notice).toBeVisible();
  await expect(notice.locator("strong", { hasText: "when" })).toBeVisible(); // the comment's markdown
  await expect(writer.getByLabel("Your response")).toHaveValue(original);
  await expect(writer.getByRole("button", { name: "Skip", exact: true })).toHaveCount(0);
  await writer.getByLabel("Your response").fill(revised);
  await expect(writer.getByText(/Saved/)).toBeVisible();
  await docShot(writer, "revision-view");
  await writer.getByRole("button", { name: "Resubmit" }).click();
  await expect(writer.getByRole("heading", { name: "No work left in this project" })).toBeVisible();

  // The reviewer sees the author's change as a diff, scores, edits the text and accepts.
  await review.goto(`/review/${slug}`);
  await review.getByRole("link", { name: "Open" }).click();
  await expect(review.getByText("Revision 2", { exact: true })).toBeVisible();
  const diff = review.getByRole("group", { name: "Changes to the response" });
  await expect(diff.locator("ins")).toContainText(["before 9 am"]);
  await expect(diff).toContainText("[inserted:"); // the change is named for screen readers too
  for (const [criterion, level] of [
    ["Helpfulness", 4],
    ["Honesty", 5],
    ["Harmlessness", 5],
    ["Following the guidelines", 4],
  ] as const) {
    await review
      .getByRole("group", { name: criterion })
      .getByRole("radio", { name: new RegExp(`^${level} `) })
      .check();
  }
  await review.keyboard.press("e");
  const editor = review.getByLabel("Edited response");
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue(revised);
  await editor.fill(final);
  await review.getByLabel("Comment").fill("Good now; one word added.");
  await docShot(review, "review-screen");
  await review.getByRole("button", { name: "Save edit" }).click();
  await expect(review.getByText("Your edit was saved and the response accepted.")).toBeVisible();

  // The diff between the author's original and the final text stays visible.
  await review.goto(`/review/${slug}?status=accepted`);
  await review.getByRole("link", { name: "Open" }).click();
  await expect(review.getByText("Revision 3", { exact: true })).toBeVisible();
  await expect(review.getByText("edited by reviewer")).toBeVisible();
  const finalDiff = review.getByRole("group", { name: "Changes to the response" });
  await expect(finalDiff.locator("ins").first()).toBeVisible();
  await expect(finalDiff).toContainText("steep");
  await expect(review.getByText("Edited and accepted")).toBeVisible();

  // The export holds the reviewer's text.
  const exported = await page.request.get(`/api/v1/projects/${slug}/export`, {
    headers: { ...admin(), "accept-encoding": "identity" },
  });
  expect(exported.status()).toBe(200);
  const lines = (await exported.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(1);
  expect(lines[0].messages.at(-1)).toEqual({ role: "assistant", content: final });
  expect(dialogs).toEqual([]);
});

test("side-by-side ranking of two responses to one prompt", async ({ page, browser, dialogs }) => {
  const slug = await createProject(page.request, 2, [{ id: "day-1", turns: ["One day in Lisbon: where do I start?"] }]);
  const texts = [
    "Start at **Belém** for the tower and the pastries, then take the 15E tram back to the centre.",
    "Start in **Alfama** at 8 am: the Miradouro de Santa Luzia, the castle when it opens at 9, then lunch in Mouraria.",
  ];
  const ids: string[] = [];
  for (const text of texts) {
    const labeler = await userPage(browser, await createUser(page.request, "labeler"), dialogs);
    const next = await labeler.request.post(`/api/v1/projects/${slug}/tasks/next`);
    expect(next.status(), await next.text()).toBe(200);
    const task = await next.json();
    const submitted = await labeler.request.post(`/api/v1/tasks/${task.id}/submit`, { data: { content: text } });
    expect(submitted.status(), await submitted.text()).toBe(201);
    ids.push((await submitted.json()).id);
    await labeler.context().close();
  }

  const reviewer = await createUser(page.request, "reviewer");
  const review = await userPage(browser, reviewer, dialogs);
  await review.goto(`/review/${slug}`);
  await expect(review.getByRole("link", { name: "Open" })).toHaveCount(2);
  await review.getByLabel("Status").selectOption("all");
  await review.getByRole("button", { name: "Apply filters" }).click();
  await expect(review).toHaveURL(/status=all/);
  await docShot(review, "review-queue");

  await review.getByRole("link", { name: "Open" }).first().click();
  await review.getByRole("link", { name: "Compare responses to this prompt" }).click();
  await expect(review.getByRole("heading", { name: "Prompt day-1", level: 1 })).toBeVisible();
  await expect(review.getByRole("region", { name: "Text of response A" })).toContainText("Belém");
  await expect(review.getByRole("region", { name: "Text of response B" })).toContainText("Alfama");

  const ranking = review.getByRole("list", { name: "Ranking, best first" });
  await review.getByRole("button", { name: "Move response B up" }).click();
  await expect(ranking.getByRole("listitem").first()).toContainText("Response B");
  await expect(review.getByRole("button", { name: "Move response B down" })).toBeFocused();
  await review.getByRole("button", { name: "Save ranking" }).click();
  await expect(review.getByText("Ranking saved.")).toBeVisible();
  await docShot(review, "ranking");

  const saved = await review.request.get(`/api/v1/prompts/${await promptIdOf(page.request, ids[0]!)}/ranking`);
  expect(saved.status()).toBe(200);
  expect((await saved.json()).responseIds).toEqual([ids[1], ids[0]]);

  // Coming back shows the saved order.
  await review.reload();
  await expect(review.getByText(/You saved a ranking/)).toBeVisible();
  await expect(ranking.getByRole("listitem").first()).toContainText("Response B");
  expect(dialogs).toEqual([]);
});

async function promptIdOf(request: APIRequestContext, responseId: string): Promise<string> {
  const res = await request.get(`/api/v1/responses/${responseId}`, { headers: admin() });
  expect(res.status()).toBe(200);
  return (await res.json()).promptId;
}
