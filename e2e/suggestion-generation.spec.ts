import { e2eAdmin, expect, signIn, test } from "./fixtures";
import { adminHeaders, createProject, docShot } from "./workspace-support";
import { startOpenAiCompatibleServer } from "../lib/testing/openai-compatible-server";

// The project page's panel for suggestions generated ahead of the labelers, worked by the app's own worker
// (started at boot by instrumentation.ts): start, progress, cancel; at a laptop's and a phone's width.

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

test("an admin generates suggestions ahead, follows the progress and cancels", async ({ page }) => {
  // Slow enough that the run is still going while the screen is looked at.
  const model = await startOpenAiCompatibleServer({ reply: { kind: "reply", latencyMs: 400 } });
  try {
    const prompts = Array.from({ length: 40 }, (_, i) => ({ id: `gen-${i}`, prompt: `Question ${i}` }));
    const slug = await createProject(page.request, prompts, { name: "Generated ahead" });
    const put = await page.request.put(`/api/v1/projects/${slug}/assistant`, {
      headers: adminHeaders(),
      data: { baseUrl: model.baseUrl, model: "local-llama", mode: "draft", concurrency: 2 },
    });
    expect(put.status(), await put.text()).toBe(200);

    await signIn(page, e2eAdmin());
    await page.goto(`/admin/projects/${slug}?section=settings`);
    const panel = page.getByRole("region", { name: "Suggestions generated ahead" });
    await expect(panel.getByText("local-llama")).toBeVisible();
    await panel.getByRole("button", { name: "Generate for open prompts" }).click();
    await expect(panel.getByText(/Running/)).toBeVisible();
    // The app's worker is at work: the count moves without a reload.
    await expect(panel.getByText(/[1-9]\d* of 40 prompts done/)).toBeVisible({ timeout: 15_000 });
    await panel.scrollIntoViewIfNeeded();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await panel.scrollIntoViewIfNeeded();
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).toBeLessThanOrEqual(0);
      await docShot(page, `suggestion-generation-${size.name}`);
    }
    await panel.getByRole("button", { name: "Cancel generation" }).click();
    await expect(panel.getByText(/Cancelled/)).toBeVisible();
    await expect(panel.getByRole("button", { name: "Generate for open prompts" })).toBeEnabled();
  } finally {
    await model.close();
  }
});
