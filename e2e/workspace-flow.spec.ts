import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createUser, expect, test } from "./fixtures";
import { adminHeaders, createProject, docShot, saveStatus, serverDraft, userPage } from "./workspace-support";

// The writing workspace (docs/workspace.md) through the production build: two tabs on one task, skip with
// text and coming back to it, edit after submit, guidelines changes, keys, accessibility.

async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${what}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

async function expectNoHorizontalScroll(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
}

test("the same task in two tabs: the second warns and can take over; the first stops saving", async ({
  browser,
  page,
}) => {
  const slug = await createProject(page.request, [{ id: "tabs-1", prompt: "Best pastel de nata in Belém?" }]);
  const labeler = await createUser(page.request, "labeler");
  const first = await userPage(browser, labeler);
  await first.goto(`/work/${slug}`);
  await first.getByLabel("Your response").fill("Pastéis de Belém, early");
  await expect(saveStatus(first)).toHaveText(/^Saved/);

  const second = await first.context().newPage();
  await second.goto(`/work/${slug}`);
  await expect(second.getByText("already open in another tab")).toBeVisible();
  await expect(second.getByLabel("Your response")).not.toBeEditable();
  await docShot(second, "writing-two-tabs");
  await second.getByRole("button", { name: "Take over here" }).click();
  await expect(first.getByText("now being written in another tab")).toBeVisible();
  await expect(first.getByLabel("Your response")).not.toBeEditable();
  const editor = second.getByLabel("Your response");
  await expect(editor).toBeEditable();
  await expect(editor).toHaveValue("Pastéis de Belém, early");
  await editor.pressSequentially(" in the morning.");
  await expect(saveStatus(second)).toHaveText(/^Saved/);
  expect(await serverDraft(second, slug)).toEqual(["Pastéis de Belém, early in the morning."]);
  await first.context().close();
});

test("skip with text asks first, keeps the draft, and the draft is back when the labeler returns", async ({
  browser,
  page,
}) => {
  const slug = await createProject(page.request, [
    { id: "skip-1", prompt: "Explain fado in two lines." },
    { id: "skip-2", prompt: "Where to hear it?" },
  ]);
  const labeler = await createUser(page.request, "labeler");
  const writer = await userPage(browser, labeler);
  await writer.goto(`/work/${slug}`);
  await writer.getByLabel("Your response").fill("Fado is Lisbon's song of longing");
  await writer.getByRole("button", { name: "Skip", exact: true }).click();
  const dialog = writer.getByRole("dialog");
  await expect(dialog).toContainText("kept as a draft");
  await expect(dialog).toContainText("come back to it");
  await dialog.getByRole("button", { name: "Skip prompt" }).click();
  // The next prompt is there at once (claimed right after the skip).
  await expect(writer.getByText("Where to hear it?")).toBeVisible();

  await writer.goto("/my-work");
  const skipped = writer.getByRole("region", { name: "Skipped, with a draft" });
  await expect(skipped).toContainText("Fado is Lisbon's song of longing");
  await skipped.getByRole("button", { name: "Return to it" }).click();
  await expect(writer.getByText("Explain fado in two lines.")).toBeVisible();
  await expect(writer.getByLabel("Your response")).toHaveValue("Fado is Lisbon's song of longing");
  await writer.context().close();
});

