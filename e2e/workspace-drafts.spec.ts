import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createUser, expect, test } from "./fixtures";
import { createProject, saveStatus, serverDraft, userPage } from "./workspace-support";

// Issue 5, "nothing typed is lost": offline with a reload in the middle, and an app server
// killed and started again while the labeler types. The text must survive in the browser and
// reach the server once it answers again.

test("offline: keep typing, reload, come back online: the text is intact and reaches the server", async ({ browser, page }) => {
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

const ROOT = path.join(__dirname, "..");
const PORT = Number(process.env.E2E_PORT ?? 3210) + 47;
const server = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DATABASE_URL = `${server.slice(0, server.lastIndexOf("/"))}/${process.env.E2E_DATABASE_NAME ?? "exemplar_e2e"}`;

/** Our own `npm start` of the build on the e2e database, on a fixed port so the page's origin survives a restart. */
async function startApp(): Promise<ChildProcess> {
  const url = `http://127.0.0.1:${PORT}`;
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), NEXTAUTH_URL: url, DATABASE_URL },
    stdio: "ignore",
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("the app exited at start");
    if ((await fetch(`${url}/login`).then((r) => r.status, () => 0)) === 200) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error("the app did not start within 60 s");
}

async function kill(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL"); // a crash, not a clean stop: start.mjs's `next start` child goes with its process group below
  await exited;
}

test("app server killed and restarted while typing: the text is intact and saved", async ({ browser, page }) => {
  test.setTimeout(90_000);
  const slug = await createProject(page.request, [{ id: "restart-1", prompt: "How do I get from the airport to Baixa?" }]);
  const labeler = await createUser(page.request, "labeler");
  let app = await startApp();
  try {
    const writer = await userPage(browser, labeler, `http://127.0.0.1:${PORT}`);
    await writer.goto(`/work/${slug}`);
    const editor = writer.getByLabel("Your response");
    await editor.fill("Take the red metro line");
    await expect(saveStatus(writer)).toHaveText(/^Saved/);

    await stop(app);
    await editor.pressSequentially(" and change to green at Alameda.");
    await editor.blur();
    await expect(saveStatus(writer)).toHaveText(/Offline — kept on this device|Not saved to the server yet/);

    app = await startApp();
    // The retry (or the next save) lands on the new server by itself.
    await expect(saveStatus(writer)).toHaveText(/^Saved/, { timeout: 30_000 });
    await writer.reload();
    await expect(writer.getByLabel("Your response")).toHaveValue("Take the red metro line and change to green at Alameda.");
    expect(await serverDraft(writer, slug)).toEqual(["Take the red metro line and change to green at Alameda."]);
    await writer.context().close();
  } finally {
    await stop(app);
  }
});

/** start.mjs runs `next start` as its child: kill both, as a crash of the machine's app would. */
async function stop(child: ChildProcess) {
  if (child.pid) {
    try {
      const { execFileSync } = await import("node:child_process");
      const children = execFileSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).split("\n").filter(Boolean);
      for (const pid of children) process.kill(Number(pid), "SIGKILL");
    } catch {
      // no child left
    }
  }
  await kill(child);
}

test("server down, tab closed, server back: the text comes back from this device, with a notice saying so", async ({ browser, page }) => {
  test.setTimeout(90_000);
  const slug = await createProject(page.request, [{ id: "restore-1", prompt: "Where can I hear fado tonight?" }]);
  const labeler = await createUser(page.request, "labeler");
  let app = await startApp();
  try {
    const writer = await userPage(browser, labeler, `http://127.0.0.1:${PORT}`);
    await writer.goto(`/work/${slug}`);
    const editor = writer.getByLabel("Your response");
    await editor.fill("Try Tasca do Chico");
    await expect(saveStatus(writer)).toHaveText(/^Saved/);

    // The server dies; the labeler types on and closes the tab. No save can reach anything now,
    // not even the one a page sends as it unloads: only the browser's own copy has the words.
    await stop(app);
    await editor.pressSequentially(" in Bairro Alto, from 8 pm.");
    await editor.blur();
    await expect(saveStatus(writer)).toHaveText(/Offline — kept on this device|Not saved to the server yet/);
    const context = writer.context();
    await writer.close();

    app = await startApp();
    const again = await context.newPage();
    await again.goto(`/work/${slug}`);
    await expect(again.getByLabel("Your response")).toHaveValue("Try Tasca do Chico in Bairro Alto, from 8 pm.");
    await expect(again.getByText(/Restored what you wrote on this device at .+: it had not reached the server yet/)).toBeVisible();
    // "…and is being saved now": the restored text reaches the server without another keystroke.
    await expect(saveStatus(again)).toHaveText(/^Saved/, { timeout: 30_000 });
    expect(await serverDraft(again, slug)).toEqual(["Try Tasca do Chico in Bairro Alto, from 8 pm."]);
    await context.close();
  } finally {
    await stop(app);
  }
});
