import type { Page } from "@playwright/test";
import { createUser, e2eAdmin, expect, test } from "./fixtures";
import { adminHeaders, createProject, docShot, saveStatus, serverDraft, userPage } from "./workspace-support";
import { startOpenAiCompatibleServer } from "../lib/testing/openai-compatible-server";

// Draft mode on the writing screen (docs/workspace.md "A model's draft"): the project's model, a real
// OpenAI-compatible server on loopback, streams its draft into the editor; the labeler edits it and submits.

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

const DRAFT =
  "Start at the Miradouro da Senhora do Monte for the widest view over Lisbon, then walk down through " +
  "Graça to the castle while the light is still soft.";

async function expectNoHorizontalScroll(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
}

async function draftModeProject(page: Page, baseUrl: string, prompts: object[]) {
  const slug = await createProject(page.request, prompts, { name: "Drafted by a model" });
  const put = await page.request.put(`/api/v1/projects/${slug}/assistant`, {
    headers: adminHeaders(),
    data: { baseUrl, model: "local-llama", mode: "draft" },
  });
  expect(put.status(), await put.text()).toBe(200);
  return slug;
}

test("a labeler starts from the model's streamed draft, edits it and submits", async ({ browser, page }) => {
  const model = await startOpenAiCompatibleServer({ reply: { kind: "reply", content: DRAFT, chunkDelayMs: 80 } });
  try {
    const slug = await draftModeProject(page, model.baseUrl, [{ id: "draft-1", prompt: "A first morning in Lisbon?" }]);
    const labeler = await createUser(page.request, "labeler");
    const writer = await userPage(browser, labeler);
    // The labeler's task view says the project drafts with a model, and nothing of its URL or key.
    const view = await (await writer.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
    expect(view.assistant).toEqual({ mode: "draft", model: "local-llama" });
    expect(JSON.stringify(view)).not.toContain(model.baseUrl);

    await writer.goto(`/work/${slug}`);
    const editor = writer.getByLabel("Your response");
    const start = writer.getByRole("button", { name: "Start from a model draft" });
    await expect(start).toBeEnabled();
    await expect(editor).toBeEditable();
    for (const size of SIZES) {
      await writer.setViewportSize(size);
      await expectNoHorizontalScroll(writer);
      await docShot(writer, `writing-model-draft-button-${size.name}`);
    }
    await writer.setViewportSize(SIZES[0]);

    await start.click();
    // The text arrives as the model writes it: part of it first, with a way to stop.
    await expect(editor).toHaveValue(/^Start at the/);
    expect(await editor.inputValue()).not.toBe(DRAFT);
    await expect(writer.getByRole("button", { name: "Stop" })).toBeVisible();
    await expect(editor).toHaveValue(DRAFT);
    await expect(writer.getByRole("button", { name: "Regenerate" })).toBeVisible();
    // Autosaved like typed text.
    await expect(saveStatus(writer)).toHaveText(/^Saved/);
    expect(await serverDraft(writer, slug)).toEqual([DRAFT]);
    for (const size of SIZES) {
      await writer.setViewportSize(size);
      await expectNoHorizontalScroll(writer);
      await docShot(writer, `writing-model-draft-streamed-${size.name}`);
    }
    await writer.setViewportSize(SIZES[0]);

    // The editor is the labeler's again: they change the draft; replacing their edit is asked first.
    await editor.press("End");
    await editor.pressSequentially(" Bring water.");
    await writer.getByRole("button", { name: "Regenerate" }).click();
    await expect(writer.getByText("Replace your edited text with a new draft?")).toBeVisible();
    await writer.getByRole("button", { name: "Keep my text" }).click();
    await expect(editor).toHaveValue(`${DRAFT} Bring water.`);
    expect(model.requests).toHaveLength(1);

    // The response says which suggestion it started from.
    const submitted = writer.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/submit"));
    await writer.getByRole("button", { name: "Submit" }).click();
    expect((await submitted).postDataJSON().turns).toEqual([
      { content: `${DRAFT} Bring water.`, suggestionId: expect.any(String) },
    ]);
    await expect(writer.getByText("Submitted.")).toBeVisible();
  } finally {
    await model.close();
  }
});

test("when the model fails, the labeler reads why and writes the response themselves", async ({ browser, page }) => {
  const model = await startOpenAiCompatibleServer();
  model.respondWith({ kind: "error", status: 500 });
  try {
    const slug = await draftModeProject(page, model.baseUrl, [{ id: "fail-1", prompt: "Is the 28 tram worth it?" }]);
    const writer = await userPage(browser, await createUser(page.request, "labeler"));
    await writer.goto(`/work/${slug}`);
    await writer.getByRole("button", { name: "Start from a model draft" }).click();
    await expect(writer.getByText("The model could not write a draft just now.")).toBeVisible();
    const editor = writer.getByLabel("Your response");
    await expect(editor).toBeEditable();
    await editor.fill("Yes, early in the morning, before the queues.");
    await writer.getByRole("button", { name: "Submit" }).click();
    await expect(writer.getByText("Submitted.")).toBeVisible();
  } finally {
    await model.close();
  }
});

test("a reviewer sees what the labeler changed in the model's draft, and the admin the model use", async ({
  browser,
  page,
}) => {
  // Model text is hostile input: markup in it must show as the characters it is.
  const draft = "Take the <b>28 tram</b> early, before 9, and sit on the right for the views.";
  const written = "Take the <b>28 tram</b> at 8, before the queues, and sit on the left for the views.";
  const model = await startOpenAiCompatibleServer({ reply: { kind: "reply", content: draft } });
  try {
    const slug = await draftModeProject(page, model.baseUrl, [
      { id: "diff-1", prompt: "Is the 28 tram worth it?" },
      { id: "diff-2", prompt: "And the 15?" },
    ]);
    const writer = await userPage(browser, await createUser(page.request, "labeler"));
    const task = await (await writer.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
    const suggestion = await (await writer.request.post(`/api/v1/tasks/${task.id}/suggestions`, { data: {} })).json();
    const submit = await writer.request.post(`/api/v1/tasks/${task.id}/submit`, {
      data: { content: written, suggestionId: suggestion.suggestions[0].id, activeMs: 45_000 },
    });
    expect(submit.status(), await submit.text()).toBe(201);
    const responseId = (await submit.json()).id as string;

    const reviewer = await userPage(browser, await createUser(page.request, "reviewer"));
    await reviewer.goto(`/review/responses/${responseId}`);
    const section = reviewer.getByRole("region", { name: "Changes from the model draft" });
    await expect(section).toBeVisible();
    await expect(section).toContainText("drafted by local-llama");
    await expect(section).toContainText(/\d+(\.\d)?% of the draft kept/);
    await expect(section).toContainText("a reviewer's edit is not counted");
    const diff = section.getByRole("group", { name: "Changes from the model draft in the response" });
    await expect(diff.locator("del").filter({ hasText: "right" })).toBeVisible();
    await expect(diff.locator("ins").filter({ hasText: "left" })).toBeVisible();
    // The markup is text, not an element.
    await expect(diff).toContainText("<b>28 tram</b>");
    expect(await diff.locator("b").count()).toBe(0);
    for (const size of SIZES) {
      await reviewer.setViewportSize(size);
      await section.scrollIntoViewIfNeeded();
      await expectNoHorizontalScroll(reviewer);
      await docShot(reviewer, `review-model-draft-diff-${size.name}`);
    }

    // A second response: the draft submitted unchanged after 2 s, which the analytics flag.
    const second = await (await writer.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
    const drafted = await (await writer.request.post(`/api/v1/tasks/${second.id}/suggestions`, { data: {} })).json();
    const stamped = await writer.request.post(`/api/v1/tasks/${second.id}/submit`, {
      data: { content: draft, suggestionId: drafted.suggestions[0].id, activeMs: 2_000 },
    });
    expect(stamped.status(), await stamped.text()).toBe(201);

    const admin = await userPage(browser, e2eAdmin());
    await admin.goto(`/admin/projects/${slug}/analytics`);
    const modelUse = admin.getByRole("region", { name: "Model drafts" });
    await expect(modelUse).toContainText("Rubber-stamped: kept at least 98% of the draft");
    await expect(modelUse.getByRole("row", { name: /2\s*100%/ })).toBeVisible();
    await expect(modelUse.getByTitle("Submitted nearly unchanged in very little time")).toHaveText("⚑ 1");
    for (const size of SIZES) {
      await admin.setViewportSize(size);
      await modelUse.scrollIntoViewIfNeeded();
      await docShot(admin, `analytics-model-drafts-${size.name}`);
    }
  } finally {
    await model.close();
  }
});