test("edit after submit makes revision 2; keys; guidelines diff; axe on every labeler screen", async ({
  browser,
  page,
}) => {
  test.setTimeout(90_000);
  const conversation = Array.from({ length: 6 }, (_, i) => [
    { role: "user", content: `Question ${i + 1}: ${"what about the trams? ".repeat(12)}` },
    { role: "assistant", content: i < 5 ? `Answer ${i + 1}: ${"take tram 28 early. ".repeat(12)}` : null },
  ]).flat();
  const slug = await createProject(
    page.request,
    [
      { id: "edit-1", system: "You are a Lisbon guide.", turns: ["Plan my morning in Alfama."] },
      { id: "edit-2", messages: conversation },
    ],
    { guidelines: "# Lisbon\n\nBe brief.\n\nName one place per answer.\n" },
  );
  const labeler = await createUser(page.request, "labeler");
  const writer = await userPage(browser, labeler);

  await writer.goto("/");
  await expectAccessible(writer, "project list");

  await writer.goto(`/work/${slug}`);
  await expect(writer.getByText("Your first task in this project")).toBeVisible();
  const editor = writer.getByLabel("Your response");
  await editor.fill("Start at the **Miradouro de Santa Luzia**, then walk down to the Sé.");
  await expect(saveStatus(writer)).toHaveText(/^Saved/);
  await expect(writer.getByText(/^Active /)).toBeVisible();
  await expectNoHorizontalScroll(writer);
  await expectAccessible(writer, "writing screen");
  await docShot(writer, "writing-plain");

  // `?` lists the keys; Alt+M previews the turn; Ctrl+Enter asks before submitting.
  await writer.getByRole("region", { name: "Conversation" }).focus();
  await writer.keyboard.press("Shift+?");
  await expect(writer.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await writer.keyboard.press("Escape");
  await editor.focus();
  await writer.keyboard.press("Alt+m");
  await expect(
    writer.getByRole("region", { name: "Response preview" }).getByText("Miradouro de Santa Luzia"),
  ).toBeVisible();
  await writer.keyboard.press("Alt+m");
  await expect(editor).toBeFocused();
  await writer.keyboard.press("Control+Enter");
  const confirm = writer.getByRole("dialog", { name: "Submit this response?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Submit" }).click();
  // The next prompt appears at once; its long conversation scrolls on its own, the editor stays in view.
  await expect(writer.getByText("Question 6:")).toBeVisible();
  // The labeler types on at once, without a click: the new prompt's editor has the focus and takes
  // the very first keystrokes (no read-only moment while the tab checks for other tabs).
  await writer.keyboard.type("Tram 28");
  await expect(writer.getByLabel("Your response")).toHaveValue("Tram 28");
  await expect(writer.getByLabel("Your response")).toBeInViewport();
  await expectNoHorizontalScroll(writer);

  // Edit after submit, from My work: revision 2, visible to reviewers.
  await writer.goto("/my-work");
  await expectAccessible(writer, "my work");
  await writer.getByRole("link", { name: "Edit" }).click();
  await expect(writer).toHaveURL(/\/my-work\/.+\/edit$/);
  const again = writer.getByRole("textbox", { name: "Your response" });
  await expect(again).toHaveValue(/Miradouro de Santa Luzia/);
  await again.fill("Start at the Miradouro de Santa Luzia at 9:00, then walk down to the Sé.");
  await writer.getByRole("button", { name: "Save as revision 2" }).click();
  await expect(writer.getByText("Saved as revision 2. Reviewers will see it.")).toBeVisible();
  await expect(writer.getByRole("button", { name: "Save as revision 3" })).toBeVisible();
  const responses = await (
    await page.request.get(`/api/v1/projects/${slug}/responses`, { headers: adminHeaders() })
  ).json();
  const item = (responses.items ?? responses.responses ?? responses)[0];
  const detail = await (await page.request.get(`/api/v1/responses/${item.id}`, { headers: adminHeaders() })).json();
  expect(detail).toMatchObject({ revision: 2, status: "submitted" });
  expect(JSON.stringify(detail)).toContain("at 9:00");

  // New guidelines: the next task shows what changed and waits for a confirm.
  const published = await page.request.put(`/api/v1/projects/${slug}/guidelines`, {
    headers: adminHeaders(),
    data: { markdown: "# Lisbon\n\nBe thorough: give times and prices.\n\nName one place per answer.\n" },
  });
  expect(published.status(), await published.text()).toBeLessThan(300);
  await writer.goto(`/work/${slug}`);
  await expect(writer.getByText("Question 6:")).toBeVisible();
  await expect(writer.getByRole("heading", { name: "The guidelines changed: version 1 → 2" })).toBeVisible();
  const diff = writer.getByRole("region", { name: "Changes to the guidelines" });
  await expect(diff.locator("del")).toContainText(["brief"]);
  await expect(diff.locator("ins").first()).toContainText("thorough");
  await expect(writer.getByLabel("Your response")).not.toBeEditable();
  await expectAccessible(writer, "writing screen with guidelines diff");
  await docShot(writer, "writing-guidelines-diff");
  await writer.getByRole("button", { name: "I have read the changes" }).click();
  await expect(writer.getByLabel("Your response")).toBeEditable();
  await writer.context().close();
});
