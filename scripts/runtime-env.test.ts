import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ensureEncryptionKey,
  ensureSessionSecret,
  existingEncryptionKey,
  PROCESS_NODE_OPTIONS,
  processDefaults,
  productionWarnings,
  runtimeEnv,
  v8PoolSize,
} from "./runtime-env.mjs";

const LONG = "x".repeat(32);
const secretFile = () => path.join(mkdtempSync(path.join(tmpdir(), "exemplar-secret-")), "nextauth-secret");

afterEach(() => vi.restoreAllMocks());

describe("the session secret at start", () => {
  it("refuses a secret file shorter than 32 characters, as it refuses the variable", () => {
    const file = secretFile();
    writeFileSync(file, "short\n");
    expect(() => ensureSessionSecret({}, file)).toThrow(/at least 32 characters/);
    expect(() => ensureSessionSecret({ NEXTAUTH_SECRET: "short" }, file)).toThrow(/at least 32 characters/);
  });

  it("uses a long enough file, and generates one when there is none", () => {
    const file = secretFile();
    const generated = ensureSessionSecret({}, file);
    expect(generated.secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, "utf8").trim()).toBe(generated.secret);
    expect(ensureSessionSecret({}, file).secret).toBe(generated.secret);
    expect(ensureSessionSecret({ NEXTAUTH_SECRET: LONG }, file).secret).toBe(LONG);
  });
});

describe("the encryption key at start", () => {
  it("is generated into a file of its own, kept, and checked like the session secret", () => {
    const sessionFile = secretFile();
    const keyFile = path.join(path.dirname(sessionFile), "encryption-key");
    const session = ensureSessionSecret({}, sessionFile);
    const key = ensureEncryptionKey({}, keyFile);
    expect(key.secret.length).toBeGreaterThanOrEqual(32);
    expect(key.secret).not.toBe(session.secret);
    expect(ensureEncryptionKey({}, keyFile).secret).toBe(key.secret);
    expect(() => ensureEncryptionKey({ EXEMPLAR_ENCRYPTION_KEY: "short" }, keyFile)).toThrow(/at least 32 characters/);
  });
});

describe("the encryption key of a process beside the app (worker, CLI)", () => {
  it("is the app's, from the environment or its file, and never generated", () => {
    const keyFile = path.join(path.dirname(secretFile()), "encryption-key");
    expect(() => existingEncryptionKey({}, keyFile)).toThrow(/Copy the app's key from the machine it runs on/);
    expect(existsSync(keyFile)).toBe(false);
    expect(existingEncryptionKey({ EXEMPLAR_ENCRYPTION_KEY: LONG }, keyFile).secret).toBe(LONG);
    const apps = ensureEncryptionKey({}, keyFile);
    expect(existingEncryptionKey({}, keyFile).secret).toBe(apps.secret);
    expect(() => existingEncryptionKey({ EXEMPLAR_ENCRYPTION_KEY: "short" }, keyFile)).toThrow(/at least 32/);
  });

  it("`npm run worker` on a machine without it stops at start, saying to copy it, and writes no key", async () => {
    const machine = mkdtempSync(path.join(tmpdir(), "exemplar-worker-"));
    const { EXEMPLAR_ENCRYPTION_KEY: _, ...env } = process.env;
    const run = promisify(execFile)(process.execPath, [path.resolve("scripts/start-worker.mjs")], {
      cwd: machine,
      // No database to reach either: the key is the first thing the worker checks.
      env: { ...env, TSX_TSCONFIG_PATH: path.resolve("tsconfig.json"), DATABASE_URL: "postgresql://x@127.0.0.1:1/x" },
      timeout: 20_000,
    });
    const failed = await run.then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/EXEMPLAR_ENCRYPTION_KEY is not set.*Copy the app's key/);
    expect(existsSync(path.join(machine, ".secrets"))).toBe(false);
  });
});

describe("warnings for production", () => {
  it("warns that session cookies are not Secure when NEXTAUTH_URL is not https", () => {
    expect(productionWarnings({ NEXTAUTH_URL: "http://labeling.example.org" })).toEqual([
      expect.stringMatching(/NEXTAUTH_URL is not https.*Secure/),
    ]);
    expect(productionWarnings({ NEXTAUTH_URL: "https://labeling.example.org" })).toEqual([]);
    // A browser on the same machine: no proxy, and localhost counts as a secure origin.
    expect(productionWarnings({ NEXTAUTH_URL: "http://localhost:3000" })).toEqual([]);
    expect(productionWarnings({ NEXTAUTH_URL: "http://127.0.0.1:3000" })).toEqual([]);
  });

  it("are printed when the production server starts, not the dev server", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const env = { NEXTAUTH_SECRET: LONG, EXEMPLAR_ENCRYPTION_KEY: LONG, NEXTAUTH_URL: "http://labeling.example.org" };
    runtimeEnv(env, { mode: "development" });
    expect(warn).not.toHaveBeenCalled();
    runtimeEnv(env);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/NEXTAUTH_URL is not https/));
  });
});

describe("the server process's own settings", () => {
  it("gives the server two malloc arenas, V8's smaller heap settings and fewer helper threads, unless the environment says otherwise", () => {
    expect(processDefaults({ PORT: "3000" })).toEqual({
      PORT: "3000",
      MALLOC_ARENA_MAX: "2",
      NODE_OPTIONS: `--max-semi-space-size=8 --max-old-space-size=1024 --v8-pool-size=${v8PoolSize()}`,
    });
    const own = processDefaults({ MALLOC_ARENA_MAX: "8", NODE_OPTIONS: "--max-old-space-size=4096" });
    expect(own.MALLOC_ARENA_MAX).toBe("8");
    // Node reads NODE_OPTIONS in order and the last setting of a flag wins: the deployment's own.
    expect(own.NODE_OPTIONS).toBe(`${PROCESS_NODE_OPTIONS} --max-old-space-size=4096`);
  });

  it("starts a node whose heap limit is the one given last", async () => {
    const heapLimitMb = async (env: Record<string, string | undefined>) => {
      const script = "console.log(require('v8').getHeapStatistics().heap_size_limit)";
      const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], {
        env: processDefaults(env) as NodeJS.ProcessEnv,
      });
      return Number(stdout) / 2 ** 20;
    };
    expect(await heapLimitMb({})).toBeLessThan(1200);
    expect(await heapLimitMb({ NODE_OPTIONS: "--max-old-space-size=4096" })).toBeGreaterThan(4000);
  });

  it("gives V8 one helper thread per two cores, between one and Node's own four", () => {
    expect([1, 2, 3, 4, 8, 64].map((cores) => v8PoolSize(cores))).toEqual([1, 1, 1, 2, 4, 4]);
  });

  it.runIf(process.platform === "linux")("starts a node with that many of V8's helper threads", async () => {
    // The process's threads, from /proc: V8's helpers are started with the process, the rest do not change.
    const threads = async (env: Record<string, string | undefined>) => {
      const script = "setTimeout(() => console.log(require('fs').readdirSync('/proc/self/task').length), 200)";
      const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { env: env as NodeJS.ProcessEnv });
      return Number(stdout);
    };
    const nodeDefault = await threads({ PATH: process.env.PATH, NODE_OPTIONS: "" });
    // The count sees the helpers at all: one helper is three threads fewer than Node's four, on any machine.
    expect(await threads({ PATH: process.env.PATH, NODE_OPTIONS: "--v8-pool-size=1" })).toBe(nodeDefault - 3);
    const ours = await threads(processDefaults({ PATH: process.env.PATH }));
    expect(ours).toBe(nodeDefault - (4 - v8PoolSize()));
  });
});
