import { describe, expect, it, vi } from "vitest";
import { AppError, notFound } from "@/lib/errors";
import { orNotFound } from "@/lib/pages/or-not-found";

// The pages that look up what their URL names (a project slug, a response id) answer Next's 404
// page for lib's "not found", its 403 page for "forbidden", and let every other failure through.
describe("orNotFound", () => {
  it("passes a found value through", async () => {
    await expect(orNotFound(Promise.resolve(42))).resolves.toBe(42);
  });

  it("turns lib's not_found into Next's 404", async () => {
    const thrown = await orNotFound(Promise.reject(notFound("Project"))).catch((error: unknown) => error);
    expect(thrown).not.toBeInstanceOf(AppError);
    expect((thrown as { digest?: string }).digest).toMatch(/404/);
  });

  it("turns lib's forbidden into Next's 403 (a project the caller sees but may not review)", async () => {
    // What next.config.js's experimental.authInterrupts sets in the built app.
    vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
    const thrown = await orNotFound(Promise.reject(new AppError("forbidden", "no"))).catch((error: unknown) => error);
    expect(thrown).not.toBeInstanceOf(AppError);
    expect((thrown as { digest?: string }).digest).toMatch(/403/);
    vi.unstubAllEnvs();
  });

  it("rethrows any other failure as it is", async () => {
    const conflict = new AppError("conflict", "no");
    await expect(orNotFound(Promise.reject(conflict))).rejects.toBe(conflict);
  });
});
