import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { createUser, e2eAdmin, expect, signIn, test } from "./fixtures";
import { adminHeaders, createProject, docShot, userPage } from "./workspace-support";

// The admin's screens: the project page in sections, the export screen (count, preview, curl line,
// download), confirmations before what signs someone out, a password reset shown once, and the audit
// log in words. Screenshots at a laptop's 1280×800 and a phone's 390×844 go to docs/screenshots.

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** How far the page runs off the right edge, and the outermost elements that do it (for the message). */
async function sidewaysOverflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .filter((el) => !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { by: document.documentElement.scrollWidth - width, wide };
  });
}

async function atBothSizes(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    const overflow = await sidewaysOverflow(page);
    expect(overflow.by, `${name} at ${size.name}: ${overflow.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await docShot(page, `${name}-${size.name}`);
  }
  await page.setViewportSize(SIZES[0]);
}

test("the export screen shows the count, the first lines and the curl line, and downloads the same file", async ({
  page,
  browser,
}) => {
  const slug = await createProject(page.request, [
    { id: "plan-1", prompt: "Which plan fits a team of five?" },
    { id: "plan-2", prompt: "Can I pay yearly?" },
  ]);
  const labeler = await createUser(page.request, "labeler");
  const writer = await userPage(browser, labeler);
  const ids: string[] = [];
  for (const answer of ["Team: it covers up to ten seats.", "Yes, with two months free."]) {
    const task = await (await writer.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
    const submitted = await writer.request.post(`/api/v1/tasks/${task.id}/submit`, { data: { content: answer } });
    expect(submitted.status(), await submitted.text()).toBe(201);
    ids.push((await submitted.json()).id);
  }
  await writer.context().close();
  const accepted = await page.request.post(`/api/v1/responses/${ids[0]}/review`, {
    headers: adminHeaders(),
    data: { decision: "accept" },
  });
  expect(accepted.status(), await accepted.text()).toBe(200);

  await signIn(page, e2eAdmin());
  await page.goto(`/admin/projects/${slug}`);
  const sections = page.getByRole("navigation", { name: "Project sections" });
  await expect(sections.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { name: "Import prompts" })).toBeVisible();
  await expect(page.getByText("Prompts done")).toBeVisible();
  await atBothSizes(page, "admin-project-overview");

  await sections.getByRole("link", { name: "Export" }).click();
  await expect(page).toHaveURL(/section=export/);
  const count = page.getByTestId("export-count");
  await expect(count).toContainText("1 line");
  const preview = page.getByRole("region", { name: "Preview of the first lines" });
  await expect(preview).toContainText('"content": "Team: it covers up to ten seats."');
  const curl = page.getByRole("region", { name: "curl command" });
  await expect(curl).toHaveText(
    `curl -sS --fail-with-body --compressed -OJ -H "Authorization: Bearer $EXEMPLAR_TOKEN" '${new URL(page.url()).origin}/api/v1/projects/${slug}/export'`,
  );

  // Every choice changes the request, the count and the command together, with the API's names.
  await page.getByLabel("Status").selectOption("all");
  await page.getByLabel("Include metadata").check();
  await expect(count).toContainText("2 lines");
  await expect(curl).toContainText(`/export?status=all&include=metadata'`);
  await expect(preview).toContainText('"externalId": "plan-2"');
  await atBothSizes(page, "admin-export");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /^Download / }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${slug}-all-\\d{4}-\\d\\d-\\d\\d\\.jsonl$`));
  const lines = readFileSync((await download.path())!, "utf8")
    .trimEnd()
    .split("\n");
  expect(lines).toHaveLength(2);
  expect(await preview.textContent()).toBe(lines.join("\n"));

  // Preference pairs need rankings or an accept and a reject of one prompt: the screen says so.
  await page.getByLabel("Format").selectOption("preference");
  await expect(count).toContainText("0 pairs");
  await expect(page.getByTestId("export-empty-reason")).toContainText("Each prompt gets one response");
  await expect(page.getByRole("link", { name: "Open Settings" })).toHaveAttribute("href", "?section=settings");
  await page.evaluate(() => window.scrollTo(0, 0));
  await docShot(page, "admin-export-no-pairs-desktop");
});

test("a role change and a password reset ask first; the new password is shown once and signs in", async ({
  page,
  browser,
}) => {
  const person = await createUser(page.request, "labeler");
  await signIn(page, e2eAdmin());
  // The users page shows a page of accounts at a time, newest first: each person is found by a search.
  await page.goto("/admin/users");
  await expect(page.getByRole("row").nth(1)).toBeVisible();
  await atBothSizes(page, "admin-users");
  await page.goto(`/admin/users?q=${encodeURIComponent(e2eAdmin().email)}`);
  // Your own row offers nothing that would lock you out.
  const own = page.getByRole("row").filter({ hasText: e2eAdmin().email });
  await expect(own).toHaveCount(1);
  await expect(own.getByRole("button")).toHaveCount(0);
  await page.goto(`/admin/users?q=${encodeURIComponent(person.email)}`);

  const row = page.getByRole("row").filter({ hasText: person.email });
  const role = row.getByLabel(`Access level of ${person.name}`);
  await role.selectOption("reviewer");
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: `Make ${person.name} a reviewer?` })).toBeVisible();
  await expect(dialog).toContainText("signed out everywhere");
  await atBothSizes(page, "admin-users-confirm-role");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(role).toHaveValue("labeler");
  const me = async () => (await page.request.get("/api/v1/users", { headers: adminHeaders() })).json();
  const roleOf = async () =>
    (await me()).items.find((u: { email: string; role: string }) => u.email === person.email).role;
  expect(await roleOf()).toBe("labeler");

  await role.selectOption("reviewer");
  await dialog.getByRole("button", { name: "Change role and sign out" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(roleOf).toBe("reviewer");

  await row.getByRole("button", { name: "Reset password" }).click();
  await expect(dialog.getByRole("heading", { name: `Reset ${person.name}'s password?` })).toBeVisible();
  await dialog.getByRole("button", { name: "Reset password" }).click();
  const shown = page.getByRole("dialog", { name: `New password for ${person.name}` });
  await expect(shown).toContainText("only this once");
  const password = (await shown.locator("code").textContent())?.trim() ?? "";
  expect(password.length).toBeGreaterThanOrEqual(12);
  await atBothSizes(page, "admin-users-new-password");
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(password)).toHaveCount(0);

  const context = await browser.newContext();
  const theirs = await context.newPage();
  await signIn(theirs, { email: person.email, password });
  await theirs.goto("/");
  await expect(theirs).not.toHaveURL(/\/login/);
  await context.close();

  // The audit log tells both in words.
  await page.goto("/admin/audit");
  const events = page.locator('ol[aria-label="Audit events"] > li');
  await expect(events.filter({ hasText: `E2E Admin reset the password of ${person.name}` })).toHaveCount(1);
  await expect(
    events.filter({ hasText: `E2E Admin changed ${person.name}'s role from labeler to reviewer.` }),
  ).toHaveCount(1);
  await atBothSizes(page, "admin-audit-log");
});
