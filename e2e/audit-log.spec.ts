import path from "node:path";
import { createUser, e2eAdmin, expect, screenshot, signIn, test } from "./fixtures";

// The admin's audit log: a role change made through the API shows up as a sentence naming who did
// what to whom, with the before/after folded below it, and the action filter narrows the list to it.
test("a role change appears in the audit log with its before and after, and filters by action", async ({ page }) => {
  const admin = e2eAdmin();
  const auth = { authorization: `Bearer ${admin.token}` };
  const user = await createUser(page.request, "labeler");
  const users = await (await page.request.get("/api/v1/users", { headers: auth })).json();
  const id = users.items.find((u: { email: string }) => u.email === user.email).id;
  const changed = await page.request.patch(`/api/v1/users/${id}`, { headers: auth, data: { role: "reviewer" } });
  expect(changed.status(), await changed.text()).toBe(200);

  await signIn(page, admin);
  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.getByLabel("Action").selectOption("user.update");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/action=user\.update/);

  // Each event is a sentence in words, its action code kept small beside it.
  const events = page.locator('ol[aria-label="Audit events"] > li');
  await expect(events.first()).toBeVisible();
  // Only the filtered action is listed.
  await expect(events.filter({ hasText: "created the account" })).toHaveCount(0);
  const event = events.filter({ hasText: `changed ${user.name}'s role from labeler to reviewer` }).first();
  await expect(event).toContainText(`E2E Admin changed ${user.name}'s role from labeler to reviewer.`);
  await expect(event.getByRole("link", { name: user.name })).toHaveAttribute("href", `/admin/audit?actorId=${id}`);
  await event.getByText("What changed").click();
  await expect(event).toContainText("role: labeler → reviewer");

  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: path.join(__dirname, "..", "docs", "screenshots", "audit-log.png") });
  await screenshot(page, "40-audit-log");
});
