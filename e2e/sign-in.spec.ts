import { createUser, expect, test } from "./fixtures";

// The login form against the real next-auth route under `next start`: where it goes after signing
// in, the sign-in limit's wait, and the notice of failed sign-ins.

async function fillAndSubmit(page: import("@playwright/test").Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("after signing in, a callbackUrl that a browser would read as another host goes home", async ({
  page,
  request,
  baseURL,
}) => {
  const user = await createUser(request, "labeler");
  // Never leave for the other host, even if the test fails half-way.
  await page.route("**://evil.example/**", (route) => route.abort());
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/\\evil.example")}`);
  await fillAndSubmit(page, user.email, user.password);
  await page.waitForURL((url) => url.pathname !== "/login");
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(new URL(page.url()).pathname).toBe("/");
});

test("a callbackUrl on this origin is kept", async ({ page, request }) => {
  const user = await createUser(request, "labeler");
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/my-work")}`);
  await fillAndSubmit(page, user.email, user.password);
  await expect(page).toHaveURL(/\/my-work$/);
});

test("the owner is told how many wrong passwords were tried since the last sign-in", async ({ page, request }) => {
  const user = await createUser(request, "labeler");
  await page.goto("/login");
  for (let i = 0; i < 2; i++) {
    await fillAndSubmit(page, user.email, `wrong ${i}`);
    await expect(page.getByText("The email or password is not right.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await fillAndSubmit(page, user.email, user.password);
  await expect(page.getByText(/^2 failed sign-in attempts since your last sign-in\./)).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/$/);
});
