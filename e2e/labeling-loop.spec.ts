import { createUser, e2eAdmin, expect, screenshot, signIn, test, uniq } from "./fixtures";
import { parseJsonl } from "../lib/testing/jsonl";

// The whole v1 loop through the UI of the production build: an admin creates a project and
// uploads prompts in the `turns` shape, a labeler writes and submits, a reviewer accepts, and
// the export holds exactly that conversation.
test("admin → labeler → reviewer → export", async ({ page, browser, dialogs }) => {
  const admin = e2eAdmin();
  const slug = uniq("e2e-loop");

  // Admin signs in through the login screen.
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await screenshot(page, "01-login");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The email or password is not right.")).toBeVisible();
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The wrong password above is told before going on.
  await expect(page.getByText(/^1 failed sign-in attempt since your last sign-in\./)).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await screenshot(page, "02-home-admin");

  // Creates a project.
  await page.goto("/admin/projects");
  await screenshot(page, "03-admin-projects");
  await page.getByRole("link", { name: "New project" }).click();
  await page.getByLabel("Name").fill("E2E travel help");
  await page.getByLabel("Slug").fill(slug);
  await page.getByLabel("Guidelines", { exact: true }).fill("# Travel\n\nBe **specific** and kind.");
  await page.getByLabel("Who may work on it").selectOption("everyone");
  await screenshot(page, "04-new-project");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/projects/${slug}`));

  // Uploads prompts in the scripted multi-turn shape.
  const file = [
    JSON.stringify({
      id: "trip-1",
      system: "You plan trips.",
      turns: ["Two days in Lisbon: what first?", "And if it rains?"],
    }),
    JSON.stringify({ id: "trip-2", turns: ["Is Porto worth a day trip?"] }),
  ].join("\n");
  await page
    .getByLabel("Prompts file (JSONL)")
    .setInputFiles({ name: "prompts.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(file) });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Imported 2, skipped 0.")).toBeVisible();
  await page.waitForLoadState("networkidle");
  await screenshot(page, "05-admin-project");

  // A labeler writes both turns of the first prompt and submits.
  const labeler = await createUser(page.request, "labeler");
  const labelerContext = await browser.newContext();
  const labelerPage = await labelerContext.newPage();
  labelerPage.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(labelerPage, labeler);
  await labelerPage.goto("/");
  await screenshot(labelerPage, "06-labeler-projects");
  await labelerPage
    .getByRole("link", { name: /Start labeling/ })
    .and(labelerPage.getByRole("link", { description: /E2E travel help/ }))
    .click();
  await expect(labelerPage.getByText("Two days in Lisbon: what first?")).toBeVisible();
  await expect(labelerPage.getByText("You plan trips.")).toBeVisible();
  const first = "Start at **Alfama**: walk up to the castle early, then take tram 28 down.";
  const second = "Go to the tile museum (Museu Nacional do Azulejo) and the LX Factory.";
  await labelerPage.getByLabel("Your response (turn 1 of 2)").fill(first);
  await labelerPage.getByLabel("Your response (turn 2 of 2)").fill(second);
  await expect(labelerPage.getByText(/Saved/)).toBeVisible();
  await screenshot(labelerPage, "07-writing-screen");
  const sent: string[] = [];
  labelerPage.on("request", (r) => {
    if (r.method() === "POST" && /\/(submit|tasks\/next)$/.test(new URL(r.url()).pathname)) sent.push(r.url());
  });
  await labelerPage.getByRole("button", { name: "Submit" }).click();

  // The next prompt appears at once, from the submit's own answer: one request, no second claim.
  await expect(labelerPage.getByText("Is Porto worth a day trip?")).toBeVisible();
  expect(sent.map((url) => new URL(url).pathname.split("/").pop())).toEqual(["submit"]);
  // Skipping it with text asks first.
  await labelerPage.getByLabel("Your response").fill("Yes, if you");
  await labelerPage.getByRole("button", { name: "Skip", exact: true }).click();
  const dialog = labelerPage.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/kept/);
  await screenshot(labelerPage, "08-skip-confirm");
  await dialog.getByRole("button", { name: "Skip prompt" }).click();
  await expect(labelerPage.getByRole("heading", { name: "No work left in this project" })).toBeVisible();
  await screenshot(labelerPage, "09-no-work-left");
  await labelerContext.close();

  // A reviewer accepts it.
  const reviewer = await createUser(page.request, "reviewer");
  const reviewerContext = await browser.newContext();
  const reviewerPage = await reviewerContext.newPage();
  await signIn(reviewerPage, reviewer);
  await reviewerPage.goto("/review");
  await screenshot(reviewerPage, "10-review-projects");
  await reviewerPage.goto(`/review/${slug}`);
  await screenshot(reviewerPage, "11-review-list");
  await reviewerPage.getByRole("link", { name: "Open" }).first().click();
  await expect(reviewerPage.getByText("Two days in Lisbon: what first?")).toBeVisible();
  await expect(reviewerPage.getByText("Go to the tile museum", { exact: false })).toBeVisible();
  await screenshot(reviewerPage, "12-review-response");
  await reviewerPage.getByLabel("Comment").fill("Specific and useful.");
  await reviewerPage.getByRole("button", { name: "Accept" }).click();
  await expect(reviewerPage.getByText(/accepted/i).first()).toBeVisible();
  await screenshot(reviewerPage, "13-after-review");
  await reviewerContext.close();

  // The export holds exactly that conversation.
  const exported = await page.request.get(`/api/v1/projects/${slug}/export`, {
    headers: { authorization: `Bearer ${admin.token}` },
  });
  expect(exported.status()).toBe(200);
  expect(parseJsonl(await exported.text())).toEqual([
    {
      messages: [
        { role: "system", content: "You plan trips." },
        { role: "user", content: "Two days in Lisbon: what first?" },
        { role: "assistant", content: first },
        { role: "user", content: "And if it rains?" },
        { role: "assistant", content: second },
      ],
    },
  ]);
  expect(dialogs).toEqual([]);
});
