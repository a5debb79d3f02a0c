import type { APIRequestContext, Page } from "@playwright/test";
import { createUser, e2eAdmin, expect, signIn, test, uniq } from "./fixtures";
import { adminHeaders, docShot, userPage } from "./workspace-support";

// Project membership on screen: a members-only project is seen by its members alone (on the
// home page, on its writing screen and through the API), an admin adds and removes people on the
// project's Members section, and pauses, archives and deletes it from its Settings.

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** Screenshots at both sizes, after checking the page does not scroll sideways on either. */
async function atBothSizes(page: Page, name: string, focus?: () => Promise<void>) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${name} at ${size.name}`).toBeLessThanOrEqual(0);
    await focus?.();
    await docShot(page, `${name}-${size.name}`);
  }
  await page.setViewportSize(SIZES[0]);
}

async function importPrompts(request: APIRequestContext, slug: string, prompts: object[]) {
  const res = await request.post(`/api/v1/projects/${slug}/prompts`, {
    headers: { ...adminHeaders(), "content-type": "application/x-ndjson" },
    data: prompts.map((p) => JSON.stringify(p)).join("\n"),
  });
  expect(res.status(), await res.text()).toBe(200);
}

async function projectId(request: APIRequestContext, slug: string): Promise<string> {
  const res = await request.get(`/api/v1/projects/${slug}`, { headers: adminHeaders() });
  expect(res.status()).toBe(200);
  return (await res.json()).id;
}

test("a members-only project is seen by its members alone, until one is removed", async ({ page, browser }) => {
  const [memberA, outsiderB, reviewer] = await Promise.all([
    createUser(page.request, "labeler"),
    createUser(page.request, "labeler"),
    createUser(page.request, "reviewer"),
  ]);
  const slug = uniq("e2e-members");
  const name = `Members ${slug.slice(-4)}`;

  // The admin creates the project on screen; members only is the default.
  await signIn(page, e2eAdmin());
  await page.goto("/admin/projects/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Slug").fill(slug);
  await page.getByLabel("Guidelines", { exact: true }).fill("# Guidelines\n\nAnswer plainly.");
  await expect(page.getByLabel("Who may work on it")).toHaveValue("members");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/projects/${slug}`));
  await importPrompts(page.request, slug, [{ id: "m-1", prompt: "What does a members-only project hide?" }]);
  const id = await projectId(page.request, slug);

  // Members section: nobody yet; A is added as a labeler, a reviewer as a reviewer.
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { name: "Members", exact: true })).toBeVisible();
  await expect(page.getByRole("radio", { name: /Members only/ })).toBeChecked();
  await expect(page.getByText("Until you add someone, only admins see this project.")).toBeVisible();
  for (const [user, role] of [
    [memberA, "labeler"],
    [reviewer, "reviewer"],
  ] as const) {
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByLabel("Project role", { exact: true }).selectOption(role);
    await page.getByRole("button", { name: "Add member" }).click();
    await expect(page.getByText(`${user.name} was added as a ${role}.`)).toBeVisible();
  }
  const members = page.getByRole("list", { name: "Members" });
  await expect(members.getByRole("listitem")).toHaveCount(2);
  await expect(page.getByLabel(`Project role of ${memberA.name}`)).toHaveValue("labeler");
  await expect(members.getByText(memberA.email)).toBeVisible();
  // An email without an account is told on the field.
  await page.getByLabel("Email", { exact: true }).fill("nobody-here@example.test");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByText("No account has this email: create the user first")).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill("");
  await atBothSizes(page, "project-members");

  // B, not a member, sees nothing of it: not on the home page, a 404 page for its writing screen,
  // 404 from the API by id and by slug.
  const outsider = await userPage(browser, outsiderB);
  await outsider.goto("/");
  await expect(outsider.getByRole("heading", { name: "Your projects" })).toBeVisible();
  await expect(outsider.getByText(name)).toHaveCount(0);
  const hidden = await outsider.goto(`/work/${slug}`);
  expect(hidden?.status()).toBe(404);
  await expect(outsider.getByRole("heading", { name: "Page not found" })).toBeVisible();
  expect((await outsider.request.get(`/api/v1/projects/${id}`)).status()).toBe(404);
  expect((await outsider.request.get(`/api/v1/projects/${slug}`)).status()).toBe(404);
  const listed = await (await outsider.request.get("/api/v1/projects?status=all")).json();
  expect(JSON.stringify(listed)).not.toContain(id);

  // A, a member, sees it, claims its prompt and writes.
  const member = await userPage(browser, memberA);
  await member.goto("/");
  await expect(member.getByText(name).first()).toBeVisible();
  await member.goto(`/work/${slug}`);
  await expect(member.getByText("What does a members-only project hide?")).toBeVisible();
  await member.getByLabel("Your response").fill("Everything, from everyone who is not on its list.");
  await expect(member.getByText(/Saved/)).toBeVisible();

  // The admin removes A, after a confirmation that says what happens to their work.
  await page.reload();
  await page.getByRole("listitem").filter({ hasText: memberA.email }).getByRole("button", { name: "Remove" }).click();
  const dialog = page.getByRole("dialog", { name: `Remove ${memberA.name} from ${name}?` });
  await expect(dialog.getByText(/Tasks they hold here go back to the pool/)).toBeVisible();
  await expect(dialog.getByText(/Their drafts are kept, and the responses they submitted stay/)).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await docShot(page, "project-member-remove-desktop");
  await dialog.getByRole("button", { name: "Remove from project" }).click();
  await expect(page.getByText(`${memberA.name} was removed. 1 task they held went back to the pool.`)).toBeVisible();
  await expect(members.getByRole("listitem")).toHaveCount(1);

  // For A it is gone: the writing screen is a 404 page, the API answers 404, the home page lists nothing of it.
  const gone = await member.goto(`/work/${slug}`);
  expect(gone?.status()).toBe(404);
  expect((await member.request.get(`/api/v1/projects/${id}`)).status()).toBe(404);
  await member.goto("/");
  await expect(member.getByText(name)).toHaveCount(0);

  await outsider.context().close();
  await member.context().close();
});

