/**
 * How the e2e suite and the editor benchmark start Debian's Chromium: headless in a container, with
 * nothing in the background (updates, sync, networking) to disturb what is measured or screenshotted.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
