import type { Page } from "@playwright/test";
import { createUser, expect, test } from "./fixtures";
import { createProject, docShot, userPage } from "./workspace-support";

// The screens this round changed, at a laptop's 1280×800 and a phone's 390×844, saved to
// docs/screenshots for a person to look at: the writing screen's note on special-token text, a
// reviewer's view of markdown whose images are links, and the sign-in notice of failed attempts.
// Each also asserts that nothing runs off the side at that width.

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  return overflow;
}

test("the special-token note on the writing screen, at both sizes", async ({ browser, page }) => {
  const slug = await createProject(page.request, [
    { id: "tok-1", prompt: "How does a chat template end a turn?" },
    { id: "tok-2", prompt: "And in Llama 3?" },
  ]);
  const labeler = await createUser(page.request, "labeler");
  const writer = await userPage(browser, labeler);
  await writer.goto(`/work/${slug}`);
  const editor = writer.getByRole("textbox").first();
  await editor.fill("ChatML closes each turn with <|im_end|> and opens the next with <|im_start|>assistant.");
  await expect(writer.getByTestId("special-token-note")).toBeVisible();
  for (const size of SIZES) {
    await writer.setViewportSize(size);
    await docShot(writer, `writing-special-tokens-${size.name}`);
  }
  await writer.context().close();
});

test("markdown images shown as links to a reviewer, at both sizes", async ({ browser, page }) => {
  const slug = await createProject(page.request, [{ id: "img-1", prompt: "Show me the Dom Luís bridge." }]);
  const labeler = await createUser(page.request, "labeler");
  const reviewer = await createUser(page.request, "reviewer");
  const writer = await userPage(browser, labeler);
  const task = await (await writer.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
  const text = "The bridge from the river: ![Dom Luís I bridge at dusk](https://example.invalid/bridge.jpg)";
  const submitted = await writer.request.post(`/api/v1/tasks/${task.id}/submit`, { data: { turns: [text] } });
  expect(submitted.status(), await submitted.text()).toBe(201);
  const responseId = (await submitted.json()).id as string;
  await writer.context().close();

  const reader = await userPage(browser, reviewer);
  await reader.goto(`/review/responses/${responseId}`);
  await expect(reader.getByRole("link", { name: "Image: Dom Luís I bridge at dusk" }).first()).toBeVisible();
  for (const size of SIZES) {
    await reader.setViewportSize(size);
    await docShot(reader, `review-image-as-link-${size.name}`);
  }
  await reader.context().close();
});

test("the notice of failed sign-ins, at both sizes", async ({ browser, page }) => {
  const user = await createUser(page.request, "labeler");
  for (const size of SIZES) {
    const context = await browser.newContext({ viewport: size });
    const tab = await context.newPage();
    await tab.goto("/login");
    await tab.getByLabel("Email").fill(user.email);
    await tab.getByLabel("Password").fill("not the password");
    await tab.getByRole("button", { name: "Sign in" }).click();
    await expect(tab.getByText("The email or password is not right.")).toBeVisible();
    await tab.getByLabel("Password").fill(user.password);
    await tab.getByRole("button", { name: "Sign in" }).click();
    await expect(tab.getByText(/^1 failed sign-in attempt/)).toBeVisible();
    expect(await noSidewaysScroll(tab)).toBeLessThanOrEqual(0);
    await docShot(tab, `sign-in-failed-attempts-${size.name}`);
    await tab.getByRole("button", { name: "Continue" }).click();
    await expect(tab).toHaveURL(/\/$/);
    await context.close();
  }
});
