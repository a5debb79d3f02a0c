import { describe, expect, it } from "vitest";
import { AppError, notFound } from "@/lib/errors";
import { orNotFound } from "@/lib/pages/or-not-found";

// The pages that look up what their URL names (a project slug, a response id) answer Next's 404
// page for lib's "not found", and let every other failure through.
describe("orNotFound", () => {
  it("passes a found value through", async () => {
    await expect(orNotFound(Promise.resolve(42))).resolves.toBe(42);
  });

  it("turns lib's not_found into Next's 404", async () => {
    const thrown = await orNotFound(Promise.reject(notFound("Project"))).catch((error: unknown) => error);
    expect(thrown).not.toBeInstanceOf(AppError);
    expect((thrown as { digest?: string }).digest).toMatch(/404/);
  });

  it("rethrows any other failure as it is", async () => {
    const forbidden = new AppError("forbidden", "no");
    await expect(orNotFound(Promise.reject(forbidden))).rejects.toBe(forbidden);
  });
});
