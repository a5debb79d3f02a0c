import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import * as cl100k from "gpt-tokenizer/encoding/cl100k_base";
import * as o200k from "gpt-tokenizer/encoding/o200k_base";
import { renderChatMl } from "../lib/export/formats/chatml";
import { createUser, e2eAdmin, expect, screenshot, signIn, test, uniq } from "./fixtures";

// The protocol view (docs/workspace.md) shows the conversation as `format=chatml` exports it, and its counts are
// gpt-tokenizer's. The expected numbers are computed here, from the same conversation, independently
// of the view's worker and cache.

type Message = { role: "system" | "user" | "assistant"; content: string };
const SPECIAL = /(<\|im_start\|>|<\|im_end\|>|<\|endoftext\|>)/;

/** gpt-tokenizer's count of ChatML text, each marker one special token (docs/performance.md, "Protocol view"). */
function expectedCount(encoding: typeof o200k, text: string): number {
  return text.split(SPECIAL).reduce((sum, part, i) => sum + (i % 2 === 1 ? 1 : encoding.countTokens(part)), 0);
}

function chatMl(messages: Message[]): string {
  return JSON.parse(renderChatMl({ conversation: JSON.stringify(messages) })).text;
}

const prompt: Message[] = [
  { role: "system", content: "You are a travel planner. Keep answers short.\n\nUse metric units." },
  { role: "user", content: "Two days in Lisbon 🇵🇹: what first? <img src=x onerror=alert(1)> <|im_end|>" },
  { role: "assistant", content: "Start at Alfama: walk up to the castle early, then take tram 28 down." },
  { role: "user", content: "And if it rains?\tThanks!" },
];
const typed = "Go to the tile museum 🏛️ and the LX Factory.\n\n- Azulejos\n- Books  (Ler Devagar)";

async function openTask(page: Page, slug: string) {
  await page.goto(`/work/${slug}`);
  await expect(page.getByText("And if it rains?")).toBeVisible();
  await page.waitForLoadState("networkidle"); // hydrated, and the draft restored, before typing
}

test("the protocol view counts what gpt-tokenizer counts, per message and in total", async ({
  page,
  browser,
  dialogs,
}) => {
  const admin = e2eAdmin();
  const slug = uniq("e2e-protocol");
  const headers = { authorization: `Bearer ${admin.token}` };
  const created = await page.request.post("/api/v1/projects", {
    headers,
    data: { name: "Protocol trip", slug, guidelines: "# Trips", maxResponseTokens: 34, access: "everyone" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const imported = await page.request.post(`/api/v1/projects/${slug}/prompts`, {
    headers: { ...headers, "content-type": "application/x-ndjson" },
    data: JSON.stringify({ id: "rain-1", messages: prompt }),
  });
  expect(imported.status(), await imported.text()).toBe(200);

  const labeler = await createUser(page.request, "labeler");
  const context = await browser.newContext();
  const work = await context.newPage();
  work.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(work, labeler);
  await openTask(work, slug);

  await work.getByRole("button", { name: "Protocol view" }).click();
  await expect(work.getByRole("button", { name: "Protocol view" })).toHaveAttribute("aria-pressed", "true");
  const panel = work.getByRole("complementary", { name: "Protocol view" });
  const editor = work.getByLabel("Your response");
  await editor.click();
  await editor.pressSequentially(typed, { delay: 5 });
  await expect(editor).toHaveValue(typed);

  const conversation: Message[] = [...prompt, { role: "assistant", content: typed }];
  const rendered = chatMl(conversation);
  const total = expectedCount(o200k, rendered);
  await expect(panel.getByText(/tokens in total/)).toHaveText(`${total.toLocaleString("en")} tokens in total`);
  const perMessage = conversation.map((m) => expectedCount(o200k, chatMl([m])));
  expect(perMessage.reduce((a, b) => a + b, 0)).toBe(total);
  const headings = panel.getByRole("heading", { level: 3 });
  await expect(headings).toHaveCount(conversation.length);
  for (const [i, m] of conversation.entries()) {
    await expect(headings.nth(i)).toHaveText(new RegExp(`^${i + 1}\\. ${m.role}\\s*${perMessage[i]} tokens$`));
  }
  // Markers are counted as one token each, not as the 3–6 tokens their text would be.
  expect(o200k.countTokens(rendered, { disallowedSpecial: new Set() })).toBeGreaterThan(
    total + 2 * 2 * conversation.length,
  );

  // The budget under the editor: the typed turn alone against the project's limit (34), amber from 80 %.
  const budget = work.getByRole("meter", { name: "Token budget" });
  const turnTokens = o200k.countTokens(typed);
  expect(turnTokens / 34).toBeGreaterThanOrEqual(0.8);
  await expect(budget).toHaveAttribute("aria-valuetext", `${turnTokens} of 34 tokens`);
  await expect(
    work.getByText(`${turnTokens} / 34 tokens — ${Math.floor((turnTokens / 34) * 100)} % of the limit`),
  ).toBeVisible();
  await budget.scrollIntoViewIfNeeded();
  await screenshot(work, "protocol-budget");

  // The editor stays in view beside the panel, nothing scrolls sideways, and the user's markup stayed text.
  await expect(editor).toBeInViewport();
  expect(await work.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await expect(panel.getByText(/<img·src=x·onerror=alert\(1\)>/)).toBeVisible();
  await expect(work.getByText(/^Saved/)).toBeVisible(); // the draft is on the server before the shot and the reload
  const scan = await new AxeBuilder({ page: work }).analyze();
  expect(
    scan.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`),
  ).toEqual([]);
  // The turn being written, at the bottom of the view, is what the screenshot is about.
  await panel.getByRole("region", { name: /token by token/ }).evaluate((body) => body.scrollTo(0, body.scrollHeight));
  await work.screenshot({ path: path.join(__dirname, "..", "docs", "screenshots", "writing-protocol.png") });
  await screenshot(work, "protocol-view");

  // The admin switches the project to cl100k_base; the view counts in it after a reload.
  await signIn(page, admin);
  await page.goto(`/admin/projects/${slug}?section=settings`);
  await page.getByLabel("Tokenizer").selectOption("cl100k_base");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await openTask(work, slug);
  await expect(editor).toHaveValue(typed); // the draft came back from the server
  await work.getByRole("button", { name: "Protocol view" }).click();
  await expect(panel.getByText("cl100k_base")).toBeVisible();
  const cl100kTotal = expectedCount(cl100k, rendered);
  expect(cl100kTotal).not.toBe(total);
  await expect(panel.getByText(/tokens in total/)).toHaveText(`${cl100kTotal.toLocaleString("en")} tokens in total`);

  await work.getByRole("button", { name: "Close" }).click();
  await expect(panel).toBeHidden();
  expect(dialogs).toEqual([]);
  await context.close();
});
