import type { Browser, Page } from "@playwright/test";
import { startApp, type AppProcess } from "../lib/testing/app-process";
import { createUser, e2eDatabaseUrl, expect, test } from "./fixtures";
import { workerSparePort } from "./support/servers";
import { createProject, saveStatus, serverDraft, userPage } from "./workspace-support";

// docs/workspace.md, "nothing typed is lost": offline with a reload in the middle, and an app server
// killed and started again while the labeler types. The text must survive in the browser and
// reach the server once it answers again.

test("offline: keep typing, reload, come back online: the text is intact and reaches the server", async ({
  browser,
  page,
}) => {
  const slug = await createProject(page.request, [{ id: "off-1", prompt: "What should I pack for Lisbon in March?" }]);
  const labeler = await createUser(page.request, "labeler");
  const writer = await userPage(browser, labeler);
  await writer.goto(`/work/${slug}`);
  const editor = writer.getByLabel("Your response");
  await editor.fill("A light rain jacket");
  await expect(saveStatus(writer)).toHaveText(/^Saved/);

  // From here until the end, draft saves fail as on a broken network (also the last-moment save
  // a page sends as it unloads, which the browser's offline mode lets through).
  await writer.context().route("**/api/v1/tasks/*/draft", (route) => route.abort("connectionreset"));
  await writer.context().setOffline(true);
  await editor.pressSequentially(", comfortable shoes for the hills");
  await editor.blur(); // a save attempt now, which cannot reach the server
  await expect(saveStatus(writer)).toHaveText("Offline — kept on this device");
  // Reloading offline fails (no network); the text is in the browser's storage meanwhile.
  await writer.reload().catch(() => undefined);
  // Back online, but draft saves still fail: the page loads, restores the text from this device and says so.
  await writer.context().setOffline(false);
  await writer.goto(`/work/${slug}`);
  await expect(writer.getByLabel("Your response")).toHaveValue("A light rain jacket, comfortable shoes for the hills");
  // Either this browser's copy was restored (and says so) or the page's last save as it unloaded
  // reached the server first; both ways the text is whole. The network is back: Ctrl+S saves now.
  await writer.context().unroute("**/api/v1/tasks/*/draft");
  await writer.getByLabel("Your response").focus();
  await writer.keyboard.press("Control+s");
  await expect(saveStatus(writer)).toHaveText(/^Saved/);
  expect(await serverDraft(writer, slug)).toEqual(["A light rain jacket, comfortable shoes for the hills"]);
  await writer.context().close();
});

// Our own server of the build on the worker's e2e database, on a fixed port so the page's origin survives a restart.
const PORT = workerSparePort;
const startOwnApp = () => startApp({ databaseUrl: e2eDatabaseUrl, port: PORT });

/**
 * A labeler writing `first` on their own server, which then crashes (SIGKILL, no clean stop) while they
 * type `more`; `body` does the rest and may restart the server through `restart`.
 */
async function crashWhileTyping(
  { browser, page }: { browser: Browser; page: Page },
  prompt: string,
  first: string,
  more: string,
  body: (writer: Page, slug: string, restart: () => Promise<void>) => Promise<void>,
) {
  const slug = await createProject(page.request, [{ id: "crash-1", prompt }]);
  const labeler = await createUser(page.request, "labeler");
  let app: AppProcess = await startOwnApp();
  try {
    const writer = await userPage(browser, labeler, `http://127.0.0.1:${PORT}`);
    await writer.goto(`/work/${slug}`);
    const editor = writer.getByLabel("Your response");
    await editor.fill(first);
    await expect(saveStatus(writer)).toHaveText(/^Saved/);

    await app.crash();
    await editor.pressSequentially(more);
    await editor.blur();
    await expect(saveStatus(writer)).toHaveText(/Offline — kept on this device|Not saved to the server yet/);
    await body(writer, slug, async () => {
      app = await startOwnApp();
    });
  } finally {
    await app.crash();
  }
}

test("app server killed and restarted while typing: the text is intact and saved", async ({ browser, page }) => {
  test.setTimeout(90_000);
  const text = "Take the red metro line and change to green at Alameda.";
  await crashWhileTyping(
    { browser, page },
    "How do I get from the airport to Baixa?",
    "Take the red metro line",
    " and change to green at Alameda.",
    async (writer, slug, restart) => {
      await restart();
      // The retry (or the next save) lands on the new server by itself.
      await expect(saveStatus(writer)).toHaveText(/^Saved/, { timeout: 30_000 });
      await writer.reload();
      await expect(writer.getByLabel("Your response")).toHaveValue(text);
      expect(await serverDraft(writer, slug)).toEqual([text]);
      await writer.context().close();
    },
  );
});

test("server down, tab closed, server back: the text comes back from this device, with a notice saying so", async ({
  browser,
  page,
}) => {
  test.setTimeout(90_000);
  const text = "Try Tasca do Chico in Bairro Alto, from 8 pm.";
  await crashWhileTyping(
    { browser, page },
    "Where can I hear fado tonight?",
    "Try Tasca do Chico",
    " in Bairro Alto, from 8 pm.",
    async (writer, slug, restart) => {
      // The labeler closes the tab while the server is down. No save can reach anything now, not even
      // the one a page sends as it unloads: only the browser's own copy has the words.
      const context = writer.context();
      await writer.close();
      await restart();
      const again = await context.newPage();
      await again.goto(`/work/${slug}`);
      await expect(again.getByLabel("Your response")).toHaveValue(text);
      await expect(
        again.getByText(/Restored what you wrote on this device at .+: it had not reached the server yet/),
      ).toBeVisible();
      // "…and is being saved now": the restored text reaches the server without another keystroke.
      await expect(saveStatus(again)).toHaveText(/^Saved/, { timeout: 30_000 });
      expect(await serverDraft(again, slug)).toEqual([text]);
      await context.close();
    },
  );
});
