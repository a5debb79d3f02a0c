import type { Page } from "@playwright/test";
import { createUser, expect, test } from "./fixtures";
import { adminHeaders, createProject, docShot, userPage } from "./workspace-support";
import { startOpenAiCompatibleServer } from "../lib/testing/openai-compatible-server";

// Compare mode on the writing screen (docs/workspace.md "Comparing a model's candidates"): the project's model, a
// real OpenAI-compatible server on loopback, writes three candidates; the labeler sees them side by side in a
// random order, ranks them, starts from the best, edits it and submits; the preference export has the pairs.

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

const BEST =
  "Take the **28 tram** early, before nine, from Martim Moniz: the seats are free and the light on Graça is soft.";
const GOOD = "Ride tram 28 in the morning. Start at the first stop so you get a seat.";
const WEAK = "The tram is nice. You can ride it whenever you like.";

async function expectNoHorizontalScroll(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
}

test("a labeler compares the model's candidates, ranks them, starts from the best and edits it", async ({
  browser,
  page,
}) => {
  const model = await startOpenAiCompatibleServer();
  model.respondWith(
    { kind: "reply", content: WEAK },
    { kind: "reply", content: BEST },
    { kind: "reply", content: GOOD },
  );
  try {
    const slug = await createProject(page.request, [{ id: "tram-1", prompt: "Is the 28 tram worth it?" }], {
      name: "Compared by a labeler",
    });
    const put = await page.request.put(`/api/v1/projects/${slug}/assistant`, {
      headers: adminHeaders(),
      data: { baseUrl: model.baseUrl, model: "local-llama", mode: "compare", candidates: 3 },
    });
    expect(put.status(), await put.text()).toBe(200);
    const writer = await userPage(browser, await createUser(page.request, "labeler"));
    await writer.goto(`/work/${slug}`);

    await writer.getByRole("button", { name: "Get candidates" }).click();
    const cards = writer.getByRole("list", { name: "Candidates" }).getByRole("listitem");
    await expect(cards).toHaveCount(3);
    // The order on screen, to compare with the one recorded.
    const shown = await cards.evaluateAll((items) => items.map((item) => item.textContent ?? ""));
    const position = (text: string) => shown.findIndex((t) => t.includes(text.slice(-20))) + 1;
    expect([BEST, GOOD, WEAK].map(position).sort()).toEqual([1, 2, 3]);
    const card = (text: string) => cards.filter({ hasText: text.slice(-20) });
    // Side by side on a desktop, stacked on a phone.
    const tops = async () => Promise.all((await cards.all()).map(async (c) => (await c.boundingBox())!.y));
    await writer.getByRole("heading", { name: "Compare the model's answers" }).scrollIntoViewIfNeeded();
    for (const size of SIZES) {
      await writer.setViewportSize(size);
      await expectNoHorizontalScroll(writer);
      const ys = await tops();
      if (size.name === "desktop") expect(new Set(ys).size).toBe(1);
      else expect(new Set(ys).size).toBe(3);
      // The whole cards on a desktop; the panel's head and the first card on a phone.
      if (size.name === "desktop") await card(BEST).getByRole("button").scrollIntoViewIfNeeded();
      else await writer.getByRole("heading", { name: "Compare the model's answers" }).scrollIntoViewIfNeeded();
      await docShot(writer, `writing-model-compare-${size.name}`);
    }
    await writer.setViewportSize(SIZES[0]);

    // Ranking, best first; the labeler saves it.
    await card(BEST).getByRole("combobox").selectOption("1");
    await card(GOOD).getByRole("combobox").selectOption("2");
    await expect(writer.getByText("Give every candidate a place to save the ranking.")).toBeVisible();
    await card(WEAK).getByRole("combobox").selectOption("3");
    await writer.getByRole("button", { name: "Save ranking" }).click();
    await expect(writer.getByText("Ranking saved.")).toBeVisible();
    for (const size of SIZES) {
      await writer.setViewportSize(size);
      await card(BEST).scrollIntoViewIfNeeded();
      await expectNoHorizontalScroll(writer);
      await docShot(writer, `writing-model-compare-ranked-${size.name}`);
    }
    await writer.setViewportSize(SIZES[0]);

    // The best goes to the editor; the labeler edits it and submits, naming the candidate.
    await card(BEST)
      .getByRole("button", { name: /^Start from Candidate/ })
      .click();
    const editor = writer.getByLabel("Your response");
    await expect(editor).toHaveValue(BEST);
    await expect(card(BEST).getByText("In the editor below")).toBeVisible();
    await editor.press("End");
    await editor.pressSequentially(" Hold on tight.");
    const submitted = writer.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/submit"));
    await writer.getByRole("button", { name: "Submit" }).click();
    const [turn] = (await submitted).postDataJSON().turns;
    expect(turn).toEqual({ content: `${BEST} Hold on tight.`, suggestionId: expect.any(String) });
    await expect(writer.getByText("Submitted.")).toBeVisible();

    // The ranking votes like a reviewer's: best > good > weak, each pair once, with the positions shown.
    const exported = await page.request.get(
      `/api/v1/projects/${slug}/export?format=preference&status=all&include=metadata`,
      { headers: adminHeaders() },
    );
    expect(exported.status()).toBe(200);
    const lines = (await exported.text())
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const pairs = lines.filter((l) => l.metadata.source === "candidate_ranking");
    expect(pairs.map((l) => [l.chosen[0].content, l.rejected[0].content])).toEqual(
      expect.arrayContaining([
        [BEST, GOOD],
        [BEST, WEAK],
        [GOOD, WEAK],
      ]),
    );
    expect(pairs).toHaveLength(3);
    const bestOverWeak = pairs.find((l) => l.chosen[0].content === BEST && l.rejected[0].content === WEAK);
    expect(bestOverWeak.metadata).toMatchObject({
      chosen: { suggestionId: turn.suggestionId, position: position(BEST) },
      rejected: { position: position(WEAK) },
      votes: { chosen: 1, rejected: 0 },
    });
    expect(model.requests).toHaveLength(3);
  } finally {
    await model.close();
  }
});
