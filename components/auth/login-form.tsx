"use client";

import { useState } from "react";
import { getCsrfToken } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { sameOriginTarget } from "@/lib/auth/callback-url";

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [failedSignIns, setFailedSignIns] = useState(0);

  function goOn() {
    // Only a page of this origin: `/\evil.example` passes a "starts with /" test but opens evil.example.
    router.replace(sameOriginTarget(params.get("callbackUrl"), window.location.origin));
    router.refresh();
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signInWithPassword(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
    setPending(false);
    if (typeof result === "string") {
      setError(result);
      return;
    }
    // Signed in. Wrong passwords tried on the account since the last sign-in are told before going on.
    if (result.failedSignIns > 0) setFailedSignIns(result.failedSignIns);
    else goOn();
  }

  if (failedSignIns > 0) {
    return (
      <div className="stack">
        <p className="alert alert-error" role="alert">
          {failedSignIns === 1 ? "1 failed sign-in attempt" : `${failedSignIns} failed sign-in attempts`} since your
          last sign-in. If that was not you, tell your admin (they can set a new password).
        </p>
        <button className="button button-primary" type="button" onClick={goOn} autoFocus>
          Continue
        </button>
      </div>
    );
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <div aria-live="polite">{error && <p className="alert alert-error">{error}</p>}</div>
      <button className="button button-primary" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

/**
 * next-auth's credentials callback, called as `signIn("credentials", {redirect: false})` does, but
 * reading a 429 too (signIn cannot: it expects `{url}` in every answer) and the count of failed
 * sign-ins the route adds to a success. Returns that count when signed in, or the message to show.
 */
async function signInWithPassword(email: string, password: string): Promise<{ failedSignIns: number } | string> {
  try {
    const csrfToken = (await getCsrfToken()) ?? "";
    const res = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: window.location.href, json: "true" }),
    });
    const data = (await res.json().catch(() => null)) as {
      url?: string;
      failedSignIns?: number;
      error?: { message?: string };
    } | null;
    if (res.status === 429) {
      return (
        data?.error?.message ??
        `Too many failed sign-ins. Try again in ${res.headers.get("Retry-After") ?? "a few"} seconds.`
      );
    }
    if (res.ok && data?.url && !new URL(data.url, window.location.href).searchParams.get("error")) {
      return { failedSignIns: data.failedSignIns ?? 0 };
    }
    if (res.ok || res.status === 401) {
      // One message for an unknown email and a wrong password: no account enumeration.
      return "The email or password is not right.";
    }
    return data?.error?.message ?? "Signing in failed; try again shortly.";
  } catch {
    return "Signing in failed; check your connection and try again.";
  }
}
