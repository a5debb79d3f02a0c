import type { Locator, Page } from "@playwright/test";
import { createUser, expect, test } from "./fixtures";
import { createProject, docShot, userPage } from "./workspace-support";

// The screens a labeler spends hours in, at a phone's 390×844 and a laptop's 1280×800: nothing runs off
// the side, the nav folds into a menu, the guidelines open in a drawer on a phone, the turn being
// answered stays in view above the editor, nothing is clipped or covered; and the 404 and 403 pages.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function expectNoSidewaysScroll(page: Page, what: string) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${what} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

/** True when no ancestor that clips (overflow other than visible) cuts any part of the element off. */
async function unclipped(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const clip = parent.getBoundingClientRect();
      if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5) return false;
      if (box.top < clip.top - 0.5 || box.bottom > clip.bottom + 0.5) return false;
    }
    return box.right <= document.documentElement.clientWidth + 0.5;
  });
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** A prompt of many turns, long enough that the conversation needs scrolling at either size. */
function longConversation(id: string) {
  const messages = Array.from({ length: 6 }, (_, i) => [
    { role: "user", content: `Question ${i + 1}: ${"which museums open late on Thursdays? ".repeat(8)}` },
    { role: "assistant", content: i < 5 ? `Answer ${i + 1}: ${"the Gulbenkian does, until nine. ".repeat(10)}` : null },
  ]).flat();
  messages[messages.length - 2] = { role: "user", content: "Last question: where do I eat near the Gulbenkian?" };
  return { id, messages };
}

test("a phone: the nav is a menu; home, tokens, my work and an edit page fit the width", async ({ browser, page }) => {
  const slug = await createProject(page.request, [{ id: "nav-1", prompt: "Is the Gulbenkian open on Mondays?" }]);
  const labeler = await createUser(page.request, "labeler");
  const phone = await userPage(browser, labeler);
  await phone.setViewportSize(PHONE);
  const task = await (await phone.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
  const text = "No: it closes on Tuesdays, not Mondays. Mondays it opens at ten.";
  const submitted = await phone.request.post(`/api/v1/tasks/${task.id}/submit`, { data: { turns: [text] } });
  expect(submitted.status(), await submitted.text()).toBe(201);

  // Home: the nav is one button; it opens a list of every link, Sign out included.
  await phone.goto("/");
  await expectNoSidewaysScroll(phone, "home");
  const menu = phone.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  const nav = phone.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "My work" })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  for (const name of ["Label", "My work", "API tokens"]) await expect(nav.getByRole("link", { name })).toBeVisible();
  await expect(phone.getByRole("button", { name: "Sign out" })).toBeInViewport();
  await expectNoSidewaysScroll(phone, "home with the menu open");
  await docShot(phone, "nav-menu-phone");
  await phone.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  await menu.click();
  await nav.getByRole("link", { name: "API tokens" }).click();
  await expect(phone).toHaveURL(/\/tokens$/);
  await expect(menu).toHaveAttribute("aria-expanded", "false"); // a link followed closes the menu
  await expectNoSidewaysScroll(phone, "tokens");

  await phone.goto("/my-work");
  await expect(phone.getByText(text)).toBeVisible();
  await expectNoSidewaysScroll(phone, "my work");
  await phone.goto(`/my-work/${(await submitted.json()).id}/edit`);
  await expect(phone.getByLabel("Your response")).toHaveValue(text);
  await expectNoSidewaysScroll(phone, "edit after submit");
  await phone.context().close();
});

test("a phone: the writing screen is one column, the guidelines in a drawer opened on demand", async ({
  browser,
  page,
}) => {
  const guidelines = `# Museums\n\n${"Name the museum and its hours. ".repeat(20)}\n\n## Tone\n\nFriendly, brief.`;
  const slug = await createProject(page.request, [{ id: "ph-1", prompt: "A rainy day in Lisbon: which museum?" }], {
    guidelines,
    name: "Museums of Lisbon",
  });
  const labeler = await createUser(page.request, "labeler");
  const writer = await userPage(browser, labeler);
  await writer.setViewportSize(DESKTOP);
  await writer.goto(`/work/${slug}`);
  await expect(writer.getByText("Your first task in this project")).toBeVisible(); // the guidelines beside
  await expect(writer.getByRole("button", { name: "Guidelines", exact: true })).toBeHidden(); // no drawer here
  await expect(writer.getByLabel("Your response")).toBeEditable();
  await docShot(writer, "writing-single-turn-desktop");

  // On a phone the editor is there, the guidelines wait behind a button.
  await writer.setViewportSize(PHONE);
  const editor = writer.getByLabel("Your response");
  await expect(editor).toBeInViewport();
  await expectNoSidewaysScroll(writer, "writing screen");
  await expect(writer.getByText("Your first task in this project")).toBeHidden();
  await expect(writer.getByText("Name the museum and its hours.")).toBeHidden();
  await expect(writer.getByText("New to this project: read the guidelines")).toBeVisible();
  await expect(writer.getByRole("button", { name: "Submit" })).toBeInViewport();
  for (const fact of [writer.getByText(/^Active /), writer.getByRole("button", { name: "Protocol view" })])
    expect(await unclipped(fact)).toBe(true);
  await docShot(writer, "writing-single-turn-phone");
  await writer.getByRole("button", { name: "Guidelines", exact: true }).click();
  const drawer = writer.getByRole("dialog", { name: "Guidelines v1" });
  await expect(drawer.getByText("Friendly, brief.")).toBeVisible();
  await expectNoSidewaysScroll(writer, "guidelines drawer");
  await docShot(writer, "writing-guidelines-drawer-phone");
  await writer.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await editor.fill("The Gulbenkian: two collections and a garden, open until six.");
  await writer.getByRole("button", { name: "Submit" }).click();
  await expect(writer.getByText("Submitted.")).toBeVisible();
  await expectNoSidewaysScroll(writer, "no work left");
  await writer.context().close();
});

