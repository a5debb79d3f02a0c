import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createUser, expect, test, uniq } from "./fixtures";
import { adminHeaders, createProject, docShot, userPage } from "./workspace-support";

// Finding a prompt and everything done with it: the prompts and responses browsers of a project and the
// prompt page, as a reviewer uses them, with hostile text left as text; screenshots at both sizes.

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function expectFits(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
}

async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${what}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

test("search a prompt by a word, open it, see its responses and their review", async ({ browser, page, dialogs }) => {
  const word = uniq("kumquat").replace("-", "");
  const slug = await createProject(page.request, [
    { id: "find-001", prompt: `How do I candy a ${word} without it going bitter?` },
    { id: "find-002", prompt: "What is a good first houseplant?" },
    { id: "find-003", prompt: `<img src=x onerror=alert(1)> Is <b>this</b> bold? ${word}` },
    { id: "find-004", prompt: "Which knot holds a canoe to a dock?" },
  ]);
  const settings = await page.request.patch(`/api/v1/projects/${slug}`, {
    headers: adminHeaders(),
    data: { responsesPerPrompt: 2 },
  });
  expect(settings.status(), await settings.text()).toBe(200);
  const [first, second, reviewer] = [
    await createUser(page.request, "labeler"),
    await createUser(page.request, "labeler"),
    await createUser(page.request, "reviewer"),
  ];

  /** The labeler's first task (find-001, the first prompt) answered with `content`; the response id. */
  const answer = async (labeler: typeof first, content: string) => {
    const writer = await userPage(browser, labeler);
    const task = await (await writer.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
    const submitted = await writer.request.post(`/api/v1/tasks/${task.id}/submit`, { data: { content } });
    expect(submitted.status(), await submitted.text()).toBe(201);
    const id = (await submitted.json()).id as string;
    await writer.context().close();
    return id;
  };
  const syrup = await answer(
    first,
    "Simmer the slices in syrup twice, a day apart; the **second** bath takes the bitterness.",
  );
  const blanch = await answer(second, "Blanch them three times in fresh water before the sugar goes in.");

  const tab = await userPage(browser, reviewer);
  const review = await tab.request.post(`/api/v1/responses/${syrup}/review`, {
    data: { decision: "accept", comment: "Clear and kind.", scores: { helpfulness: 5 } },
  });
  expect(review.status(), await review.text()).toBe(200);
  const ranked = await tab.request.post(`/api/v1/prompts/${(await review.json()).response.promptId}/ranking`, {
    data: { responseIds: [syrup, blanch] },
  });
  expect(ranked.status(), await ranked.text()).toBe(201);

  await tab.goto(`/projects/${slug}/prompts`);
  await expect(tab.getByRole("heading", { name: /^Prompts of/ })).toBeVisible();
  await tab.getByLabel("Words or external id").fill(word);
  await tab.getByRole("button", { name: "Search" }).click();
  const found = tab.getByRole("list", { name: "Prompts found" }).locator(":scope > li").filter({ hasText: word });
  await expect(found).toHaveCount(2);
  // Hostile text is shown as the characters it is.
  await expect(tab.getByText("<img src=x onerror=alert(1)> Is <b>this</b> bold?", { exact: false })).toBeVisible();
  await expect(tab.getByText("2 responses: 1 waiting for review, 1 accepted")).toBeVisible();
  await expectAccessible(tab, "prompts browser");
  for (const size of SIZES) {
    await tab.setViewportSize(size);
    await expectFits(tab);
    await docShot(tab, `prompts-browser-${size.name}`);
  }
  await tab.setViewportSize(SIZES[0]);

  await tab.getByRole("link", { name: "find-001" }).click();
  await expect(tab.getByRole("heading", { name: "Prompt find-001" })).toBeVisible();
  // The two texts side by side, then each response with its revisions and reviews, then the rankings.
  const text = tab.getByRole("region", { name: "Text of response A" });
  await expect(text.getByText("the bitterness")).toBeVisible();
  await expect(text.getByRole("strong").filter({ hasText: "second" })).toBeVisible();
  await expect(tab.getByRole("region", { name: "Text of response B" }).getByText("Blanch them")).toBeVisible();
  const reviewed = tab.getByRole("region", { name: /^Response A by/ });
  await expect(reviewed.getByText("Clear and kind.")).toBeVisible();
  await expect(reviewed.getByText("accepted").first()).toBeVisible();
  await expect(
    tab.getByRole("region", { name: /^Response B by/ }).getByText("No reviews yet", { exact: false }),
  ).toBeVisible();
  await expect(tab.getByRole("heading", { name: "Your ranking, best first" })).toBeVisible();
  await expectAccessible(tab, "prompt page");
  for (const size of SIZES) {
    await tab.setViewportSize(size);
    await expectFits(tab);
    await docShot(tab, `prompt-page-${size.name}`);
  }
  await tab.setViewportSize(SIZES[0]);

  await tab.goto(`/projects/${slug}/responses`);
  await tab.getByLabel("Words or id").fill("syrup");
  await tab.getByRole("button", { name: "Search" }).click();
  await expect(tab.getByRole("list", { name: "Responses found" }).locator(":scope > li")).toHaveCount(1);
  await expect(tab.getByText("Simmer the slices in syrup twice")).toBeVisible();
  await expectAccessible(tab, "responses browser");
  for (const size of SIZES) {
    await tab.setViewportSize(size);
    await expectFits(tab);
    await docShot(tab, `responses-browser-${size.name}`);
  }
  expect(dialogs).toEqual([]);
  await tab.context().close();
});

test("a labeler cannot open the browsers or the prompt page", async ({ browser, page }) => {
  const slug = await createProject(page.request, [{ id: "closed-1", prompt: "Private?" }]);
  const labeler = await createUser(page.request, "labeler");
  const tab = await userPage(browser, labeler);
  for (const path of [`/projects/${slug}/prompts`, `/projects/${slug}/responses`]) {
    const res = await tab.goto(path);
    expect(res?.status(), path).toBe(403);
  }
  await tab.context().close();
});
