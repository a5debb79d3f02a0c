"use client";

import { useState } from "react";
import { getCsrfToken } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signInWithPassword(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
    setPending(false);
    if (result !== "ok") {
      setError(result);
      return;
    }
    const next = params.get("callbackUrl");
    router.replace(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
    router.refresh();
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
 * reading a 429 too (signIn cannot: it expects `{url}` in every answer). Returns "ok" or the message to show.
 */
async function signInWithPassword(email: string, password: string): Promise<"ok" | string> {
  try {
    const csrfToken = (await getCsrfToken()) ?? "";
    const res = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: window.location.href, json: "true" }),
    });
    const data = (await res.json().catch(() => null)) as { url?: string; error?: { message?: string } } | null;
    if (res.status === 429) {
      return data?.error?.message ?? `Too many failed sign-ins. Try again in ${res.headers.get("Retry-After") ?? "a few"} seconds.`;
    }
    if (res.ok && data?.url && !new URL(data.url, window.location.href).searchParams.get("error")) return "ok";
    if (res.ok || res.status === 401) {
      // One message for an unknown email and a wrong password: no account enumeration.
      return "The email or password is not right.";
    }
    return data?.error?.message ?? "Signing in failed; try again shortly.";
  } catch {
    return "Signing in failed; check your connection and try again.";
  }
}
