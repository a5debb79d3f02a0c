import { afterEach, describe, expect, it, vi } from "vitest";
import { decode, encode, getToken } from "next-auth/jwt";
import { decodeSessionToken, rememberedSessionTokens } from "@/lib/auth/session-token";

const SECRET = "a-session-secret-of-at-least-thirty-two-characters";
const claims = { sub: "u1", uid: "2888a6e5-5879-47a8-8d74-24043c4d48a1", sv: 1, role: "labeler" as const };

/** Opens a cookie value the way the app does: next-auth's getToken with the remembering decode. */
const open = (value: string, secret = SECRET) =>
  getToken({
    req: { cookies: { "next-auth.session-token": value }, headers: {} } as never,
    secret,
    decode: decodeSessionToken,
  });

afterEach(() => {
  vi.useRealTimers();
});

describe("opening the session cookie, remembered per cookie value", () => {
  it("opens a cookie to its claims once, and remembers them for the next request", async () => {
    const value = await encode({ token: claims, secret: SECRET });
    const before = rememberedSessionTokens();
    expect(await open(value)).toMatchObject(claims);
    expect(rememberedSessionTokens()).toBe(before + 1);
    expect(await open(value)).toMatchObject(claims);
    expect(rememberedSessionTokens()).toBe(before + 1);
  });

  it("does not keep a session alive past its expiry once it has been opened", async () => {
    const value = await encode({ token: claims, secret: SECRET, maxAge: 60 });
    expect(await open(value)).toMatchObject(claims);
    vi.useFakeTimers({ toFake: ["Date"] });
    // Within jose's 15 s of tolerance past the expiry it still opens, as next-auth's own decode does…
    vi.setSystemTime(Date.now() + 70_000);
    await expect(decode({ token: value, secret: SECRET })).resolves.toMatchObject(claims);
    expect(await open(value)).toMatchObject(claims);
    // …and not after, when next-auth's does not either.
    vi.setSystemTime(Date.now() + 10_000);
    await expect(decode({ token: value, secret: SECRET })).rejects.toThrow();
    expect(await open(value)).toBeNull();
    expect(await open(value)).toBeNull();
  });

  it("does not open a remembered cookie under another secret", async () => {
    const value = await encode({ token: claims, secret: SECRET });
    expect(await open(value)).toMatchObject(claims);
    expect(await open(value, `${SECRET}-rotated`)).toBeNull();
  });

  it("does not open a cookie changed by one character, nor remember it", async () => {
    const value = await encode({ token: claims, secret: SECRET });
    expect(await open(value)).toMatchObject(claims);
    const remembered = rememberedSessionTokens();
    const at = value.length - 5;
    const changed = `${value.slice(0, at)}${value[at] === "A" ? "B" : "A"}${value.slice(at + 1)}`;
    expect(await open(changed)).toBeNull();
    expect(rememberedSessionTokens()).toBe(remembered);
  });
});
