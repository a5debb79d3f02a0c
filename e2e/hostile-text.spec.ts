import { createUser, e2eAdmin, expect, screenshot, signIn, test, uniq } from "./fixtures";

// Prompts, guidelines and responses are hostile input: they must show as text, never run.
test("HTML and javascript: links in user text render harmlessly on every screen", async ({ page, dialogs }) => {
  const admin = e2eAdmin();
  const auth = { authorization: `Bearer ${admin.token}` };
  const slug = uniq("e2e-xss");
  const payload = `<img src=x onerror=alert(1)> and [click me](javascript:alert(2)) <script>alert(3)</script>`;
  const project = await page.request.post("/api/v1/projects", {
    headers: auth,
    data: {
      name: `<b onmouseover=alert(4)>${slug}</b>`,
      slug,
      guidelines: `# Rules\n\n${payload}`,
      access: "everyone",
    },
  });
  expect(project.status()).toBe(201);
  const imported = await page.request.post(`/api/v1/projects/${slug}/prompts`, {
    headers: { ...auth, "content-type": "application/x-ndjson" },
    data: `${JSON.stringify({ id: "x1", system: payload, prompt: payload })}\n`,
  });
  expect(imported.status()).toBe(200);

  const labeler = await createUser(page.request, "labeler");
  await signIn(page, labeler);
  await page.goto(`/work/${slug}`);
  await expect(page.getByText("<img src=x onerror=alert(1)>", { exact: false }).first()).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  await screenshot(page, "20-hostile-writing-screen");
  await page.getByLabel("Your response").fill(payload);
  await page.getByRole("button", { name: "Preview" }).click();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("heading", { name: "No work left in this project" })).toBeVisible();

  const reviewer = await createUser(page.request, "reviewer");
  await page.context().clearCookies();
  await signIn(page, reviewer);
  await page.goto(`/review/${slug}`);
  await page.getByRole("link", { name: "Open" }).first().click();
  await expect(page.getByText("<img src=x onerror=alert(1)>", { exact: false }).first()).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  await screenshot(page, "21-hostile-review");
  expect(dialogs).toEqual([]);
});

test("anonymous visitors are sent to sign in, and the API answers 401 JSON", async ({ page }) => {
  await page.goto("/admin/projects");
  await expect(page).toHaveURL(/\/login/);
  const res = await page.request.get("/api/v1/projects");
  expect(res.status()).toBe(401);
  expect(await res.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
});
