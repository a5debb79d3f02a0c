import { e2eAdmin, expect, screenshot, signIn, test, uniq } from "./fixtures";

// Accounts and tokens from the admin's screens: no sign-up anywhere, a generated password shown
// once, deactivation ending a session at the next request, token secrets shown once and revocable.
test("admin creates a user, the user signs in, deactivation signs them out", async ({ page, browser }) => {
  const admin = e2eAdmin();
  await signIn(page, admin);
  await page.goto("/admin/users");
  const name = uniq("Nora");
  const email = `${name}@example.test`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Role", { exact: true }).selectOption("labeler");
  await page.getByRole("button", { name: "Create user" }).click();
  const password = (await page.locator("#generated-password").textContent())?.trim() ?? "";
  expect(password.length).toBeGreaterThanOrEqual(12);
  await screenshot(page, "30-admin-users-created");

  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  await signIn(userPage, { email, password });
  await userPage.goto("/");
  await expect(userPage.getByRole("heading", { name: "Your projects" })).toBeVisible();
  expect((await userPage.request.get("/api/v1/me")).status()).toBe(200);

  // A page of accounts at a time: the new one is found by a search.
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.getByRole("row").filter({ hasText: email });
  await row.getByRole("button", { name: "Deactivate" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByRole("button", { name: "Activate", exact: true })).toBeVisible();

  // The same browser session is refused at its very next request.
  expect((await userPage.request.get("/api/v1/me")).status()).toBe(401);
  await userPage.goto("/");
  await expect(userPage).toHaveURL(/\/login/);
  await userContext.close();
});

test("a token is shown once, works as a bearer token, and stops working when revoked", async ({ page }) => {
  const admin = e2eAdmin();
  await signIn(page, admin);
  await page.goto("/tokens");
  const name = uniq("nightly-export");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByLabel("New token secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^exm_/);
  await screenshot(page, "31-tokens-created");

  const api = await page.context().request;
  const asToken = { headers: { authorization: `Bearer ${secret}` } };
  expect((await api.get("/api/v1/me", asToken)).status()).toBe(200);

  await page.reload();
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.getByRole("row").filter({ hasText: name }).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText(/revoked/i);
  expect((await api.get("/api/v1/me", asToken)).status()).toBe(401);
  await screenshot(page, "32-tokens-revoked");
});
