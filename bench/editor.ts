/**
 * `npm run bench:editor`: typing latency on the writing screen with a ~20,000-token conversation (the
 * target: under 50 ms with the protocol view open; docs/performance.md). Opens the task in Chromium, types BENCH_CHARS characters per mode
 * in alternating rounds (protocol view closed, then open), and measures each keystroke from its `keydown`
 * timestamp to the frame after it (the next requestAnimationFrame, then a message posted from it, which runs
 * once that frame is painted). Also reports the Event Timing API's entries (keydown/input over 16 ms) as a
 * cross-check. docs/performance.md has the figures.
 *
 * Env: BENCH_URL (a running server; then BENCH_ADMIN_TOKEN, an admin API token, is required) or a production
 * build in BENCH_APP_DIR (default this checkout; NEXT_DIST_DIR names its build folder), served on a fresh
 * database BENCH_DATABASE (default exemplar_bench_editor); BENCH_CHARS (default 200), BENCH_DELAY_MS between
 * keys (default 80), BENCH_PROFILE=1 (print where the page's main thread spent its time in the first round with
 * the view open), PLAYWRIGHT_CHROMIUM_PATH.
 */
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { chromium, type Page } from "@playwright/test";
import * as o200k from "gpt-tokenizer/encoding/o200k_base";
import type { Message } from "@/lib/conversation/types";
import { protocolBlocks } from "@/lib/tokenizer/protocol";
import { tokenizeText } from "@/lib/tokenizer/tokenize";
import { appDir, startServer, type BenchServer } from "./support/bench-server";
import { benchDatabaseUrl, connect, createBenchProject, recreateBenchDatabase } from "./support/bench-database";
import { percentile } from "./support/report";
import { chromiumLaunchOptions } from "../e2e/support/chromium";

const CHARS = Number(process.env.BENCH_CHARS ?? 200);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 80);
const ROUNDS = 4;
const TARGET_MS = 50;

/** A support conversation of about 20,000 o200k_base tokens: a system prompt and 33 long exchanges. */
function conversation(): Array<{ role: Message["role"]; content: string | null }> {
  const paragraph = (i: number, j: number) =>
    `Item ${i}.${j}: the shipment for order #${(i * 7919 + j * 104729) % 100000} left the warehouse in Lisbon on ` +
    `day ${((i + j) % 28) + 1}; the courier reports a delay of ${(i * j) % 9} hours, customs paperwork "ref-${i}${j}" ` +
    `is pending, and the customer asked whether the naïve estimate — 3–5 days — still holds. Next step: confirm ` +
    `the address, check the invoice total (€${(i * 31 + j * 17) % 900}.${j}0), and reply kindly.`;
  const messages: Array<{ role: Message["role"]; content: string | null }> = [
    {
      role: "system",
      content: `You are a careful support agent. ${Array.from({ length: 6 }, (_, j) => paragraph(0, j)).join("\n")}`,
    },
  ];
  for (let i = 1; i <= 33; i++) {
    messages.push({ role: "user", content: Array.from({ length: 4 }, (_, j) => paragraph(i, j)).join("\n\n") });
    messages.push({
      role: "assistant",
      content: Array.from({ length: 3 }, (_, j) => paragraph(i, j + 4)).join("\n\n"),
    });
  }
  messages.push({ role: "user", content: "Summarise where every order stands, in one short list." });
  messages.push({ role: "assistant", content: null });
  return messages;
}

async function api(base: string, token: string, method: string, path: string, body: string, type = "application/json") {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": type },
    body,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A project with the one long prompt, and a labeler to write it; through the API like any client. */
async function setUp(base: string, adminToken: string) {
  const slug = `bench-editor-${randomBytes(3).toString("hex")}`;
  await api(
    base,
    adminToken,
    "POST",
    "/api/v1/projects",
    JSON.stringify({ name: "Editor bench", slug, guidelines: "# Bench\n\nWrite well.", maxResponseTokens: 4096 }),
  );
  await api(
    base,
    adminToken,
    "POST",
    `/api/v1/projects/${slug}/prompts`,
    JSON.stringify({ id: "long-1", messages: conversation() }),
    "application/x-ndjson",
  );
  const labeler = {
    email: `${slug}@bench.test`,
    name: "Bench typist",
    role: "labeler",
    password: `pw-${randomBytes(12).toString("hex")}`,
  };
  await api(base, adminToken, "POST", "/api/v1/users", JSON.stringify(labeler));
  return { slug, labeler };
}

async function signIn(page: Page, email: string, password: string) {
  const csrf = await (await page.request.get("/api/auth/csrf")).json();
  const res = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email, password, json: "true" },
  });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
}

/** Installed in the page: one latency per keydown, and the Event Timing entries over 16 ms. */
function instrument() {
  const w = window as unknown as { __latencies: number[]; __slowEvents: number[] };
  w.__latencies = [];
  w.__slowEvents = [];
  document.addEventListener(
    "keydown",
    (event) => {
      const start = event.timeStamp;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => w.__latencies.push(performance.now() - start);
        channel.port2.postMessage(null);
      });
    },
    true,
  );
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === "keydown" || entry.name === "input") w.__slowEvents.push(entry.duration);
  }).observe({ type: "event", durationThreshold: 16 } as PerformanceObserverInit);
}

const TEXT = "The orders from Lisbon are on their way; two wait on customs papers and one on a corrected address. ";