test("an admin opens a project to everyone, pauses, archives and deletes it, each after a confirmation", async ({
  page,
  browser,
}) => {
  const slug = uniq("e2e-life");
  const name = `Lifecycle ${slug.slice(-4)}`;
  const created = await page.request.post("/api/v1/projects", {
    headers: adminHeaders(),
    data: { name, slug, guidelines: "# Guidelines\n\nBe brief." },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = (await created.json()).id;
  await importPrompts(page.request, slug, [
    { id: "l-1", prompt: "First?" },
    { id: "l-2", prompt: "Second?" },
  ]);
  const outsider = await userPage(browser, await createUser(page.request, "labeler"));
  expect((await outsider.request.get(`/api/v1/projects/${id}`)).status()).toBe(404);

  // Opening it to everyone asks first; Cancel leaves it members only.
  await signIn(page, e2eAdmin());
  await page.goto(`/admin/projects/${slug}?section=members`);
  await page.getByRole("radio", { name: /Everyone/ }).check();
  const open = page.getByRole("dialog", { name: `Open ${name} to everyone?` });
  await expect(open.getByText(/Every labeler will see this project/)).toBeVisible();
  await open.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("radio", { name: /Members only/ })).toBeChecked();
  await page.getByRole("radio", { name: /Everyone/ }).check();
  await open.getByRole("button", { name: "Open to everyone" }).click();
  await expect(page.getByText("Open to everyone now.")).toBeVisible();
  await expect(page.getByText(/This project is open to everyone/)).toBeVisible();
  expect((await outsider.request.get(`/api/v1/projects/${id}`)).status()).toBe(200);

  // The outsider, now allowed by their role, writes a response: deleting then needs the slug typed.
  const task = await (await outsider.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
  const submitted = await outsider.request.post(`/api/v1/tasks/${task.id}/submit`, { data: { content: "Yes." } });
  expect(submitted.status(), await submitted.text()).toBe(201);

  // Pause, then resume.
  await page.goto(`/admin/projects/${slug}?section=settings`);
  const lifecycle = page.getByRole("region", { name: "Pause, archive or delete" });
  await expect(lifecycle.getByText("Status: active")).toBeVisible();
  await lifecycle.getByRole("button", { name: "Pause…" }).click();
  const pause = page.getByRole("dialog", { name: `Pause ${name}?` });
  await expect(pause.getByText("Labelers get no new prompts from it until you resume it.")).toBeVisible();
  await pause.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(lifecycle.getByText("Status: paused")).toBeVisible();
  await expect(
    page.getByRole("heading", { level: 1 }).locator("..").getByText("paused", { exact: true }),
  ).toBeVisible();
  const refused = await outsider.request.post(`/api/v1/projects/${slug}/tasks/next`);
  expect(refused.status()).toBe(409);
  await atBothSizes(page, "project-lifecycle", () => lifecycle.scrollIntoViewIfNeeded());
  await lifecycle.getByRole("button", { name: "Resume…" }).click();
  await page
    .getByRole("dialog", { name: `Resume ${name}?` })
    .getByRole("button", { name: "Resume" })
    .click();
  await expect(lifecycle.getByText("Status: active")).toBeVisible();

  // Archive: gone from the list, found under Archived, then back.
  await lifecycle.getByRole("button", { name: "Archive…" }).click();
  await page
    .getByRole("dialog", { name: `Archive ${name}?` })
    .getByRole("button", { name: "Archive" })
    .click();
  await expect(lifecycle.getByText("Status: archived")).toBeVisible();
  await page.goto("/admin/projects");
  await expect(page.getByRole("link", { name })).toHaveCount(0);
  await page.getByRole("navigation", { name: "Which projects" }).getByRole("link", { name: "Archived" }).click();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row.getByText("archived", { exact: true })).toBeVisible();
  await row.getByRole("link", { name }).click();
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Settings" }).click();
  await lifecycle.getByRole("button", { name: "Unarchive…" }).click();
  await page
    .getByRole("dialog", { name: `Unarchive ${name}?` })
    .getByRole("button", { name: "Unarchive" })
    .click();
  await expect(lifecycle.getByText("Status: active")).toBeVisible();

  // Delete: it has a response, so the slug must be typed before the button works.
  await lifecycle.getByRole("button", { name: "Delete project…" }).click();
  const remove = page.getByRole("dialog", { name: `Delete ${name}?` });
  await expect(remove.getByText(/2 prompts, guidelines and settings are deleted, with 1 response/)).toBeVisible();
  const confirm = remove.getByRole("button", { name: "Delete for good" });
  await expect(confirm).toBeDisabled();
  await remove.getByLabel(`Type ${slug} to confirm`).fill("not-the-slug");
  await expect(confirm).toBeDisabled();
  await remove.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await docShot(page, "project-delete-confirm-desktop");
  await page.setViewportSize(SIZES[1]);
  await docShot(page, "project-delete-confirm-phone");
  await page.setViewportSize(SIZES[0]);
  await confirm.click();
  await expect(page).toHaveURL(/\/admin\/projects\?deleted=/);
  await expect(page.getByText(`The project ${slug} was deleted.`)).toBeVisible();
  expect((await page.request.get(`/api/v1/projects/${id}`, { headers: adminHeaders() })).status()).toBe(404);

  // The audit log says it in words.
  await page.goto("/admin/audit");
  await expect(page.getByText(new RegExp(`deleted the project “${name}” with 2 prompts and 1 response`))).toBeVisible();
  await outsider.context().close();
});
