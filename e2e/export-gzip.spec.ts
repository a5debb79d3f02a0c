import { request as httpRequest } from "node:http";
import { gunzipSync } from "node:zlib";
import { createUser, e2eAdmin, expect, signIn, test, uniq } from "./fixtures";

// gzip over HTTP exists only in the real server (Next compresses the response itself), so it is
// proven here against `next start`, not in the in-process API tests.

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** A plain HTTP GET that does not decode anything, so the test sees the bytes on the wire. */
function rawGet(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

test("the export is gzipped on the wire when the client accepts gzip, and identical once decoded", async ({
  page,
  browser,
  baseURL,
}) => {
  const auth = { authorization: `Bearer ${e2eAdmin().token}` };
  const slug = uniq("e2e-gzip");
  const created = await page.request.post("/api/v1/projects", {
    headers: auth,
    data: { name: `Gzip ${slug.slice(-4)}`, slug, guidelines: "Answer plainly.", access: "everyone" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const prompts = Array.from({ length: 6 }, (_, i) =>
    JSON.stringify({ id: `g-${i}`, prompt: `Question ${i}: why is the sky blue? ${"é".repeat(i)}` }),
  );
  const imported = await page.request.post(`/api/v1/projects/${slug}/prompts`, {
    headers: { ...auth, "content-type": "application/x-ndjson" },
    data: prompts.join("\n"),
  });
  expect(imported.status(), await imported.text()).toBe(200);

  const labeler = await createUser(page.request, "labeler");
  const context = await browser.newContext();
  const labelerPage = await context.newPage();
  await signIn(labelerPage, labeler);
  for (let i = 0; i < 6; i++) {
    const task = await (await labelerPage.request.post(`/api/v1/projects/${slug}/tasks/next`)).json();
    const text = `Rayleigh scattering ${i}: shorter wavelengths scatter more. `.repeat(40);
    const submitted = await labelerPage.request.post(`/api/v1/tasks/${task.id}/submit`, { data: { content: text } });
    expect(submitted.status(), await submitted.text()).toBe(201);
  }
  await context.close();

  const url = `${baseURL}/api/v1/projects/${slug}/export?status=submitted`;
  const plain = await rawGet(url, auth);
  expect(plain.status).toBe(200);
  expect(plain.headers["content-encoding"]).toBeUndefined();
  const lines = plain.body.toString("utf8").trimEnd().split("\n");
  expect(lines).toHaveLength(6);
  expect(JSON.parse(lines[0]!).messages.at(-1).role).toBe("assistant");

  const zipped = await rawGet(url, { ...auth, "accept-encoding": "gzip" });
  expect(zipped.status).toBe(200);
  expect(zipped.headers["content-encoding"]).toBe("gzip");
  expect(zipped.headers["content-type"]).toBe("text/x-ndjson; charset=utf-8");
  expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
  expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);

  // A bad parameter is still a plain JSON error, whatever the client accepts.
  const bad = await rawGet(`${url}&format=csv`, auth);
  expect(bad.status).toBe(400);
  expect(JSON.parse(bad.body.toString("utf8")).error.code).toBe("validation_error");
});