async function typeRound(page: Page, chars: number, offset: number): Promise<{ latencies: number[]; slow: number[] }> {
  await page.evaluate(() => {
    const w = window as unknown as { __latencies: number[]; __slowEvents: number[] };
    w.__latencies = [];
    w.__slowEvents = [];
  });
  for (let i = 0; i < chars; i++)
    await page.keyboard.type(TEXT[(offset + i) % TEXT.length]!, { delay: 0 }).then(() => page.waitForTimeout(DELAY_MS));
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const w = window as unknown as { __latencies: number[]; __slowEvents: number[] };
    return { latencies: w.__latencies, slow: w.__slowEvents };
  });
}

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};

async function startProfile(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  return async () =>
    (await cdp.send("Profiler.stop")).profile as {
      nodes: ProfileNode[];
      startTime: number;
      endTime: number;
      samples: number[];
    };
}

/** Self time by function, the top 15: what a keystroke costs the page's main thread beyond idling. */
async function printProfile(profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] }) {
  const perSample = (profile.endTime - profile.startTime) / 1000 / profile.samples.length;
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber}`;
    byName.set(name, (byName.get(name) ?? 0) + (node.hitCount ?? 0) * perSample);
  }
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  console.log(`
CPU profile of the first open round (${total.toFixed(0)} ms sampled), self time:`);
  for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
}

function summary(values: number[]) {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
}

async function main() {
  let server: BenchServer | null = null;
  let base = process.env.BENCH_URL;
  let adminToken = process.env.BENCH_ADMIN_TOKEN;
  if (base) {
    if (!adminToken) throw new Error("BENCH_URL needs BENCH_ADMIN_TOKEN, an admin API token");
  } else {
    const url = await benchDatabaseUrl("exemplar_bench_editor");
    await recreateBenchDatabase(url);
    const db = await connect(url);
    adminToken = (await createBenchProject(db, "bench-editor-setup")).token;
    await db.end();
    server = await startServer(appDir(), url);
    base = server.url;
  }
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const { slug, labeler } = await setUp(base, adminToken);
    const page = await browser.newPage({ baseURL: base, viewport: { width: 1280, height: 720 } });
    await signIn(page, labeler.email, labeler.password);
    await page.addInitScript(instrument);
    await page.goto(`/work/${slug}`);
    const editor = page.getByLabel("Your response");
    await editor.waitFor();
    await page.waitForLoadState("networkidle");

    const filled = conversation().map((m) => ({ role: m.role, content: m.content ?? "" }));
    const tokens = protocolBlocks(filled).reduce((sum, block) => sum + tokenizeText(o200k, block).count, 0);
    console.log(`conversation: ${filled.length} messages, ${tokens.toLocaleString("en")} o200k_base tokens in ChatML`);
    console.log(
      `machine: ${cpus().length} CPU, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}; ${CHARS} characters per mode, ${DELAY_MS} ms apart`,
    );

    const toggle = page.getByRole("button", { name: "Protocol view" });
    const results = {
      closed: { latencies: [] as number[], slow: [] as number[] },
      open: { latencies: [] as number[], slow: [] as number[] },
    };
    let typed = 0;
    let openedInMs = 0;
    for (let round = 0; round < ROUNDS * 2; round++) {
      const mode = round % 2 === 0 ? "closed" : "open";
      const pressed = (await toggle.getAttribute("aria-pressed")) === "true";
      if ((mode === "open") !== pressed) {
        const started = Date.now();
        await toggle.click();
        if (mode === "open") {
          await page.locator("[data-current=true]").waitFor();
          if (!openedInMs) {
            openedInMs = Date.now() - started;
            console.log(
              // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, as shown
              `protocol view: ${(await page.getByText(/tokens in total/).innerText()).trim()}, all shown ${openedInMs} ms after the click`,
            );
          }
        }
      }
      await editor.focus();
      await page.keyboard.press("Control+End");
      const chars = Math.ceil(CHARS / ROUNDS);
      const profiling = process.env.BENCH_PROFILE === "1" && round === 1;
      const profiler = profiling ? await startProfile(page) : null;
      const got = await typeRound(page, chars, typed);
      if (profiler) await printProfile(await profiler());
      typed += chars;
      results[mode].latencies.push(...got.latencies);
      results[mode].slow.push(...got.slow);
    }

    console.log("\nkeystroke → next frame painted, ms");
    console.log("mode                   keys    p50    p95    max   Event Timing: events > 16 ms (> 50 ms)");
    const lines: Record<string, ReturnType<typeof summary>> = {};
    for (const mode of ["closed", "open"] as const) {
      const s = (lines[mode] = summary(results[mode].latencies));
      const slow = results[mode].slow;
      console.log(
        `protocol view ${mode.padEnd(7)} ${String(s.n).padStart(5)} ${s.p50.toFixed(1).padStart(6)} ${s.p95.toFixed(1).padStart(6)} ${s.max.toFixed(1).padStart(6)}   ${slow.length} (${slow.filter((d) => d > TARGET_MS).length})`,
      );
    }
    const ratio = (k: "p50" | "p95" | "max") => (lines.open![k] / lines.closed![k]).toFixed(2);
    console.log(`open / closed: p50 ×${ratio("p50")}, p95 ×${ratio("p95")}, max ×${ratio("max")}`);
    console.log(
      `p95 with the protocol view open ${lines.open!.p95 <= TARGET_MS ? "meets" : "MISSES"} the ${TARGET_MS} ms target`,
    );
    console.log(
      `load average at end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    await browser.close();
    await server?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