test("a multi-turn prompt: the turn being answered is in view above the editor, at both sizes", async ({
  browser,
  page,
}) => {
  const slug = await createProject(page.request, [longConversation("mt-1"), longConversation("mt-2")]);
  const labeler = await createUser(page.request, "labeler");
  const writer = await userPage(browser, labeler);
  await writer.setViewportSize(DESKTOP);
  await writer.goto(`/work/${slug}`);
  const editor = writer.getByLabel("Your response");
  const answered = writer.getByText("Last question: where do I eat near the Gulbenkian?");
  await expect(editor).toBeFocused();
  await expect(answered).toBeInViewport({ ratio: 1 });
  await expect(editor).toBeInViewport();
  expect(await unclipped(writer.getByText(/^Active /))).toBe(true);
  await docShot(writer, "writing-multi-turn-desktop");

  // Typing a long answer grows the editor; the question stays in view.
  await editor.fill(Array.from({ length: 14 }, (_, i) => `${i + 1}. A place to eat.`).join("\n"));
  await expect(answered).toBeInViewport({ ratio: 1 });

  // The note after a submit covers nothing: not the Shortcuts button, not the facts.
  await writer.keyboard.press("Control+Enter");
  await writer.getByRole("dialog", { name: "Submit this response?" }).getByRole("button", { name: "Submit" }).click();
  const toast = writer.getByText("Submitted.");
  await expect(toast).toBeVisible();
  await expect(editor).toHaveValue("");
  const shortcuts = await writer.getByRole("button", { name: /^Shortcuts/ }).boundingBox();
  const note = await toast.boundingBox();
  expect(shortcuts && note).toBeTruthy();
  if (shortcuts && note) expect(overlaps(shortcuts, note), "the note covers the Shortcuts button").toBe(false);
  for (const name of ["Protocol view", "Submit", "Skip"]) {
    const box = await writer.getByRole("button", { name, exact: true }).boundingBox();
    if (box && note) expect(overlaps(box, note), `the note covers ${name}`).toBe(false);
  }

  await writer.setViewportSize(PHONE);
  await writer.reload();
  await expect(editor).toBeFocused();
  await expect(answered).toBeInViewport({ ratio: 1 });
  await expectNoSidewaysScroll(writer, "multi-turn writing screen");
  await docShot(writer, "writing-multi-turn-phone");
  await writer.context().close();
});

test("the 404 and 403 pages, at both sizes", async ({ browser, page }) => {
  const labeler = await createUser(page.request, "labeler");
  const tab = await userPage(browser, labeler);
  for (const [size, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await tab.setViewportSize(viewport);
    const missing = await tab.goto("/no-such-page");
    expect(missing?.status()).toBe(404);
    await expect(tab.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(tab.locator("header.topbar")).toHaveCount(1);
    await expectNoSidewaysScroll(tab, `404 (${size})`);
    await docShot(tab, `not-found-${size}`);

    // notFound() inside a signed-in screen: the same page, in the app's one top bar.
    const project = await tab.goto("/work/no-such-project");
    expect(project?.status()).toBe(404);
    await expect(tab.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(tab.locator("header.topbar")).toHaveCount(1);

    const admin = await tab.goto("/admin/users");
    expect(admin?.status()).toBe(403);
    await expect(tab).toHaveURL(/\/admin\/users$/);
    await expect(tab.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    await expect(tab.locator("header.topbar")).toHaveCount(1);
    await expectNoSidewaysScroll(tab, `403 (${size})`);
    await docShot(tab, `forbidden-${size}`);
  }
  await tab.getByRole("link", { name: "Back to home" }).click();
  await expect(tab).toHaveURL(/\/$/);

  // Signed out, the sign-in screen fits a phone too.
  const context = await browser.newContext({ viewport: PHONE });
  const anonymous = await context.newPage();
  await anonymous.goto("/login");
  await expect(anonymous.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectNoSidewaysScroll(anonymous, "sign in");
  await context.close();
  await tab.context().close();
});
